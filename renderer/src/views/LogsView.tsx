import { useEffect, useState } from 'react';
import { LOG_COMPONENTS, LOG_LEVELS, type LogComponent, type LogEntry, type LogLevel } from '../../../core/log/log-types';
import { useLab } from '../api/context';
import { useApp } from '../stores/app';

const REFRESH_MS = 2000;

/** The log panel: the app's newest structured log entries, filtered by level and component. */
export function LogsView() {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const [level, setLevel] = useState<LogLevel>('info');
  const [component, setComponent] = useState<LogComponent | ''>('');
  const [following, setFollowing] = useState(true);
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [file, setFile] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      lab.logsList({ level, limit: 500, ...(component ? { component } : {}) }).then((r) => {
        if (!live) return;
        setEntries(r.entries);
        setFile(r.file);
      }, fail);
    void load();
    const timer = following ? setInterval(load, REFRESH_MS) : null;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [lab, fail, level, component, following]);
  return (
    <section className="logs" aria-label="Logs">
      <form className="window-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          Level{' '}
          <select aria-label="Log level" value={level} onChange={(e) => setLevel(e.target.value as LogLevel)}>
            {LOG_LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          Component{' '}
          <select aria-label="Log component" value={component} onChange={(e) => setComponent(e.target.value as LogComponent | '')}>
            <option value="">all</option>
            {LOG_COMPONENTS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          <input type="checkbox" aria-label="Follow" checked={following} onChange={(e) => setFollowing(e.target.checked)} /> follow
        </label>
        <span className="muted">{file ? `written to ${file}` : 'kept in memory only (no log folder)'}</span>
      </form>
      <table className="grid" aria-label="Log entries">
        <thead>
          <tr>
            <th>time</th>
            <th>level</th>
            <th>component</th>
            <th>message</th>
            <th>detail</th>
          </tr>
        </thead>
        <tbody>
          {[...entries].reverse().map((e, i) => (
            <tr key={`${e.time}-${i}`} className={`log-${e.level}`}>
              <td>{new Date(e.time).toISOString().slice(11, 23)}</td>
              <td>{e.level}</td>
              <td>{e.component}</td>
              <td>{e.msg}</td>
              <td>
                <code>{Object.keys(e.detail).length ? JSON.stringify(e.detail).slice(0, 300) : ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
