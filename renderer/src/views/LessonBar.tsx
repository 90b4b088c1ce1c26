import { useState } from 'react';
import type { DemoLesson } from '../../../core/api/demo-contract';
import { useApp, type View } from '../stores/app';

/** The lesson of a demo workspace, above every view: what the demo did and which views to open. */
export function LessonBar({ lesson }: { lesson: DemoLesson }) {
  const setView = useApp((s) => s.setView);
  const [expanded, setExpanded] = useState(true);
  return (
    <aside className="lesson" aria-label="Lesson">
      <div className="lesson-head">
        <strong>Demo: {lesson.title}</strong>{' '}
        {lesson.views.map((v) => (
          <button key={v} onClick={() => setView(v as View)}>
            Open {v}
          </button>
        ))}{' '}
        <button aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Hide lesson' : 'Show lesson'}
        </button>
      </div>
      {expanded && (
        <>
          <p>{lesson.lesson}</p>
          <ol>
            {lesson.steps.map((s, i) => (
              <li key={i}>
                {s.say} <code>servolab {s.argv.join(' ')}</code>
              </li>
            ))}
          </ol>
          {lesson.attribution && <p className="hint">Data: {lesson.attribution}</p>}
        </>
      )}
    </aside>
  );
}
