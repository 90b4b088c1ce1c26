import type { Envelope } from '../../core/api/contract';

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
} as const;

/** What the preload exposes to the renderer as `window.servolab`: LabApi and LabEvents only. */
export interface PreloadBridge {
  version(): Promise<string>;
  call(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  onCommand(listener: (command: string) => void): () => void;
}
