/**
 * Conflicts (issues 10 and 11): what devices of a team changed apart that people must look at, each in
 * words with the events concerned (who, on which device, when) and the ways to settle it. A
 * choice is written as a `resolved` event, so every device sees the conflict settled once it
 * syncs. Duplicate codes are settled by renaming a record (Edit lot, Sites).
 */
import { useState } from 'react';
import { AS_IT_IS, asItIs, type LedgerConflict } from '../../../shared/sync/conflicts';
import { Card } from '../../components/Card';
import { db } from '../../db/db';
import { resolveConflictCommand } from '../../db/ledger';
import { storageErrors } from '../../db/storage';
import { useSettings } from '../../db/queries';
import { navigate } from '../../state/route';
import { useUi } from '../../state/ui';
import { useCouchSync } from '../../couchSync';
import { useDeviceName } from '../../eventAuthor';
import { useTeamSync } from '../../teamSync';
import { useConflicts } from './useConflicts';

const KIND_TITLES: Record<LedgerConflict['kind'], string> = {
  'stale-move': 'Move from a status the lot had left',
  'over-quantity': 'More quantity than the lot has',
  'same-field': 'Changed on two devices',
  'move-date': 'A move’s date corrected on another device',
  'removed-changed': 'Changed on one device, removed on another',
  'serial-twice': 'A serial received into two lots',
  'code-twice': 'One code on two units',
  'lot-code': 'A lot code used twice',
  'site-code': 'A site code used twice',
  'supplier-name': 'A supplier name used twice',
  'schedule-broken': 'A lot left without a depreciation schedule',
};

/** An event's time as every other place of the app shows one: in UTC, and saying so (a reader elsewhere would take it for their own clock). */
function when(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}

export function ConflictsView() {
  const conflicts = useConflicts();
  // A constant when there is no report: a new array each time would render without end.
  const folderProblems = useTeamSync((s) => s.report?.problems ?? NONE);
  const serverProblems = useCouchSync((s) => s.report?.problems ?? NONE);
  return (
    <div className="page">
      <div className="page-header">
        <h1>Conflicts</h1>
      </div>
      <Problems
        title="What the team folder holds that cannot be taken in"
        label="Team folder problems"
        problems={folderProblems}
        intro="The last sync found these in the team folder. Nothing of them was applied: a segment that is cut short or altered, and everything after it from that device, waits until it is whole; the same change arriving twice with different content (an installation copied from another, writing under its device id) is never applied."
      />
      <Problems
        title="What the sync server holds that cannot be taken in"
        label="Sync server problems"
        problems={serverProblems}
        intro="The last sync with the CouchDB server found these. Nothing of them was applied: segments are written once, so one changed or deleted on the server, and everything after it from that device, waits; documents that are not Fleetledger’s are not read."
      />
      {conflicts.length === 0 ? (
        <p className="empty" data-testid="no-conflicts">
          No conflicts. When devices of a team change the same thing before they have seen each other’s changes, it is listed here to be settled.
        </p>
      ) : (
        <>
          <p className="muted">
            {conflicts.length === 1 ? 'One conflict' : `${conflicts.length} conflicts`} between changes made on different devices before they synced. Every change is kept in
            the history; the later one holds until you choose. Your choice is recorded as a change of its own, so every device sees it settled.
          </p>
          {conflicts.map((c) => (
            <ConflictCard key={c.id} conflict={c} />
          ))}
        </>
      )}
    </div>
  );
}

const NONE: readonly string[] = [];

function Problems(props: { title: string; label: string; intro: string; problems: readonly string[] }) {
  if (props.problems.length === 0) return null;
  return (
    <Card title={props.title}>
      <p>{props.intro}</p>
      <ul className="backup-problems" aria-label={props.label}>
        {props.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </Card>
  );
}

export function ConflictCard({ conflict: c }: { conflict: LedgerConflict }) {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const deviceName = useDeviceName();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // A choice refused (its record changed after the conflict was found): settling it as it is now is offered.
  const [refused, setRefused] = useState(false);
  const resolve = async (key: string, label: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await resolveConflictCommand(db, c.id, key, settings.actorName);
      if (!r.ok) {
        setProblem(r.error);
        setRefused(true);
      } else toast(`Resolved: ${label}`);
    } catch (e) {
      // A storage failure (a full disk, a closed database) is said here and in the banner; the buttons come back.
      setProblem(`Not settled: ${storageErrors.report(e).title}.`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={`${KIND_TITLES[c.kind]} — ${c.record}`}>
      <div data-testid="conflict" data-conflict-id={c.id}>
        <p>{c.message}</p>
        {c.events.length > 0 && (
          <table className="table" aria-label="Changes concerned">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Device</th>
                <th>What</th>
              </tr>
            </thead>
            <tbody>
              {c.events.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{deviceName(e.device) ?? e.device.slice(0, 8)}</td>
                  <td>{e.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="toolbar">
          {c.resolutions.map((r) => (
            <button key={r.key} type="button" className="btn" disabled={busy} onClick={() => void resolve(r.key, r.label)}>
              {r.label}
            </button>
          ))}
          {refused && (
            <button type="button" className="btn" disabled={busy} onClick={() => void resolve(AS_IT_IS, asItIs(c).label)}>
              {asItIs(c).label}
            </button>
          )}
          {c.entity === 'lot' &&
            c.recordIds.map((id) => (
              <button key={id} type="button" className="btn btn-ghost" onClick={() => navigate({ name: 'lot', id })}>
                {c.recordIds.length > 1 ? `Open lot ${c.recordIds.indexOf(id) + 1}` : 'Open the lot'}
              </button>
            ))}
          {c.entity === 'site' && (
            <button type="button" className="btn btn-ghost" onClick={() => navigate({ name: 'sites' })}>
              Open Sites
            </button>
          )}
          {c.entity === 'supplier' && (
            <button type="button" className="btn btn-ghost" onClick={() => navigate({ name: 'suppliers' })}>
              Open Suppliers
            </button>
          )}
        </div>
        {problem !== null && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
    </Card>
  );
}
