import type { Envelope } from '../../core/api/contract';
import type { FileInbox } from '../../core/api/file-inbox';
import type { UploadedFile } from '../../core/api/files-contract';
import { Lab, type LabSession } from '../../core/api/lab';
import type { LabLog } from '../../core/log/lab-log';
import { toErrorEnvelope } from '../../core/model';

/** Where a session's pushes go: one renderer's web contents. */
export interface EventTarget {
  id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
}

/**
 * Holds the open workspace for the desktop app and one LabSession per renderer. Main stays thin:
 * every request goes to core's Lab, which validates it; errors return as envelopes.
 */
export class LabHost {
  private lab: Lab | null = null;
  private readonly sessions = new Map<number, LabSession>();
  /** The app's structured log, handed to every Lab this host opens. */
  log: LabLog | null = null;

  /** `switchWorkspace` lets a Lab open another workspace in this app (a demo opened from the page). */
  constructor(
    private readonly eventChannel: string,
    private readonly switchWorkspace?: (path: string) => void,
  ) {}

  /** The open workspace's Lab (metrics follow it). */
  get current(): Lab | null {
    return this.lab;
  }

  get path(): string | null {
    return this.lab?.ws.path ?? null;
  }

  /** Opens `path` (creating it when new); the previous workspace closes only once this one opened. */
  async open(path: string): Promise<void> {
    const next = await Lab.open(path, this.log ? { log: this.log } : {});
    if (this.switchWorkspace) next.workspaceOpener = this.switchWorkspace;
    const previous = this.lab;
    this.lab = next;
    this.sessions.clear();
    await previous?.close();
  }

  async call(target: EventTarget, method: string, params: unknown): Promise<Envelope<unknown>> {
    try {
      if (!this.lab) throw new Error('no workspace is open');
      return { ok: true, value: await this.session(target).call(method, params) };
    } catch (e) {
      return { ok: false, error: toErrorEnvelope(e) };
    }
  }

  /** The open workspace's inbox, where dropped files' bytes go (uploads.ts). */
  get inbox(): FileInbox {
    if (!this.lab) throw new Error('no workspace is open');
    return this.lab.inbox;
  }

  /** Paths the user chose in File → Import File… go into the workspace's inbox; the page gets references only. */
  stage(paths: readonly string[]): UploadedFile[] {
    if (!this.lab) throw new Error('no workspace is open');
    const inbox = this.lab.inbox;
    return paths.map((path) => {
      const { file, name, bytes } = inbox.stage(path);
      return { file, name, bytes };
    });
  }

  async close(): Promise<void> {
    const lab = this.lab;
    this.lab = null;
    this.sessions.clear();
    await lab?.close();
  }

  private session(target: EventTarget): LabSession {
    const existing = this.sessions.get(target.id);
    if (existing) return existing;
    const lab = this.lab!;
    const session = lab.session((event, payload) => {
      if (!target.isDestroyed()) target.send(this.eventChannel, event, payload);
    });
    this.sessions.set(target.id, session);
    target.once('destroyed', () => {
      lab.detach(session);
      this.sessions.delete(target.id);
    });
    return session;
  }
}
