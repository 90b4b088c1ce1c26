import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useLab } from '../api/context';
import { useApp } from '../stores/app';
import { useSources } from '../stores/sources';

/** Sources → HTTP: the opt-in push listener for phones (Sensor Logger) and REST producers. */
export function HttpPanel() {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const { httpForm: form, httpStatus: status, setHttpForm, setHttpStatus } = useSources();
  const [busy, setBusy] = useState(false);
  const port = Number(form.port);
  const portError = Number.isInteger(port) && port >= 0 && port <= 65_535 ? null : 'a port is 0 (any free one) to 65535';
  const running = status?.running === true;
  const act = (run: () => Promise<void>) => {
    setBusy(true);
    run()
      .catch(fail)
      .finally(() => setBusy(false));
  };
  return (
    <section className="source-panel" aria-label="HTTP push">
      <h2>HTTP push</h2>
      <p className="hint">
        Off until you start it. Phones (Sensor Logger: Settings → Data streaming → HTTP push) and scripts post readings here; every request needs the token.
      </p>
      <form className="source-form" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label>
            <input type="checkbox" aria-label="Reachable from the LAN" checked={form.lan} disabled={running} onChange={(e) => setHttpForm({ lan: e.target.checked })} /> reachable from the
            local network (0.0.0.0)
          </label>
          {form.lan && <span className="badge warn">anyone on this network who has the token can push data</span>}
        </div>
        <div className="field">
          <span className="field-label">Port</span> <input aria-label="Port" size={6} value={form.port} disabled={running} onChange={(e) => setHttpForm({ port: e.target.value })} />
          {portError && (
            <span className="field-error" role="alert">
              {portError}
            </span>
          )}
        </div>
        <div className="source-actions">
          {running ? (
            <button type="button" disabled={busy} onClick={() => act(async () => setHttpStatus(await lab.httpStop({})))}>
              Stop listening
            </button>
          ) : (
            <button type="button" disabled={busy || portError !== null} onClick={() => act(async () => setHttpStatus(await lab.httpStart({ host: form.lan ? '0.0.0.0' : '127.0.0.1', port })))}>
              Start listening
            </button>
          )}
        </div>
      </form>
      {status && <HttpStatusView status={status} />}
    </section>
  );
}

function HttpStatusView({ status }: { status: NonNullable<ReturnType<typeof useSources.getState>['httpStatus']> }) {
  const qr = useQrCode(status.pushUrl);
  return (
    <div aria-label="HTTP status">
      <p>
        <span className={`badge ${status.running ? 'ok' : ''}`}>{status.running ? 'listening' : 'stopped'}</span> {status.requests ?? 0} pushes, {status.stored ?? 0} readings stored,{' '}
        {status.quarantined ?? 0} quarantined, {status.refused ?? 0} refused; turned away: {status.unauthorized ?? 0} without token, {status.tooLarge ?? 0} too large, {status.limited ?? 0} over the
        rate
      </p>
      {status.running && status.url && (
        <div className="http-endpoints">
          <dl>
            <dt>URL</dt>
            <dd>
              <code aria-label="Listener URL">{status.url}</code>
            </dd>
            <dt>Token</dt>
            <dd>
              <code aria-label="Token">{status.token}</code>
            </dd>
            <dt>Sensor Logger push URL</dt>
            <dd>
              <code aria-label="Push URL">{status.pushUrl}</code>
            </dd>
            <dt>Try it</dt>
            <dd>
              <code>
                curl -H &apos;Authorization: Bearer {status.token}&apos; -d &apos;{'{'}&quot;machine_id&quot;:&quot;M-1&quot;,&quot;temperature&quot;:70{'}'}&apos; {status.url}/sensor
              </code>
            </dd>
          </dl>
          {qr && <img className="qr" src={qr} alt="QR code of the push URL" width={160} height={160} />}
        </div>
      )}
    </div>
  );
}

/** An SVG QR code of `text` as a data URL (the CSP allows data: images; no canvas needed). */
function useQrCode(text: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (!text) setUrl(null);
    else
      void QRCode.toString(text, { type: 'svg', margin: 1 }).then(
        (svg) => live && setUrl(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
        () => live && setUrl(null),
      );
    return () => {
      live = false;
    };
  }, [text]);
  return url;
}
