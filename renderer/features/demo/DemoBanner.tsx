import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { db } from '../../db/db';
import { clearDemoFleet } from '../../db/demo';
import { changeContext } from '../../db/lotCommands';
import { useSettings } from '../../db/queries';
import { describeStorageError, type StorageErrorDescription } from '../../db/storage';
import { navigate } from '../../state/route';
import { useUi } from '../../state/ui';

/** Shown on every view while the demo fleet is loaded, so nobody mistakes it for their data. */
export function DemoBanner() {
  const open = useUi((s) => s.open);
  return (
    <div className="banner banner-demo" role="region" aria-label="Demo data">
      <span>You are looking at a demo fleet: sample data to explore Fleetledger. Nothing here is yours.</span>
      <span className="spacer" />
      <button type="button" className="btn btn-sm" onClick={() => open({ kind: 'clear-demo' })}>
        Clear demo data…
      </button>
    </div>
  );
}

/** Confirms, then removes the demo fleet in one transaction (all of it or, on failure, nothing). */
export function ClearDemoDialog() {
  const close = useUi((s) => s.close);
  const toast = useUi((s) => s.toast);
  const { actorName } = useSettings();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<StorageErrorDescription | null>(null);

  const clear = async () => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const removed = await clearDemoFleet(db, changeContext(actorName));
      close();
      toast(`Demo data cleared: ${removed.lots} lot${removed.lots === 1 ? '' : 's'} removed`);
      navigate({ name: 'lots' });
    } catch (e) {
      console.error('Clearing the demo data failed', e);
      setFailure(describeStorageError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Clear demo data?"
      onClose={close}
      onSubmit={() => void clear()}
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy || undefined}>
            Clear demo data
          </button>
        </>
      }
    >
      <p>
        This removes the demo lots, models, sites, suppliers and market prices. Anything you created yourself stays, and demo
        models, sites or suppliers that your own lots use are kept as ordinary records.
      </p>
      <p className="muted">It cannot be undone, but it is all or nothing: if it fails, nothing is changed.</p>
      {failure && (
        <div className="alert alert-error" role="alert">
          <strong>{failure.title}.</strong> {failure.message} Nothing was removed.
        </div>
      )}
    </Dialog>
  );
}
