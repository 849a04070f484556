import { describe, expect, it } from 'vitest';
import type { HardwareModel } from '../../../shared/catalog';
import type { Lot } from '../../../shared/lot';
import { fieldsOnlyInTables, withUpgradedFields } from '../../../shared/ledger/upgradedFields';
import type { LedgerSnapshot } from '../../../shared/ledger/fold';
import { DEFAULT_TEAM_SETTINGS } from '../../../shared/ledger/teamSettings';

const lot = (id: string, extra: Record<string, unknown> = {}): Lot => ({ id, code: id, quantity: 1, notes: '', ...extra }) as unknown as Lot;
const model = (id: string, extra: Record<string, unknown> = {}): HardwareModel => ({ id, name: id, ...extra }) as unknown as HardwareModel;
const snapshot = (lots: Lot[], models: HardwareModel[]): LedgerSnapshot => ({ lots, models, sites: [], suppliers: [], observations: [], units: [], settings: { ...DEFAULT_TEAM_SETTINGS } });
const BOOK = { policy: { method: 'straight-line', lifeMonths: 60 } };

describe('fields upgrades added without events', () => {
  it('finds only the upgrade-added fields a folded record lacks altogether, and nothing else', () => {
    const folded = snapshot([lot('a'), lot('b', { book: BOOK, tax: null, adjustments: [], depreciationChain: null }), lot('c', { notes: 'x' })], [model('m')]);
    const tables = {
      lots: [lot('a', { book: BOOK, tax: BOOK, adjustments: [], depreciationChain: null }), lot('b', { book: { other: true }, tax: null, adjustments: [], depreciationChain: null }), lot('c', { notes: 'changed behind its back' }), lot('gone', { book: BOOK })],
      models: [model('m', { performance: null, serialPattern: '' })],
    };
    expect(fieldsOnlyInTables(folded, tables)).toEqual([
      { entity: 'lot', id: 'a', fields: { book: BOOK, tax: BOOK, adjustments: [], depreciationChain: null } },
      { entity: 'model', id: 'm', fields: { performance: null, serialPattern: '' } },
    ]);
  });

  it('fills a folded snapshot from the backup snapshot where its records lack them, leaving other differences', () => {
    const folded = snapshot([lot('a', { notes: 'events' })], [model('m')]);
    const from = snapshot([lot('a', { notes: 'snapshot', book: BOOK })], [model('m', { serialPattern: 'S#' })]);
    const filled = withUpgradedFields(folded, from);
    expect(filled.lots).toEqual([lot('a', { notes: 'events', book: BOOK })]);
    expect(filled.models).toEqual([model('m', { serialPattern: 'S#' })]);
    expect(withUpgradedFields(from, from)).toBe(from);
  });
});
