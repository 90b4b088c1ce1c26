import { useApp } from '../stores/app';
import { useLive } from '../stores/live';

export function StatusBar() {
  const info = useApp((s) => s.info);
  const status = useLive((s) => s.status);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span title="workspace">{info?.path ?? '…'}</span>
      <span data-testid="rows-stored">{(info?.readings ?? 0).toLocaleString()} readings</span>
      <span>{status?.running ? `live ${status.rate.toLocaleString()}/s` : 'idle'}</span>
      {status?.lastError && <span className="error">{status.lastError}</span>}
    </footer>
  );
}
