import { useEffect, useState } from 'react';
import { useWork, type WorkPlace } from '../state/work';

/** How long work runs before it is shown: quick work (a small ledger) shows nothing. */
export const WORK_SHOWN_AFTER_MS = 300;

/**
 * What long ledger work started at `place` is doing, and how far it has got (renderer/state/work.ts).
 * The step is announced; the count is a progress bar, read when someone looks for it rather than
 * announced ten times a second.
 */
export function WorkStatus({ place }: { place: WorkPlace }) {
  const shown = useWork((s) => s.shown[place] ?? null);
  const running = shown !== null;
  const [late, setLate] = useState(false);
  useEffect(() => {
    setLate(false);
    if (!running) return;
    const timer = setTimeout(() => setLate(true), WORK_SHOWN_AFTER_MS);
    return () => clearTimeout(timer);
  }, [running]);
  if (shown === null || !late) return null;
  const counted = shown.done !== null && shown.total !== null && shown.total > 0;
  const percent = counted ? Math.floor((100 * (shown.done as number)) / (shown.total as number)) : null;
  return (
    <div className="work-status" data-testid="work-status">
      <p role="status">{shown.label}…</p>
      {counted ? <progress max={shown.total as number} value={shown.done as number} aria-label={shown.label} /> : <progress aria-label={shown.label} />}
      {percent !== null && (
        <span className="muted" aria-hidden="true">
          {percent}%
        </span>
      )}
    </div>
  );
}
