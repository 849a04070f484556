import { describe, expect, it } from 'vitest';
import { checkForDataLoss, type DataLossRecord } from '../../../shared/ledger/dataLoss';

const RECORD: DataLossRecord = { ledgerId: 'ledger-aaaaaaaa', devices: { 'dev-one': 120, 'dev-two': 8 }, updatedAt: '2026-12-01T10:00:00.000Z' };

describe('checkForDataLoss', () => {
  it('has nothing to compare on a new installation, or when the record holds no events', () => {
    expect(checkForDataLoss(null, { exists: false, ledgerId: null, heads: {} })).toEqual({ kind: 'ok' });
    expect(checkForDataLoss({ ...RECORD, devices: {} }, { exists: false, ledgerId: null, heads: {} })).toEqual({ kind: 'ok' });
  });

  it('raises the alarm for a missing, empty, other or shortened database, saying what is missing', () => {
    expect(checkForDataLoss(RECORD, { exists: false, ledgerId: null, heads: {} })).toMatchObject({ kind: 'missing', message: expect.stringContaining('128 events') });
    expect(checkForDataLoss(RECORD, { exists: true, ledgerId: 'ledger-aaaaaaaa', heads: {} })).toMatchObject({ kind: 'empty' });
    expect(checkForDataLoss(RECORD, { exists: true, ledgerId: 'ledger-bbbbbbbb', heads: { 'dev-one': 500 } })).toMatchObject({ kind: 'other-ledger' });
    const behind = checkForDataLoss(RECORD, { exists: true, ledgerId: 'ledger-aaaaaaaa', heads: { 'dev-one': 119, 'dev-two': 8 } });
    expect(behind).toEqual({ kind: 'behind', message: expect.stringContaining('device dev-one: 119 of 120 events') });
  });

  it('is satisfied by a database at or ahead of the record', () => {
    expect(checkForDataLoss(RECORD, { exists: true, ledgerId: 'ledger-aaaaaaaa', heads: { 'dev-one': 120, 'dev-two': 8 } })).toEqual({ kind: 'ok' });
    expect(checkForDataLoss(RECORD, { exists: true, ledgerId: 'ledger-aaaaaaaa', heads: { 'dev-one': 130, 'dev-two': 9, other: 3 } })).toEqual({ kind: 'ok' });
  });

  it('names the ledger as the app does (its name) when it is known, by its id only when not', () => {
    const missing = checkForDataLoss(RECORD, { exists: false, ledgerId: null, heads: {} }, 'Acme GPU fleet');
    expect(missing).toEqual({ kind: 'missing', message: 'The ledger database is missing. This computer last held the ledger “Acme GPU fleet” with 128 events (recorded 2026-12-01); the database that held them is gone.' });
    expect(checkForDataLoss(RECORD, { exists: false, ledgerId: null, heads: {} })).toMatchObject({ message: expect.stringContaining('last held ledger ledger-a with 128 events') });
    // The database holds the recorded ledger (behind it): its own name is the ledger's.
    const behind = checkForDataLoss(RECORD, { exists: true, ledgerId: 'ledger-aaaaaaaa', heads: { 'dev-one': 119, 'dev-two': 8 }, ledgerName: 'Acme GPU fleet' });
    expect(behind).toMatchObject({ message: expect.stringContaining('last recorded of the ledger “Acme GPU fleet” (2026-12-01)') });
    const other = checkForDataLoss(RECORD, { exists: true, ledgerId: 'ledger-bbbbbbbb', heads: { 'dev-one': 500 }, ledgerName: 'Lab spares' }, 'Acme GPU fleet');
    expect(other).toEqual({ kind: 'other-ledger', message: 'The database holds the ledger “Lab spares”, not the one this computer last held (the ledger “Acme GPU fleet”, 128 events, recorded 2026-12-01).' });
    // Another ledger's name is not the recorded one's; two of one name are told apart by their ids.
    expect(checkForDataLoss(RECORD, { exists: true, ledgerId: 'ledger-bbbbbbbb', heads: { 'dev-one': 500 }, ledgerName: 'Lab spares' })).toMatchObject({ message: expect.stringContaining('(ledger ledger-a, 128 events') });
    const twins = checkForDataLoss(RECORD, { exists: true, ledgerId: 'ledger-bbbbbbbb', heads: { 'dev-one': 500 }, ledgerName: 'Fleetledger' }, 'Fleetledger');
    expect(twins).toMatchObject({ message: 'The database holds the ledger “Fleetledger” (ledger-b), not the one this computer last held (the ledger “Fleetledger” (ledger-a), 128 events, recorded 2026-12-01).' });
  });
});
