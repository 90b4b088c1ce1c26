import { useState } from 'react';
import type { KafkaStatus } from '../../../core/api/kafka-contract';
import { FORMATS, MAP_FORMAT } from '../../../core/ingest/kafka/format-names';
import { useLab } from '../api/context';
import { useApp } from '../stores/app';
import { firstTopic, kafkaConnection, kafkaFormat, kafkaFormErrors, kafkaStartRequest, useSources, type KafkaForm } from '../stores/sources';

/** Sources → Kafka: connection, test, preview, start/stop, and the running consumer's status. */
export function KafkaPanel() {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const { kafkaForm: form, kafkaStatus: status, kafkaTest: tested, kafkaPreview: preview, setKafkaForm, setKafka } = useSources();
  const [busy, setBusy] = useState<string | null>(null);
  const errors = kafkaFormErrors(form);
  const invalid = Object.keys(errors).length > 0;
  const running = status?.running === true;
  const act = (what: string, run: () => Promise<void>) => {
    setBusy(what);
    run()
      .catch(fail)
      .finally(() => setBusy(null));
  };
  const topic = firstTopic(form);
  return (
    <section className="source-panel" aria-label="Kafka">
      <h2>Kafka</h2>
      <form className="source-form" onSubmit={(e) => e.preventDefault()}>
        <Field label="Brokers" error={errors.brokers}>
          <input aria-label="Brokers" size={36} value={form.brokers} disabled={running} onChange={(e) => setKafkaForm({ brokers: e.target.value })} />
        </Field>
        <Field label="Topics" error={errors.topics}>
          <input aria-label="Topics" size={24} value={form.topics} disabled={running} onChange={(e) => setKafkaForm({ topics: e.target.value })} />
          <label>
            <input type="checkbox" aria-label="Topics as regex" checked={form.regex} disabled={running} onChange={(e) => setKafkaForm({ regex: e.target.checked })} /> regex
          </label>
        </Field>
        <Field label="Group" error={errors.groupId}>
          <input aria-label="Group" size={16} value={form.groupId} disabled={running} onChange={(e) => setKafkaForm({ groupId: e.target.value })} />
        </Field>
        <Field label="Format">
          <select aria-label="Format" value={form.format} disabled={running} onChange={(e) => setKafkaForm({ format: e.target.value as KafkaForm['format'] })}>
            {FORMATS.map((f) => (
              <option key={f}>{f}</option>
            ))}
            <option value={MAP_FORMAT}>map (my field paths)</option>
          </select>
          <select aria-label="Start from" value={form.from} disabled={running} onChange={(e) => setKafkaForm({ from: e.target.value as 'earliest' | 'latest' })}>
            <option value="earliest">earliest</option>
            <option value="latest">latest</option>
          </select>
        </Field>
        {form.format === MAP_FORMAT && (
          <Field label="Mapping" error={errors.mapping}>
            <textarea
              aria-label="Field mapping"
              rows={6}
              cols={60}
              spellCheck={false}
              value={form.mapping}
              disabled={running}
              onChange={(e) => setKafkaForm({ mapping: e.target.value })}
            />
            <span className="hint">dot paths into each message: time (+ timeUnit), machine or machineConst, values {'{'}sensor: path{'}'} or sensor + value</span>
          </Field>
        )}
        <Field label="Security" error={errors.username}>
          <label>
            <input type="checkbox" aria-label="TLS" checked={form.ssl} disabled={running} onChange={(e) => setKafkaForm({ ssl: e.target.checked })} /> TLS
          </label>
          {form.ssl && (
            <label>
              <input type="checkbox" aria-label="Verify certificates" checked={form.verify} disabled={running} onChange={(e) => setKafkaForm({ verify: e.target.checked })} /> verify
            </label>
          )}
          <select aria-label="SASL" value={form.sasl} disabled={running} onChange={(e) => setKafkaForm({ sasl: e.target.value as typeof form.sasl })}>
            <option value="">no SASL</option>
            <option value="plain">PLAIN</option>
            <option value="scram-sha-256">SCRAM-SHA-256</option>
            <option value="scram-sha-512">SCRAM-SHA-512</option>
          </select>
          {form.sasl && (
            <>
              <input aria-label="User" placeholder="user" size={12} value={form.username} disabled={running} onChange={(e) => setKafkaForm({ username: e.target.value })} />
              <input aria-label="Password" type="password" placeholder="password" size={12} value={form.password} disabled={running} onChange={(e) => setKafkaForm({ password: e.target.value })} />
            </>
          )}
        </Field>
        <div className="source-actions">
          <button type="button" disabled={invalid || busy !== null} onClick={() => act('test', async () => setKafka({ kafkaTest: await lab.kafkaTest({ connection: kafkaConnection(form) }) }))}>
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          <button
            type="button"
            disabled={invalid || busy !== null || topic === null}
            title={topic === null ? 'preview reads one named topic' : undefined}
            onClick={() => act('preview', async () => setKafka({ kafkaPreview: await lab.kafkaPreview({ connection: kafkaConnection(form), topic: topic!, ...kafkaFormat(form) }) }))}
          >
            {busy === 'preview' ? 'Reading…' : 'Preview'}
          </button>
          {running ? (
            <button type="button" disabled={busy !== null} onClick={() => act('stop', async () => setKafka({ kafkaStatus: await lab.kafkaStop({}) }))}>
              Stop consuming
            </button>
          ) : (
            <button type="button" disabled={invalid || busy !== null} onClick={() => act('start', async () => setKafka({ kafkaStatus: await lab.kafkaStart(kafkaStartRequest(form)) }))}>
              {busy === 'start' ? 'Joining…' : 'Start consuming'}
            </button>
          )}
        </div>
      </form>
      {tested && (
        <p aria-label="Connection test">
          {tested.brokers.length} brokers reachable; topics: {tested.topics.map((t) => `${t.name} (${t.partitions})`).join(', ') || 'none'}
        </p>
      )}
      {preview && <KafkaPreviewTable preview={preview} />}
      {status && <KafkaStatusView status={status} />}
    </section>
  );
}

function Field({ label, error, children }: { label: string; error?: string | undefined; children: React.ReactNode }) {
  return (
    <div className="field">
      <span className="field-label">{label}</span> {children}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function KafkaPreviewTable({ preview }: { preview: NonNullable<ReturnType<typeof useSources.getState>['kafkaPreview']> }) {
  return (
    <div aria-label="Kafka preview">
      <p>
        {preview.messages} messages of {preview.topic} as {preview.format}: {preview.rows.length} readings, {preview.rejected.length} would be quarantined
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>partition@offset</th>
            <th>time</th>
            <th>machine</th>
            <th>sensor</th>
            <th>value</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.slice(0, 50).map((r, i) => (
            <tr key={i}>
              <td>
                {r.partition}@{r.offset}
              </td>
              <td>{new Date(r.ts).toISOString()}</td>
              <td>{r.machine}</td>
              <td>{r.sensor}</td>
              <td>{r.value}</td>
            </tr>
          ))}
          {preview.rejected.slice(0, 20).map((r) => (
            <tr key={r.location} className="rejected">
              <td>{r.location}</td>
              <td colSpan={4}>
                {r.reason}: <code>{r.raw.slice(0, 120)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Badge colour of each consumer state: an outage or a pending reconnect stands out. */
const STATE_BADGE: Record<KafkaStatus['state'], string> = { stopped: '', joining: '', consuming: 'ok', unreachable: 'error', reconnecting: 'error' };

function KafkaStatusView({ status }: { status: NonNullable<ReturnType<typeof useSources.getState>['kafkaStatus']> }) {
  return (
    <div aria-label="Kafka status">
      <p>
        <span className={`badge ${STATE_BADGE[status.state]}`}>{status.state === 'unreachable' && status.silentMs !== null ? `brokers silent ${Math.round(status.silentMs / 1000)} s` : status.state}</span> {status.messages} messages, {status.stored} readings stored,{' '}
        {status.quarantined} quarantined, {status.rate} msg/s{status.restarts > 0 ? `, ${status.restarts} restarts` : ''}
        {status.lastError && <span className="badge error">{status.lastError}</span>}
      </p>
      {status.partitions.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>topic</th>
              <th>partition</th>
              <th>position</th>
              <th>high watermark</th>
              <th>lag</th>
            </tr>
          </thead>
          <tbody>
            {status.partitions.map((p) => (
              <tr key={`${p.topic}/${p.partition}`}>
                <td>{p.topic}</td>
                <td>{p.partition}</td>
                <td>{p.position}</td>
                <td>{p.highWatermark ?? '–'}</td>
                <td>{p.lag ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
