import { useEffect, useState } from 'react';
import type { PreloadApi } from '../../electron/preload/api';

declare global {
  interface Window {
    servolab?: PreloadApi;
  }
}

/** The shell of the UI; views arrive with the desktop issue. */
export function App() {
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => {
    window.servolab?.version().then(setVersion, () => setVersion(null));
  }, []);
  return (
    <main className="app">
      <h1>ServoLab</h1>
      <p>Machine-sensor lab bench: simulate, ingest, store, segment, model, plot.</p>
      <p className="muted">{window.servolab ? `desktop app ${version ?? ''}` : 'browser mode'}</p>
    </main>
  );
}
