import { create } from 'zustand';
import { storageErrors, type StorageErrorDescription } from '../../db/storage';

interface StorageErrorLog {
  /** The most recent failure not yet dismissed. */
  latest: StorageErrorDescription | null;
  /** Failures since the last dismissal, the latest included. */
  count: number;
  dismiss: () => void;
}

/**
 * Failures are collected from the moment this module loads, not from when the banner mounts:
 * start-up opens the database (and reports an open failure) before the first render.
 */
export const useStorageErrorLog = create<StorageErrorLog>((set) => ({
  latest: null,
  count: 0,
  dismiss: () => set({ latest: null, count: 0 }),
}));

storageErrors.subscribe((error, cause) => {
  // The banner shows what to do; the console keeps the original error for a bug report.
  console.error(`Storage error: ${error.title}`, cause);
  useStorageErrorLog.setState((s) => ({ latest: error, count: s.count + 1 }));
});

/** The app's one place where storage failures (full disk, failed open, newer data…) are shown. */
export function StorageErrorBanner() {
  const latest = useStorageErrorLog((s) => s.latest);
  const count = useStorageErrorLog((s) => s.count);
  const dismiss = useStorageErrorLog((s) => s.dismiss);
  if (!latest) return null;
  return (
    <div className="banner banner-error" role="alert">
      <span>
        <strong>{latest.title}.</strong> {latest.message}
        {count > 1 && <span className="muted"> ({count} storage errors; this is the most recent.)</span>}
      </span>
      <span className="spacer" />
      <button type="button" className="btn btn-sm" onClick={dismiss} aria-label="Dismiss storage error">
        Dismiss
      </button>
    </div>
  );
}
