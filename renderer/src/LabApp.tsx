import { useEffect, useMemo, useState } from 'react';
import { parseImportCommand } from '../../electron/shared/bridge';
import { LabClientContext } from './api/context';
import { createLabClient, type LabClient } from './api/client';
import { useApp, type View } from './stores/app';
import { useCycles } from './stores/cycles';
import { useImport } from './stores/importer';
import { useLive } from './stores/live';
import { CyclesView } from './views/CyclesView';
import { DemosPanel } from './views/DemosPanel';
import { LessonBar } from './views/LessonBar';
import { ExploreView } from './views/ExploreView';
import { useWindowFileDrop } from './views/file-drop';
import { ImportView } from './views/ImportView';
import { LogsView } from './views/LogsView';
import { SourcesView } from './views/SourcesView';
import { SqlView } from './views/SqlView';
import { WindowsView } from './views/WindowsView';
import { LiveView } from './views/LiveView';
import { ModelsView } from './views/ModelsView';
import { StatusBar } from './views/StatusBar';

const INFO_REFRESH_MS = 2000;
/** Remembered once the user dismissed the first-run screen (it then opens only from Help → Demos). */
const WELCOME_DISMISSED = 'servolab.welcomeDismissed';

function welcomeDismissed(): boolean {
  try {
    return localStorage.getItem(WELCOME_DISMISSED) === '1';
  } catch {
    return false;
  }
}

/** The whole UI; the same for the desktop app and browser mode — only the client differs. */
export function LabApp({ client }: { client?: LabClient }) {
  const lab = useMemo(() => client ?? createLabClient(), [client]);
  const { view, setView, info, setInfo, error, dismissError, fail } = useApp();
  const [demos, setDemos] = useState<'welcome' | 'menu' | null>(null);
  const receive = useLive((s) => s.receive);
  const setStatus = useLive((s) => s.setStatus);
  const receiveCycles = useCycles((s) => s.receiveLive);
  useWindowFileDrop(lab);

  useEffect(() => {
    // Frames keep filling the rings while the view is paused: following live again shows no gap.
    const offLive = lab.on('live', receive);
    const offStatus = lab.on('status', setStatus);
    const offError = lab.on('error', (e) => fail(e.message));
    // Live cycles are listed whichever view is open, like live frames.
    const offCycles = lab.on('cycles', receiveCycles);
    const refresh = () => lab.workspaceInfo({}).then(setInfo, fail);
    void refresh();
    lab.status({}).then(setStatus, fail);
    const timer = setInterval(refresh, INFO_REFRESH_MS);
    return () => {
      offLive();
      offStatus();
      offError();
      offCycles();
      clearInterval(timer);
    };
  }, [lab, receive, setStatus, setInfo, fail, receiveCycles]);

  // The page's own failures (a bug in a view, a rejected promise nobody handled) go to the app log.
  useEffect(() => {
    const report = (message: string) => void lab.logWrite({ level: 'error', message: message.slice(0, 2000) || 'unknown error' }).catch(() => undefined);
    const onError = (e: ErrorEvent) => report(`page error: ${e.message}`);
    const onRejection = (e: PromiseRejectionEvent) => report(`unhandled rejection: ${e.reason instanceof Error ? e.reason.message : String(e.reason)}`);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    return () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    };
  }, [lab]);

  // Menu commands of the desktop app (View → Live/Explore, File → Export…).
  useEffect(
    () =>
      window.servolab?.onCommand((command) => {
        if (command === 'view:live') setView('live');
        if (command === 'demos') setDemos('menu');
        if (command === 'view:explore' || command === 'export') setView('explore');
        if (command === 'export') setTimeout(() => document.querySelector<HTMLInputElement>('[aria-label="Export name"]')?.focus(), 100);
        // File → Import File…: main staged the chosen files; preview the first.
        const staged = parseImportCommand(command)?.[0];
        if (staged) {
          setView('import');
          void useImport.getState().open(lab, staged);
        }
      }),
    [setView, lab],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.key === '1') setView('live');
      if (e.altKey && e.key === '2') setView('explore');
      if (e.altKey && e.key === '3') setView('cycles');
      if (e.altKey && e.key === '4') setView('import');
      if (e.altKey && e.key === '5') setView('windows');
      if (e.altKey && e.key === '6') setView('sql');
      if (e.altKey && e.key === '7') setView('models');
      if (e.altKey && e.key === '8') setView('sources');
      if (e.altKey && e.key === '9') setView('logs');
      if (e.key === ' ' && useApp.getState().view === 'live' && !(e.target instanceof HTMLInputElement)) {
        e.preventDefault();
        useLive.getState().togglePaused();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);

  // First run: an empty workspace that is not a demo offers the demos once.
  useEffect(() => {
    if (info?.empty && !info.demo && !welcomeDismissed()) setDemos((d) => d ?? 'welcome');
  }, [info]);
  const closeDemos = () => {
    if (demos === 'welcome') {
      try {
        localStorage.setItem(WELCOME_DISMISSED, '1');
      } catch {
        // storage unavailable: the screen comes back next time, nothing worse
      }
    }
    setDemos(null);
  };

  const tabs: { id: View; label: string; key: string }[] = [
    { id: 'live', label: 'Live', key: 'Alt+1' },
    { id: 'explore', label: 'Explore', key: 'Alt+2' },
    { id: 'cycles', label: 'Cycles', key: 'Alt+3' },
    { id: 'import', label: 'Import', key: 'Alt+4' },
    { id: 'windows', label: 'Windows', key: 'Alt+5' },
    { id: 'sql', label: 'SQL', key: 'Alt+6' },
    { id: 'models', label: 'Models', key: 'Alt+7' },
    { id: 'sources', label: 'Sources', key: 'Alt+8' },
    { id: 'logs', label: 'Logs', key: 'Alt+9' },
  ];
  return (
    <LabClientContext.Provider value={lab}>
      <div className="lab">
        <header className="top-bar">
          <strong>ServoLab</strong>
          <nav role="tablist">
            {tabs.map((t) => (
              <button key={t.id} role="tab" aria-selected={view === t.id} title={t.key} onClick={() => setView(t.id)}>
                {t.label}
              </button>
            ))}
          </nav>
          <button className="demos-button" onClick={() => setDemos('menu')}>
            Demos
          </button>
        </header>
        {info?.demo && <LessonBar lesson={info.demo} />}
        {demos && <DemosPanel welcome={demos === 'welcome'} onClose={closeDemos} />}
        {error && (
          <div className="error-banner" role="alert">
            {error} <button onClick={dismissError}>Dismiss</button>
          </div>
        )}
        <main>
          {view === 'live' && <LiveView />}
          {view === 'explore' && <ExploreView />}
          {view === 'cycles' && <CyclesView />}
          {view === 'import' && <ImportView />}
          {view === 'windows' && <WindowsView />}
          {view === 'sql' && <SqlView />}
          {view === 'models' && <ModelsView />}
          {view === 'sources' && <SourcesView />}
          {view === 'logs' && <LogsView />}
        </main>
        <StatusBar />
      </div>
    </LabClientContext.Provider>
  );
}
