import type { Envelope } from '../../core/api/contract';
import type { UploadedFile } from '../../core/api/files-contract';

/**
 * The contract between the preload and the renderer, shared by main (channel names), preload
 * (implementation) and renderer (types). Plain data and types only: no electron, no Node, no DOM.
 */
export const CHANNELS = {
  version: 'lab:version',
  /** invoke(method, params) → Envelope: one LabApi request. */
  call: 'lab:call',
  /** main → renderer (event name, payload): LabEvents pushes. */
  event: 'lab:event',
  /** main → renderer (command): menu actions the UI carries out, e.g. 'view:explore'. */
  command: 'lab:command',
  /** A dropped file's bytes into the workspace's inbox: begin(name) → id, chunk(id, bytes), end(id) → UploadedFile, abort(id). */
  uploadBegin: 'lab:upload-begin',
  uploadChunk: 'lab:upload-chunk',
  uploadEnd: 'lab:upload-end',
  uploadAbort: 'lab:upload-abort',
} as const;

/** What the preload exposes to the renderer as `window.servolab`: LabApi and LabEvents only. */
export interface PreloadBridge {
  version(): Promise<string>;
  call(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  onCommand(listener: (command: string) => void): () => void;
  /** Bytes of a file dropped on the window (the renderer never learns or sends a path). */
  upload: {
    begin(name: string): Promise<Envelope<string>>;
    chunk(id: string, bytes: Uint8Array): Promise<Envelope<null>>;
    end(id: string): Promise<Envelope<UploadedFile>>;
    abort(id: string): Promise<void>;
  };
}

/** The command File → Import File… sends: the staged files' references, never their paths. */
const IMPORT_PREFIX = 'import:';

export function importCommand(files: readonly UploadedFile[]): string {
  return IMPORT_PREFIX + JSON.stringify(files);
}

/** The files of an import command, or null for any other command (or a malformed one). */
export function parseImportCommand(command: string): UploadedFile[] | null {
  if (!command.startsWith(IMPORT_PREFIX)) return null;
  try {
    const files: unknown = JSON.parse(command.slice(IMPORT_PREFIX.length));
    if (!Array.isArray(files)) return null;
    return files.filter((f): f is UploadedFile => typeof f === 'object' && f !== null && typeof f.file === 'string' && typeof f.name === 'string' && typeof f.bytes === 'number');
  } catch {
    return null;
  }
}
