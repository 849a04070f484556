import { expect, it } from 'vitest';
import type { BackupEntry } from '../../../shared/ipc';
import { alarmOffer } from '../../../shared/ledger/alarmOffer';

const record = { ledgerId: 'ledger-a', devices: { d1: 10 }, updatedAt: '2026-12-07T08:00:00Z' };
const entry = (name: string, madeAt: string, reason: BackupEntry['reason'], holds?: BackupEntry['holds']): BackupEntry => ({ name, size: 1, modifiedAt: '2026-12-07T12:00:00.000Z', madeAt, reason, ...(holds ? { holds } : {}) });

const upgrade = entry('Fleetledger-2026-12-07-100000-schema-upgrade.fleetledger', '2026-12-07T09:00:00.000Z', 'schema-upgrade');
const restore = entry('Acme-2026-12-07-100500-before-restore.fleetledger', '2026-12-07T09:05:00.000Z', 'before-restore', { ledgerId: 'ledger-a', events: 4 });
const olderDump = entry('Fleetledger-2026-10-01-100000-schema-upgrade.fleetledger', '2026-10-01T09:00:00.000Z', 'schema-upgrade');
const behind = entry('Acme-2026-12-06-daily.fleetledger', '2026-12-06T07:00:00.000Z', 'daily', { ledgerId: 'ledger-a', events: 9 });

it('offers the newest backup holding the recorded ledger as far as the record goes', () => {
  const full = entry('Acme-2026-12-01-daily.fleetledger', '2026-12-01T07:00:00.000Z', 'daily', { ledgerId: 'ledger-a', events: 10 });
  const r = alarmOffer([upgrade, restore, behind, full], record, new Set([upgrade.name, restore.name]));
  expect(r).toEqual({ offer: full, holdsRecordedLedger: true, others: [restore, upgrade, behind] });
});

it('without one, offers the newest that is not a pre-upgrade or pre-restore backup made in this session', () => {
  expect(alarmOffer([upgrade, restore, behind, olderDump], record, new Set([upgrade.name, restore.name])).offer).toBe(behind);
  // Made at an earlier start, the pre-upgrade dump may be offered.
  expect(alarmOffer([upgrade, olderDump], null, new Set()).offer).toBe(upgrade);
  expect(alarmOffer([upgrade], null, new Set([upgrade.name]))).toEqual({ offer: null, holdsRecordedLedger: false, others: [upgrade] });
});

it('does not offer first the second folder’s copy of this session’s pre-upgrade backup either (the same database)', () => {
  const copy: BackupEntry = { ...entry('Fleetledger-2026-12-07-100000-schema-upgrade-a1b2c3.fleetledger', '2026-12-07T09:00:00.000Z', 'schema-upgrade'), folder: 'second' };
  expect(alarmOffer([upgrade, copy, behind], record, new Set([upgrade.name])).offer).toBe(behind);
});
