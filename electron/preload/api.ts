/** What the preload exposes to the renderer as `window.servolab`. Types only. */
export interface PreloadApi {
  version(): Promise<string>;
}
