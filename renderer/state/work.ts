/**
 * Long ledger work under way, for {@link ../components/WorkStatus} to show where it was started:
 * what it is doing and how far it has got (renderer/db/work.ts). One piece of work at a time;
 * work started inside other work reports into it.
 */
import { create } from 'zustand';
import type { WorkReport } from '../db/work';
import { yieldToTasks } from '../lib/tasks';

/** Where work was started, so that only that place shows it. */
export type WorkPlace = 'backups' | 'restore' | 'ledger-check' | 'startup';

export interface WorkShown {
  place: WorkPlace;
  label: string;
  /** How far the step has got, when it counts (null: it does not). */
  done: number | null;
  total: number | null;
}

export const useWork = create<{ shown: WorkShown | null }>(() => ({ shown: null }));

/** How often the count is shown, at most: each time the page lets the browser show it. */
const SHOW_EVERY_MS = 100;

let running: WorkReport | null = null;

/**
 * Runs `run` as work shown at `place`, giving it the report to tell how it goes; the status goes
 * away when it ends, however it ends.
 */
export async function withWork<T>(place: WorkPlace, run: (report: WorkReport) => Promise<T>): Promise<T> {
  if (running !== null) return run(running);
  let shownAt = 0;
  const show = (next: Omit<WorkShown, 'place'>): Promise<void> => {
    shownAt = performance.now();
    useWork.setState({ shown: { place, ...next } });
    // The page's turn: React renders the status and the browser may paint it before the work goes on.
    return yieldToTasks();
  };
  const report: WorkReport = {
    step: (label) => show({ label, done: null, total: null }),
    progress(done, total) {
      if (done < total && performance.now() - shownAt < SHOW_EVERY_MS) return undefined;
      return show({ label: useWork.getState().shown?.label ?? '', done, total });
    },
  };
  running = report;
  try {
    return await run(report);
  } finally {
    running = null;
    useWork.setState({ shown: null });
  }
}
