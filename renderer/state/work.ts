/**
 * Long ledger work under way, for {@link ../components/WorkStatus} to show where it was started:
 * what it is doing and how far it has got (renderer/db/work.ts). Work started at one place does
 * not show at another, and ends there when it ends, whatever else runs meanwhile.
 */
import { create } from 'zustand';
import type { WorkReport } from '../../shared/work';
import { yieldToTasks } from '../lib/tasks';

/** Where work was started, so that only that place shows it. */
export type WorkPlace = 'backups' | 'restore' | 'ledger-check' | 'startup' | 'team-sync' | 'couch-sync';

export interface WorkShown {
  label: string;
  /** How far the step has got, when it counts (null: it does not). */
  done: number | null;
  total: number | null;
}

export const useWork = create<{ shown: Partial<Record<WorkPlace, WorkShown>> }>(() => ({ shown: {} }));

/** How often the count is shown, at most: each time the page lets the browser show it. */
const SHOW_EVERY_MS = 100;

function showAt(place: WorkPlace, next: WorkShown | null): void {
  useWork.setState((s) => {
    const shown = { ...s.shown };
    if (next === null) delete shown[place];
    else shown[place] = next;
    return { shown };
  });
}

/**
 * Runs `run` as work shown at `place`, giving it the report to tell how it goes; the status goes
 * away when it ends, however it ends. (The place's buttons are disabled meanwhile, so one place
 * runs one piece of work at a time.)
 */
export async function withWork<T>(place: WorkPlace, run: (report: WorkReport) => Promise<T>): Promise<T> {
  let shownAt = 0;
  let label = '';
  const show = (next: WorkShown): Promise<void> => {
    shownAt = performance.now();
    showAt(place, next);
    // The page's turn: React renders the status and the browser may paint it before the work goes on.
    return yieldToTasks();
  };
  const report: WorkReport = {
    step(next) {
      label = next;
      return show({ label, done: null, total: null });
    },
    progress(done, total) {
      if (done < total && performance.now() - shownAt < SHOW_EVERY_MS) return undefined;
      return show({ label, done, total });
    },
  };
  try {
    return await run(report);
  } finally {
    showAt(place, null);
  }
}
