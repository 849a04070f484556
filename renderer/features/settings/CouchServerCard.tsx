/**
 * Settings → Team sync → CouchDB server (issue 11): connect this ledger to a database on Apache
 * CouchDB, Cloudant or PouchDB Server (sharing it there, or joining the ledger it holds), then
 * its status — connected, offline, error in words — the last sync, the events sent and taken,
 * the other devices; *Sync now*, pause, *Disconnect*.
 */
import { useEffect, useState } from 'react';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { db } from '../../db/db';
import { useSettings } from '../../db/queries';
import { isDesktop } from '../../platform/couchServer';
import { useUi } from '../../state/ui';
import { useConflicts } from '../conflicts/useConflicts';
import {
  connectServer,
  disconnectServer,
  enterServerPassword,
  joinServerLedger,
  knownDevices,
  refreshCouchSync,
  renameServerDevice,
  setCouchSyncPaused,
  syncCouchNow,
  useCouchSync,
  type CouchStatus,
  type ServerJoinOffer,
} from '../../couchSync';
import { DeviceNameField, JoinLedgerDialog, OtherDevices, when } from './teamDevices';
import { WorkStatus } from '../../components/WorkStatus';

const STATUS_TEXT: Record<CouchStatus, string> = {
  off: 'not connected',
  'needs-password': 'waiting for the password',
  connected: 'connected',
  syncing: 'syncing…',
  offline: 'offline — changes are kept here and sent when the server is back',
  error: 'error (below)',
  paused: 'paused',
};

/**
 * The status in words. Paused is the kept setting, not only the status: a *Sync now* made while
 * paused that fails leaves the status offline or error, yet sync stays paused (nothing is sent
 * when the server is back) until *Resume*.
 */
function statusText(status: CouchStatus, paused: boolean): string {
  if (paused && (status === 'offline' || status === 'error')) return 'paused — the last Sync now failed (below)';
  return STATUS_TEXT[status];
}

/**
 * Where the password is kept, as the platform kept it: the desktop uses the keychain only where
 * the computer has one (electron/couchCredentials.ts), otherwise it keeps it for the session.
 */
function passwordKept(desktop: boolean, remembered: boolean): string {
  if (desktop) return remembered ? 'kept in this computer’s keychain' : 'kept only until Fleetledger closes: this computer has no keychain, so it is asked for again';
  return remembered ? 'remembered in this browser (unencrypted)' : 'kept only until this tab is closed';
}

export function CouchServerCard() {
  const view = useCouchSync();
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const conflicts = useConflicts();
  const desktop = isDesktop();
  /** The kept setting: a failed *Sync now* while paused leaves the status offline or error, and sync paused. */
  const paused = view.settings?.paused === true;
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  /** The user name typed in the password form (null: the kept one). */
  const [retypedUser, setRetypedUser] = useState<string | null>(null);
  const [remember, setRemember] = useState(false);
  const [deviceName, setDeviceName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [offer, setOffer] = useState<ServerJoinOffer | null>(null);
  useEffect(() => {
    void refreshCouchSync(db);
  }, []);
  const nameForNewDevice = (deviceName ?? '').trim() || settings.actorName.trim() || 'This device';

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await step();
    } catch (e) {
      // What a step throws (the server gone mid-way, a bridge call failing) is said, not lost.
      setProblem(`That did not work: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const connect = () =>
    run(async () => {
      const r = await connectServer(db, { url, user, password, remember, deviceName: nameForNewDevice });
      if (!r.ok) setProblem(r.error);
      else if (r.value === 'connected') {
        setPassword('');
        toast('Connected to the sync server');
      } else setOffer(r.value);
    });
  const join = (mode: 'merge' | 'team') =>
    run(async () => {
      if (offer === null) return;
      const r = await joinServerLedger(db, offer, mode);
      setOffer(null);
      if (!r.ok) setProblem(r.error);
      else {
        setPassword('');
        toast(`This device now keeps the team’s ledger “${offer.ledgerName}”`);
      }
    });
  const retypePassword = () =>
    run(async () => {
      const r = await enterServerPassword(db, password, remember, retypedUser ?? undefined);
      if (!r.ok) setProblem(r.error);
      else {
        setPassword('');
        setRetypedUser(null);
      }
    });

  const rememberBox = !desktop && (
    <label className="check">
      <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember the password on this browser (kept unencrypted in this browser’s
      storage; otherwise only until this tab is closed)
    </label>
  );

  return (
    <Card title="Team sync: CouchDB server">
      {view.status === 'off' && (
        <>
          <p>
            Sync this ledger through a database on your own CouchDB server (Apache CouchDB 3, IBM Cloudant or PouchDB Server) — for many devices, several sites, or the
            browser. Each device sends its changes as they are made and takes everyone else’s; offline changes are sent when the server is back. See “Running a sync
            server” in the README.
          </p>
          <form
            className="form-grid"
            onSubmit={(e) => {
              e.preventDefault();
              void connect();
            }}
          >
            <Field label="Database URL" hint="The server’s address, then the database, e.g. https://sync.example.com/fleetledger. https is required (http only on this machine).">
              <input className="input" name="couch-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://sync.example.com/fleetledger" autoComplete="url" />
            </Field>
            <Field label="User name">
              <input className="input" name="couch-user" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" />
            </Field>
            <Field label="Password" hint={desktop ? 'Kept in this computer’s keychain; on one without a keychain (Linux with no keyring), only until Fleetledger closes.' : undefined}>
              <input className="input" name="couch-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
            </Field>
            <Field label="This device’s name" hint="How teammates see this device.">
              <input className="input" name="couch-device" value={deviceName ?? nameForNewDevice} onChange={(e) => setDeviceName(e.target.value)} maxLength={80} />
            </Field>
            {rememberBox}
            <div className="toolbar">
              <button type="submit" className="btn" disabled={busy || url.trim() === ''}>
                {busy ? 'Connecting…' : 'Connect'}
              </button>
            </div>
          </form>
        </>
      )}
      {(view.status === 'needs-password' || (view.status === 'error' && view.failure === 'auth')) && view.server !== null && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void retypePassword();
          }}
        >
          <p>
            {view.status === 'needs-password'
              ? `Enter the password of “${view.server.user}” at ${view.server.url} to sync again (it was kept only for the last session).`
              : view.server.user === ''
                ? `The server at ${view.server.url} now asks for a user name and password (this device connected without one): enter them to sync again.`
                : `The server at ${view.server.url} refused the user name “${view.server.user}” or the password kept here: enter them to sync again.`}
          </p>
          <Field label="User name">
            <input className="input" name="couch-user" value={retypedUser ?? view.server.user} onChange={(e) => setRetypedUser(e.target.value)} autoComplete="username" />
          </Field>
          <Field label="Password">
            <input className="input" name="couch-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
          </Field>
          {rememberBox}
          <div className="toolbar">
            <button type="submit" className="btn" disabled={busy}>
              Connect
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => void disconnectServer(db)}>
              Disconnect
            </button>
          </div>
          <WorkStatus place="couch-sync" />
        </form>
      )}
      {view.status !== 'off' && view.status !== 'needs-password' && !(view.status === 'error' && view.failure === 'auth') && view.settings !== null && view.server !== null && (
        <>
          <dl className="kv" data-testid="couch-status">
            <dt>Server</dt>
            <dd>{view.server.url}</dd>
            <dt>User</dt>
            <dd>{view.server.user === '' ? '—' : view.server.user}</dd>
            <dt>Password</dt>
            <dd data-testid="couch-password-kept">{passwordKept(desktop, view.server.remembered)}</dd>
            <dt>Status</dt>
            <dd data-testid="couch-state">{statusText(view.status, paused)}</dd>
            <dt>Last sync</dt>
            <dd data-testid="couch-last-sync">{when(view.settings.lastSyncAt)}</dd>
            <dt>Events</dt>
            <dd data-testid="couch-counts">
              {view.settings.up.toLocaleString('en-US')} sent, {view.settings.down.toLocaleString('en-US')} received
            </dd>
          </dl>
          <DeviceNameField name={view.settings.deviceName} onRename={(next) => void renameServerDevice(db, next)} />
          <div className="toolbar">
            <button type="button" className="btn" disabled={view.status === 'syncing'} onClick={() => void syncCouchNow(db, true)}>
              Sync now
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => void setCouchSyncPaused(db, !paused)}>
              {paused ? 'Resume' : 'Pause'}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => void disconnectServer(db)}>
              Disconnect
            </button>
          </div>
          <WorkStatus place="couch-sync" />
          {view.message !== null && (view.status === 'error' || view.status === 'offline') && (
            <p className={view.status === 'error' ? 'field-error' : 'hint'} role="alert" data-testid="couch-message">
              {view.message}
            </p>
          )}
          <OtherDevices devices={knownDevices(view.settings)} />
          {conflicts.length > 0 && (
            <p>
              {conflicts.length === 1 ? 'One conflict' : `${conflicts.length} conflicts`} between changes made on different devices wait to be settled.{' '}
              <a href="#/conflicts">Open Conflicts</a>
            </p>
          )}
          {view.report !== null && view.report.problems.length > 0 && (
            <ul className="backup-problems" aria-label="Server sync problems">
              {view.report.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {problem !== null && (
        <p className="field-error" role="alert" data-testid="couch-problem">
          {problem}
        </p>
      )}
      {offer !== null && <JoinLedgerDialog where="database" offer={offer} onClose={() => setOffer(null)} onJoin={(mode) => void join(mode)} />}
    </Card>
  );
}
