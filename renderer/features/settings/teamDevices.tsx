/**
 * What the Team sync cards share (folder, issue 10; CouchDB server, issue 11): this device's name,
 * the other devices' table, and the dialog that asks how to join a team's ledger.
 */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import type { DeviceStatus } from '../../../shared/sync/folderSync';
import { counted } from '../../lib/counted';

export function when(iso: string | null): string {
  return iso === null ? 'never' : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function deviceStatus(d: { waitingFor: number[]; problems: { message: string }[] }): string {
  if (d.problems.length > 0) return `${d.problems.length} problem${d.problems.length === 1 ? '' : 's'} (below)`;
  if (d.waitingFor.length > 0) return `waiting for segment ${d.waitingFor[0]} (still being copied)`;
  return 'up to date';
}

/** The team's other devices as the last round saw them (null: no round yet). */
export function OtherDevices({ devices }: { devices: readonly DeviceStatus[] | null }) {
  return (
    <>
      <h3 className="section-title">Other devices</h3>
      {devices === null || devices.length === 0 ? (
        <p>None yet: teammates appear here once they have joined and synced.</p>
      ) : (
        <table className="table" aria-label="Other devices">
          <thead>
            <tr>
              <th>Device</th>
              <th>Last seen</th>
              <th className="num">Events</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.device}>
                <td>{d.name ?? <span className="mono">{d.device.slice(0, 8)}</span>}</td>
                <td>{when(d.lastSeen)}</td>
                <td className="num">{d.events.toLocaleString('en-US')}</td>
                <td>{deviceStatus(d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A team's ledger found in a folder or a database: merge this device's data in, or start from the team's. */
export function JoinLedgerDialog(props: {
  where: 'folder' | 'database';
  offer: { ledgerName: string; localLots: number; localEvents: number; foreignEvents: number };
  onJoin: (mode: 'merge' | 'team') => void;
  onClose: () => void;
}) {
  const { offer } = props;
  // A ledger of models and sites but no lots is not empty: what it holds is replaced (backed up first) or merged.
  const holds = offer.localLots > 0 ? `This device already has its own ledger with ${counted(offer.localLots, 'lot')}.` : offer.localEvents > 0 ? `This device already has its own ledger: no lots, but ${counted(offer.localEvents, 'change')} (models, sites, suppliers, prices or settings).` : 'This device’s ledger is empty.';
  const held = offer.localLots > 0 || offer.localEvents > 0;
  return (
    <Dialog title="Join the team’s ledger" label="Join the team’s ledger" onClose={props.onClose}>
      <p>
        The {props.where} holds the ledger “{offer.ledgerName}”.{' '}
        {holds}
      </p>
      {offer.foreignEvents > 0 && <p>This device’s ledger holds changes made on other devices (a restored backup): it cannot be merged in, only replaced.</p>}
      {held && offer.foreignEvents === 0 && (
        // Rejoining after Stop syncing, the person must know which choice keeps what was changed meanwhile.
        <p>
          <strong>Merge</strong> keeps everything on this device, changes not yet shared included, and adds the team’s. <strong>Start from the team’s ledger</strong> replaces what this
          device holds: the backup made first is then the only copy of any change it had not shared.
        </p>
      )}
      <div className="toolbar">
        <button type="button" className="btn" disabled={offer.foreignEvents > 0} onClick={() => props.onJoin('merge')}>
          Merge this device’s data in
        </button>
        <button type="button" className="btn btn-danger" onClick={() => props.onJoin('team')}>
          Start from the team’s ledger{held ? ' (this device’s is backed up first)' : ''}
        </button>
      </div>
    </Dialog>
  );
}

/** This device's name as teammates see it, renamed when the field loses focus with another name. */
export function DeviceNameField({ name, onRename }: { name: string; onRename: (next: string) => void }) {
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <div className="form-grid">
      <Field label="This device’s name" hint="How teammates see this device.">
        <input
          className="input"
          value={typed ?? name}
          maxLength={80}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={() => {
            const next = (typed ?? '').trim();
            if (next !== '' && next !== name) onRename(next);
            setTyped(null);
          }}
        />
      </Field>
    </div>
  );
}
