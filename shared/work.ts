/**
 * Long ledger work told as it goes: reading and checking a backup, restoring one, verifying or
 * rebuilding the ledger, a team sync round that brings a whole ledger. At fleet scale (500,000
 * events) each takes from a few seconds to a quarter of a minute, so the app says what it is
 * doing and how far it has got (renderer/state/work.ts shows it). The work is the same without
 * a report.
 */
export interface WorkReport {
  /** The work is now at this step, said without a full stop ("Checking the backup"); what it returns is waited on. */
  step(label: string): void | Promise<void>;
  /** How far the step has got; what it returns is waited on (the page's turn to show it). */
  progress(done: number, total: number): void | Promise<void>;
}

/** No one is told: work run by a test, the benchmark, or the command line. */
export const UNREPORTED: WorkReport = {
  step() {},
  progress() {},
};
