import { useEffect, useState } from 'react';
import type { DemoOpened, DemoProgress, DemoSummary } from '../../../core/api/demo-contract';
import { useLab } from '../api/context';
import { useApp } from '../stores/app';

/**
 * Teaching demos: the first-run screen of an empty workspace and Help → Demos. Opening one builds
 * its own new workspace (the user's data is never touched); the app then switches to it.
 */
export function DemosPanel({ welcome, onClose }: { welcome: boolean; onClose: () => void }) {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const [demos, setDemos] = useState<DemoSummary[] | null>(null);
  const [progress, setProgress] = useState<DemoProgress | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const [opened, setOpened] = useState<DemoOpened | null>(null);
  useEffect(() => {
    lab.demosList({}).then((r) => setDemos(r.demos), fail);
    return lab.on('demoProgress', setProgress);
  }, [lab, fail]);
  const open = (id: string) => {
    setOpening(id);
    setProgress(null);
    lab
      .demoOpen({ id })
      .then(setOpened, fail)
      .finally(() => setOpening(null));
  };
  return (
    <section className="demos" role="dialog" aria-label={welcome ? 'Welcome' : 'Demos'}>
      <header>
        <h2>{welcome ? 'Welcome to ServoLab' : 'Teaching demos'}</h2>
        <button onClick={onClose} disabled={opening !== null}>
          {welcome ? 'Not now' : 'Close'}
        </button>
      </header>
      {welcome && <p>This workspace is empty. Start a simulation on the Live tab, import a file, connect a source — or open a demo: it builds a workspace of its own and says what to look at.</p>}
      {opened ? (
        <p role="status">
          {opened.switching ? (
            <>Opening the demo workspace “{opened.title}”…</>
          ) : (
            <>
              “{opened.title}” is ready in <code>{opened.db}</code>; open it with <code>servolab serve --db {opened.db}</code>.
            </>
          )}
        </p>
      ) : (
        <ul className="demo-list">
          {(demos ?? []).map((d) => (
            <li key={d.id}>
              <h3>{d.title}</h3>
              <p>{d.lesson}</p>
              <p className="hint">
                {d.steps} steps · views: {d.views.join(', ')}
                {d.attribution ? ` · data: ${d.attribution}` : ''}
              </p>
              <button aria-label={`Open demo ${d.title}`} disabled={opening !== null} onClick={() => open(d.id)}>
                {opening === d.id ? (progress && progress.id === d.id ? `Step ${progress.step}/${progress.of}: ${progress.say.slice(0, 60)}…` : 'Building…') : 'Open demo'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
