/**
 * Settings → Team sync (issue 10): share this ledger in a folder the team replicates, or join a
 * ledger found in one; this device's name; each other device's status; *Sync now*, pause, stop.
 */
import { useEffect, useState } from 'react';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { WorkStatus } from '../../components/WorkStatus';
import { db } from '../../db/db';
import { counted } from '../../lib/counted';
import { useSettings } from '../../db/queries';
import { useConflicts } from '../conflicts/useConflicts';
import { DeviceNameField, JoinLedgerDialog, OtherDevices, when } from './teamDevices';
import { useUi } from '../../state/ui';
import {
  allowTeamFolderAgain,
  findTeamLedger,
  joinLedger,
  refreshTeamSync,
  renameDevice,
  setTeamSyncPaused,
  shareLedger,
  stopTeamSync,
  syncNow,
  useTeamSync,
  type JoinOffer,
} from '../../teamSync';

export function TeamSyncCard() {
  const view = useTeamSync();
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const [deviceName, setDeviceName] = useState<string | null>(null);
  const [offer, setOffer] = useState<JoinOffer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void refreshTeamSync(db);
  }, []);
  const nameForNewDevice = (deviceName ?? '').trim() || settings.actorName.trim() || 'This device';
  const conflicts = useConflicts();

  if (view.setup === 'unsupported') {
    return (
      <Card title="Team sync">
        <p>
          Folder sync needs the desktop app or a Chromium-based browser (Chrome, Edge): this browser cannot use a folder. To keep one ledger with your team from this
          browser, sync it through a CouchDB server instead (<em>Team sync: CouchDB server</em>, below).
        </p>
      </Card>
    );
  }

  /** A step of the card; what it throws (a folder gone, a bridge call failing) is said in the card, not lost. */
  const step = async (what: string, work: () => Promise<void>) => {
    setProblem(null);
    try {
      await work();
    } catch (e) {
      setProblem(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const share = () =>
    step('Sharing the ledger', async () => {
      const r = await shareLedger(db, nameForNewDevice);
      if (!r.ok) setProblem(r.error);
      else if (r.value !== null) {
        const { folder, otherDevices, otherEvents, skipped } = r.value;
        const others = otherDevices === 0 ? '' : `, with ${counted(otherEvents, 'change')} of ${counted(otherDevices, 'other device')}`;
        toast(`This ledger is now shared in the folder ${folder}${others}`);
        if (skipped.length > 0) setProblem(`Not put into the team folder (each such device writes its own changes when it syncs): ${skipped.join('; ')}.`);
      }
    });
  const join = () =>
    step('Finding a ledger in the folder', async () => {
      const r = await findTeamLedger(db);
      if (!r.ok) setProblem(r.error);
      else if (r.value !== null) setOffer(r.value);
    });
  const complete = (mode: 'merge' | 'team') =>
    step('Joining the team’s ledger', async () => {
      if (offer === null) return;
      const chosen = offer;
      setOffer(null);
      const r = await joinLedger(db, chosen, mode, nameForNewDevice);
      if (!r.ok) setProblem(r.error);
      else toast(`This device now keeps the team’s ledger “${chosen.ledgerName}”`);
    });

  return (
    <Card title="Team sync">
      {view.setup === 'off' && (
        <>
          <p>
            Share one ledger with your team through a folder you already replicate (Syncthing, a network share, a file-sync service). No server is needed: each device writes
            its changes into its own part of the folder and reads everyone else’s.
          </p>
          <div className="form-grid">
            <Field label="This device’s name" hint="How teammates see this device, e.g. “Ada’s laptop” or “Hall B scanner”.">
              <input className="input" value={deviceName ?? nameForNewDevice} onChange={(e) => setDeviceName(e.target.value)} maxLength={80} />
            </Field>
          </div>
          <div className="toolbar">
            <button type="button" className="btn" onClick={() => void share()}>
              Share this ledger in a folder…
            </button>
            <button type="button" className="btn" onClick={() => void join()}>
              Join a ledger in a folder…
            </button>
          </div>
        </>
      )}
      {view.setup === 'needs-permission' && (
        <>
          <p>The browser needs your permission again to use the team folder {view.folderName}. Nothing is synced until you allow it.</p>
          <button type="button" className="btn" onClick={() => void allowTeamFolderAgain(db)}>
            Allow access to {view.folderName}
          </button>
        </>
      )}
      {view.setup === 'on' && view.settings !== null && (
        <>
          <dl className="kv" data-testid="team-sync-status">
            <dt>Folder</dt>
            <dd>{view.folderName}</dd>
            <dt>Status</dt>
            <dd data-testid="team-sync-state">{view.error !== null ? 'error (below)' : view.settings.paused ? 'paused' : view.busy ? 'syncing…' : 'on'}</dd>
            <dt>Last sync</dt>
            <dd data-testid="team-last-sync">{when(view.settings.lastSyncAt)}</dd>
          </dl>
          <DeviceNameField name={view.settings.deviceName} onRename={(next) => void renameDevice(db, next)} />
          <div className="toolbar">
            <button type="button" className="btn" disabled={view.busy} onClick={() => void syncNow(db, true)}>
              Sync now
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => void setTeamSyncPaused(db, !view.settings?.paused)}>
              {view.settings.paused ? 'Resume' : 'Pause'}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => void stopTeamSync(db)}>
              Stop syncing on this device
            </button>
          </div>
          <WorkStatus place="team-sync" />
          {view.error !== null && <p className="field-error" role="alert">{view.error}</p>}
          <OtherDevices devices={view.report?.devices ?? null} />
          {conflicts.length > 0 && (
            <>
              <h3 className="section-title">Conflicts</h3>
              <p>
                {conflicts.length === 1 ? 'One conflict' : `${conflicts.length} conflicts`} between changes made on different devices wait to be settled.{' '}
                <a href="#/conflicts">Open Conflicts</a>
              </p>
            </>
          )}
          {view.report !== null && view.report.problems.length > 0 && (
            <ul className="backup-problems" aria-label="Sync problems">
              {view.report.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {problem !== null && <p className="field-error" role="alert">{problem}</p>}
      {offer !== null && (
        <JoinLedgerDialog where="folder" offer={offer} onClose={() => setOffer(null)} onJoin={(mode) => void complete(mode)} />
      )}
    </Card>
  );
}
