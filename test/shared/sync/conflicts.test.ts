/**
 * The conflict finder on its own (shared/sync/conflicts.ts): exact from the basis, independent
 * of the order events are given in, silent where the basis is unknown or not here yet, and
 * settled by a `resolved` event naming the conflict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventWith, type LotEvent } from '../../../shared/events';
import { ledgerConflicts } from '../../../shared/sync/conflicts';

const LOT = '00000000-0000-4000-8000-000000000001';
const A = 'aaaaaaaa-0000-4000-8000-000000000000';
const B = 'bbbbbbbb-0000-4000-8000-000000000000';

function ev(device: string, counter: number, hlc: string, fields: Partial<LotEvent>): LotEvent {
  return { ...eventWith({ entity: 'lot', lotId: LOT, seq: counter, at: '2026-01-01T00:00:00.000Z', actor: device === A ? 'ada' : 'bob', type: 'edited', after: {} }), id: `${device}:${counter}`, hlc, ...fields };
}

const created = ev(A, 1, '0001', { type: 'created', after: { id: LOT, code: 'L-1', status: 'in-service', quantity: 8, notes: '' } as never, basis: { [LOT]: null } });
const adaNotes = ev(A, 2, '0002', { after: { notes: 'ada' }, basis: { [LOT]: `${A}:1` } });
const bobNotes = ev(B, 1, '0003', { after: { notes: 'bob' }, basis: { [LOT]: `${A}:1` } });

describe('ledgerConflicts', () => {
  it('finds a field set to two values by events that did not see each other', () => {
    const [c, ...rest] = ledgerConflicts([created, adaNotes, bobNotes]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ id: `same-field:${B}:1`, kind: 'same-field', record: 'lot L-1' });
    expect(c!.events.map((e) => e.id)).toEqual([`${A}:2`, `${B}:1`]);
    expect(c!.resolutions).toEqual([
      { key: 'keep-current', label: 'Keep bob’s: notes “bob”', after: {} },
      { key: 'keep-earlier', label: 'Keep ada’s: notes “ada”', after: { notes: 'ada' } },
    ]);
  });

  it('finds none when the later event had seen the earlier one', () => {
    expect(ledgerConflicts([created, adaNotes, { ...bobNotes, basis: { [LOT]: `${A}:2` } }])).toEqual([]);
  });

  it('concludes nothing from events without a basis, or whose basis has not arrived', () => {
    expect(ledgerConflicts([created, adaNotes, { ...bobNotes, basis: undefined } as LotEvent])).toEqual([]);
    expect(ledgerConflicts([created, adaNotes, { ...bobNotes, basis: { [LOT]: `${B}:9` } }])).toEqual([]);
  });

  it('is settled by a resolved event naming it', () => {
    const resolved = ev(A, 3, '0004', { type: 'resolved', after: {}, resolves: [`same-field:${B}:1`], basis: { [LOT]: `${B}:1` } });
    expect(ledgerConflicts([created, adaNotes, bobNotes, resolved])).toEqual([]);
  });

  it('gives the same list whatever order the events are given in (property)', () => {
    const moveA = ev(A, 3, '0005', { type: 'transitioned', from: 'in-service', to: 'rma', quantity: 8, after: { status: 'rma' }, basis: { [LOT]: `${A}:2` } });
    const moveB = ev(B, 2, '0006', { type: 'transitioned', from: 'in-service', to: 'spare', quantity: 8, after: { status: 'spare' }, basis: { [LOT]: `${B}:1` } });
    const all = [created, adaNotes, bobNotes, moveA, moveB];
    const expected = ledgerConflicts(all);
    expect(expected.map((c) => c.kind)).toEqual(['same-field', 'stale-move']);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (order) => {
        expect(ledgerConflicts(order)).toEqual(expected);
      }),
    );
  });
});
