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
});
