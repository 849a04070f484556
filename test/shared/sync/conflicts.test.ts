/**
 * The conflict finder on its own (shared/sync/conflicts.ts): exact from the basis, independent
 * of the order events are given in, silent where the basis is unknown or not here yet, and
 * settled by a `resolved` event naming the conflict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventWith, type LotEvent } from '../../../shared/events';
import { correctedMoveDates, replayLot } from '../../../shared/lotChanges';
import { changedSince, ledgerConflicts, resolutionEvent } from '../../../shared/sync/conflicts';
import { bareUnit, encodeEventUnits, packUnits } from '../../../shared/units';

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
      { key: 'keep-current', label: 'Keep bob’s: notes “bob”', after: { notes: 'bob' } },
      { key: 'keep-earlier', label: 'Keep ada’s: notes “ada”', after: { notes: 'ada' } },
    ]);
  });

  it('a utilisation record clashes month by month: different months recorded at once both stand, the same month set twice is a conflict', () => {
    const adaOct = ev(A, 2, '0002', { after: { utilisation: { '2026-10': 80 } }, before: { utilisation: { '2026-10': null } } as never, basis: { [LOT]: `${A}:1` } });
    const bobNov = ev(B, 1, '0003', { after: { utilisation: { '2026-11': 60 } }, before: { utilisation: { '2026-11': null } } as never, basis: { [LOT]: `${A}:1` } });
    expect(ledgerConflicts([created, adaOct, bobNov])).toEqual([]);
    expect(replayLot([created, adaOct, bobNov])!.utilisation).toEqual({ '2026-10': 80, '2026-11': 60 });
    const bobOct = ev(B, 1, '0003', { after: { utilisation: { '2026-10': 75, '2026-11': 60 } }, basis: { [LOT]: `${A}:1` } });
    const [c, ...rest] = ledgerConflicts([created, adaOct, bobOct]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ kind: 'same-field', message: expect.stringContaining('utilisation of lot L-1 was changed on two devices') });
    // Only the month in question: bob's November clashed with nothing.
    expect(c!.message).toContain('ada set utilisation 2026-10 80 %, bob set utilisation 2026-10 75 %');
    expect(c!.resolutions.map((r) => [r.label, r.after])).toEqual([
      ['Keep bob’s: utilisation 2026-10 75 %', { utilisation: { '2026-10': 75 } }],
      ['Keep ada’s: utilisation 2026-10 80 %', { utilisation: { '2026-10': 80 } }],
    ]);
    // Keeping ada's puts her October back and keeps bob's November.
    const keep = c!.resolutions.find((r) => r.key === 'keep-earlier')!;
    const settled = ev(A, 3, '0004', { type: 'resolved', after: keep.after as never, resolves: [c!.id], basis: { [LOT]: `${B}:1` } });
    expect(replayLot([created, adaOct, bobOct, settled])!.utilisation).toEqual({ '2026-10': 80, '2026-11': 60 });
    // ada removed October while bob set it: keeping ada's removes it again.
    const adaRemoves = ev(A, 2, '0002', { after: { utilisation: { '2026-10': null } } as never, basis: { [LOT]: `${A}:1` } });
    const withOct = { ...created, after: { ...created.after, utilisation: { '2026-10': 50 } } as never };
    const [removal] = ledgerConflicts([withOct, adaRemoves, bobOct]);
    const undo = removal!.resolutions.find((r) => r.key === 'keep-earlier')!;
    expect(undo.after).toEqual({ utilisation: { '2026-10': null } });
    const settledRemoval = ev(A, 3, '0004', { type: 'resolved', after: undo.after as never, resolves: [removal!.id], basis: { [LOT]: `${B}:1` } });
    expect(replayLot([withOct, adaRemoves, bobOct, settledRemoval])!.utilisation).toEqual({ '2026-11': 60 });
  });

  it('says amounts as people write them, in the lot’s currency, not in minor units', () => {
    const priced = { ...created, after: { ...created.after, unitCost: 250_000_00, currency: 'EUR' } as never };
    const adaCost = ev(A, 2, '0002', { after: { unitCost: 1_000_00 } as never, basis: { [LOT]: `${A}:1` } });
    const bobCost = ev(B, 1, '0003', { after: { unitCost: 2_000_50 } as never, basis: { [LOT]: `${A}:1` } });
    const [c] = ledgerConflicts([priced, adaCost, bobCost]);
    expect(c!.message).toContain('ada set unit cost EUR 1,000.00, bob set unit cost EUR 2,000.50.');
    expect(c!.events.map((e) => e.summary)).toEqual(['set unit cost to EUR 1,000.00 on lot L-1', 'set unit cost to EUR 2,000.50 on lot L-1']);
    expect(c!.resolutions.map((r) => [r.label, r.after])).toEqual([
      ['Keep bob’s: unit cost EUR 2,000.50', { unitCost: 2_000_50 }],
      ['Keep ada’s: unit cost EUR 1,000.00', { unitCost: 1_000_00 }],
    ]);
  });

  it('says what each device set in words the two can be told apart by: a checklist by its items, a setting by its name, a month by its name', () => {
    const T = 'team-settings';
    const setting = (device: string, counter: number, hlc: string, before: object, after: object): LotEvent =>
      ev(device, counter, hlc, { entity: 'settings', lotId: T, type: 'settings-changed', before: before as never, after: after as never, basis: { [T]: null } });
    const spare = (label: string) => ({ spare: [{ label, required: true }] });
    const [checklist, month] = ledgerConflicts([
      setting(A, 1, '0001', { checklists: {} }, { checklists: spare('Photo of the label') }),
      setting(B, 1, '0002', { checklists: {} }, { checklists: spare('Drive count checked') }),
      { ...setting(A, 2, '0003', { fiscalYearStart: 1 }, { fiscalYearStart: 4 }), basis: { [T]: `${A}:1` } },
      { ...setting(B, 2, '0004', { fiscalYearStart: 1 }, { fiscalYearStart: 7 }), basis: { [T]: `${A}:1` } },
    ]);
    expect(checklist!.message).toBe('move checklists of the team settings was changed on two devices without either seeing the other: ada set move checklists Spare: “Photo of the label”, bob set move checklists Spare: “Drive count checked”. The later change (bob’s) holds; both are in the history.');
    expect(checklist!.resolutions.map((r) => r.label)).toEqual(['Keep bob’s: move checklists Spare: “Drive count checked”', 'Keep ada’s: move checklists Spare: “Photo of the label”']);
    expect(checklist!.events.map((e) => e.summary)).toEqual(['set move checklists in the team settings', 'set move checklists in the team settings']);
    expect(month!.resolutions.map((r) => r.label)).toEqual(['Keep bob’s: fiscal year start July', 'Keep ada’s: fiscal year start April']);
  });

  it('counts the units past the first three with the noun right for one', () => {
    const racks = (device: string, counter: number, hlc: string, rack: string, serials: string[]): LotEvent =>
      ev(device, counter, hlc, { type: 'units-updated', serials, unitChanges: serials.map((serial) => ({ serial, before: { rack: 'R01' }, after: { rack } })), basis: { [LOT]: `${A}:1` } } as Partial<LotEvent>);
    const four = ['S0001', 'S0002', 'S0003', 'S0004'];
    const [one] = ledgerConflicts([created, racks(A, 2, '0002', 'R06', four), racks(B, 1, '0003', 'R07', four)]);
    expect(one!.message).toMatch(/; and 1 more unit\./u);
    const [two] = ledgerConflicts([created, racks(A, 2, '0002', 'R06', [...four, 'S0005']), racks(B, 1, '0003', 'R07', [...four, 'S0005'])]);
    expect(two!.message).toMatch(/; and 2 more units\./u);
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

  it('shows a conflict settled two ways at once as a field set to two values', () => {
    const id = `same-field:${B}:1`;
    const keepBob = ev(A, 3, '0004', { type: 'resolved', resolves: [id], after: { notes: 'bob' }, basis: { [LOT]: `${B}:1` } });
    const keepAda = ev(B, 2, '0005', { type: 'resolved', resolves: [id], after: { notes: 'ada' }, basis: { [LOT]: `${B}:1` } });
    const [c, ...rest] = ledgerConflicts([created, adaNotes, bobNotes, keepBob, keepAda]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ kind: 'same-field', id: `same-field:${B}:2` });
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

  it('a part move from a status the lot left: both stand, and the only choice keeps them (nothing is counted twice)', () => {
    const moveA = ev(A, 2, '0002', { type: 'transitioned', from: 'in-service', to: 'rma', quantity: 8, after: { status: 'rma' }, basis: { [LOT]: `${A}:1` } });
    const split = ev(B, 1, '0003', { type: 'split', from: 'in-service', quantity: 3, before: { quantity: 8 }, after: { quantity: 5 }, relatedLotId: 'child', basis: { [LOT]: `${A}:1`, child: null } });
    const [c, ...rest] = ledgerConflicts([created, moveA, split]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ kind: 'stale-move', id: `stale-move:${B}:1` });
    expect(c!.message).toContain('the 3 split off went on as a new lot, and the rest of lot L-1 is rma');
    expect(c!.resolutions).toEqual([{ key: 'keep-current', label: 'Keep both: 3 in the new lot, the rest rma', after: {} }]);
  });

  it('a lot left over its quantity is not flagged again by later unrelated changes made apart', () => {
    const units = (serials: string[]): Partial<LotEvent> => ({ type: 'units-received', quantity: serials.length, after: {}, units: encodeEventUnits(packUnits(serials.map((s) => ({ ...bareUnit(s), lotId: LOT, sanitisation: null })), () => LOT)) } as Partial<LotEvent>);
    const small = { ...created, after: { ...created.after, quantity: 2 } } as LotEvent;
    const a = ev(A, 2, '0002', { ...units(['SN-A1', 'SN-A2']), basis: { [LOT]: `${A}:1` } });
    const b = ev(B, 1, '0003', { ...units(['SN-B1']), basis: { [LOT]: `${A}:1` } });
    const [over] = ledgerConflicts([small, a, b]);
    expect(over).toMatchObject({ kind: 'over-quantity', id: `over-quantity:${B}:1` });
    // Left as it is; then each device sets another field without seeing the other.
    const keep = ev(A, 3, '0004', { type: 'resolved', resolves: [over!.id], after: {}, basis: { [LOT]: `${B}:1` } });
    const notes = ev(A, 4, '0005', { after: { notes: 'x' }, basis: { [LOT]: `${A}:3` } });
    const po = ev(B, 2, '0006', { after: { poNumber: 'PO-9' }, basis: { [LOT]: `${A}:3` } });
    expect(ledgerConflicts([small, a, b, keep, notes, po])).toEqual([]);
  });

  describe('one code on two units (code-twice)', () => {
    // Units received on two devices apart, into L-1 (quantity 8): [serial, asset tag].
    const receipt = (device: string, counter: number, hlc: string, units: [string, string][]): LotEvent =>
      ev(device, counter, hlc, {
        type: 'units-received', quantity: units.length, after: {}, basis: { [LOT]: `${A}:1` },
        units: encodeEventUnits(packUnits(units.map(([serial, assetTag]) => ({ ...bareUnit(serial), assetTag, lotId: LOT, sanitisation: null })), () => LOT)),
      } as Partial<LotEvent>);

    it('shows one asset tag given to two serials on two devices, with a choice of which keeps it', () => {
      const ada = receipt(A, 2, '0002', [['SN-Z001', 'AT-1']]);
      const bob = receipt(B, 1, '0003', [['SN-A001', 'AT-1']]);
      const [c, ...rest] = ledgerConflicts([created, ada, bob]);
      expect(rest).toEqual([]);
      expect(c).toMatchObject({ id: `code-twice:${B}:1`, kind: 'code-twice', record: 'lot L-1', codes: [{ code: 'AT-1', serials: ['SN-Z001', 'SN-A001'] }] });
      expect(c!.message).toBe('Asset tag AT-1 was given to SN-Z001 in lot L-1 (by ada) and, on another device, to SN-A001 in lot L-1 (by bob). A code names one unit: until this is settled, looking AT-1 up finds SN-Z001, which had it first, and says the code is in conflict.');
      expect(c!.events.map((e) => e.id)).toEqual([`${A}:2`, `${B}:1`]);
      expect(c!.resolutions).toEqual([
        { key: 'keep-earlier', label: 'Keep AT-1 on SN-Z001: take it off SN-A001', after: {}, unitRestores: [{ serial: 'SN-A001', before: { assetTag: 'AT-1' }, after: { assetTag: '' } }] },
        { key: 'keep-current', label: 'Keep AT-1 on SN-A001: take it off SN-Z001', after: {}, unitRestores: [{ serial: 'SN-Z001', before: { assetTag: 'AT-1' }, after: { assetTag: '' } }] },
      ]);
      // Settled by a resolution naming it; the tag is then on one unit.
      const keep = ev(A, 3, '0004', { type: 'resolved', resolves: [c!.id], after: {}, unitRestores: c!.resolutions[0]!.unitRestores, basis: { [LOT]: `${B}:1` } } as Partial<LotEvent>);
      expect(ledgerConflicts([created, ada, bob, keep])).toEqual([]);
    });

    it('shows a serial received on one device that is a unit’s asset tag on another, either way round', () => {
      const ada = receipt(A, 2, '0002', [['SN-T001', 'CODE-9']]);
      const bob = receipt(B, 1, '0003', [['CODE-9', '']]);
      const expectedResolutions = [
        { key: 'keep-serial', label: 'Take asset tag CODE-9 off SN-T001 (its label then shows its serial)', after: {}, unitRestores: [{ serial: 'SN-T001', before: { assetTag: 'CODE-9' }, after: { assetTag: '' } }] },
      ];
      const [c, ...rest] = ledgerConflicts([created, ada, bob]);
      expect(rest).toEqual([]);
      expect(c).toMatchObject({ id: `code-twice:${B}:1`, kind: 'code-twice', codes: [{ code: 'CODE-9', serials: ['CODE-9', 'SN-T001'] }] });
      expect(c!.message).toBe('CODE-9 is the asset tag of SN-T001 in lot L-1 (given by ada) and, on another device, the serial of a unit received into lot L-1 (by bob). A code names one unit: until this is settled, looking CODE-9 up finds the unit whose serial it is, and says the code is in conflict.');
      expect(c!.resolutions).toEqual(expectedResolutions);
      // The other way round: the serial first, the tag given later on another device.
      const adaSerial = receipt(A, 2, '0002', [['CODE-9', '']]);
      const bobTag = receipt(B, 1, '0003', [['SN-T001', 'CODE-9']]);
      const [d, ...more] = ledgerConflicts([created, adaSerial, bobTag]);
      expect(more).toEqual([]);
      expect(d).toMatchObject({ id: `code-twice:${B}:1`, codes: [{ code: 'CODE-9', serials: ['CODE-9', 'SN-T001'] }] });
      expect(d!.message).toBe('CODE-9 is the serial of a unit received into lot L-1 (by ada) and, on another device, the asset tag of SN-T001 in lot L-1 (given by bob). A code names one unit: until this is settled, looking CODE-9 up finds the unit whose serial it is, and says the code is in conflict.');
      expect(d!.resolutions).toEqual(expectedResolutions);
    });

    it('gives the same list whatever order the events are given in (property)', () => {
      const all = [created, receipt(A, 2, '0002', [['SN-Z001', 'AT-1'], ['CODE-9', '']]), receipt(B, 1, '0003', [['SN-A001', 'AT-1'], ['SN-T001', 'CODE-9']])];
      const expected = ledgerConflicts(all);
      expect(expected.map((c) => [c.kind, c.codes])).toEqual([['code-twice', [{ code: 'AT-1', serials: ['SN-Z001', 'SN-A001'] }, { code: 'CODE-9', serials: ['CODE-9', 'SN-T001'] }]]]);
      fc.assert(fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (order) => {
        expect(ledgerConflicts(order)).toEqual(expected);
      }));
    });
  });
});

describe('a move’s date corrected on one device while the lot’s moves changed on another', () => {
  const received = ev(A, 1, '0001', { type: 'created', after: { id: LOT, code: 'L-1', status: 'received', quantity: 8, purchaseDate: '2026-01-05', receivedDate: '2026-02-01', inServiceDate: null, notes: '' } as never, basis: { [LOT]: null } });
  const inService = ev(A, 2, '0002', { type: 'transitioned', date: '2026-03-01', from: 'received', to: 'in-service', quantity: 8, before: { status: 'received', inServiceDate: null } as never, after: { status: 'in-service', inServiceDate: '2026-03-01' } as never, basis: { [LOT]: `${A}:1` } });
  /** Ada corrects the move to in service (2026-03-01) to `date`, having seen it and nothing after. */
  const adaFixes = (date: string, hlc: string): LotEvent =>
    ev(A, 3, hlc, { type: 'edited', date, from: 'received', to: 'in-service', before: { inServiceDate: '2026-03-01' } as never, after: { inServiceDate: date } as never, basis: { [LOT]: `${A}:2` } });
  /** Bob, who had seen the move to in service but not Ada's correction, moves the lot to spare on 2026-04-01. */
  const bobSpares = (hlc: string): LotEvent =>
    ev(B, 1, hlc, { type: 'transitioned', date: '2026-04-01', from: 'in-service', to: 'spare', quantity: 8, before: { status: 'in-service' } as never, after: { status: 'spare' } as never, basis: { [LOT]: `${A}:2` } });

  it('a correction past a move made meanwhile leaves the moves dated out of order: shown, whichever came first by the clock, and put back by a choice', () => {
    for (const [fix, spare] of [[adaFixes('2026-05-01', '0004'), bobSpares('0003')], [adaFixes('2026-05-01', '0003'), bobSpares('0004')]] as const) {
      const log = [received, inService, fix, spare];
      const [c, ...rest] = ledgerConflicts(log);
      expect(rest).toEqual([]);
      const later = fix.hlc > spare.hlc ? fix : spare;
      expect(c).toMatchObject({ id: `move-date:${later.id}`, kind: 'move-date', record: 'lot L-1' });
      expect(c!.message).toContain('out of order');
      expect(c!.message).toContain('In service on 2026-05-01');
      expect(c!.message).toContain('Spare on 2026-04-01');
      expect(c!.events.map((e) => e.id).sort()).toEqual([fix.id, spare.id].sort());
      const putBack = c!.resolutions.find((r) => r.key === 'keep-earlier')!;
      expect(putBack).toMatchObject({ label: 'Put the move to In service back to 2026-03-01', after: { inServiceDate: '2026-03-01' } });
      expect(c!.resolutions.map((r) => r.key)).toEqual(['keep-current', 'keep-earlier']);
      // The choice is a change every device folds alike: the move and the lot's in-service date are back, the conflict settled.
      const settled = { ...ev(B, 2, '0005', resolutionEvent(c!, putBack)), basis: { [LOT]: later.id } };
      const after = [...log, settled];
      expect(correctedMoveDates(after).moves.get(inService.id)).toBe('2026-03-01');
      expect(replayLot(after)!.inServiceDate).toBe('2026-03-01');
      expect(ledgerConflicts(after)).toEqual([]);
    }
  });

  it('putting the date back is refused once the lot moved again or its date was corrected again since', () => {
    // In clock order, as a record's history is read.
    const log = [received, inService, bobSpares('0003'), adaFixes('2026-05-01', '0004')];
    const [c] = ledgerConflicts(log);
    const putBack = c!.resolutions.find((r) => r.key === 'keep-earlier')!;
    expect(changedSince(c!, putBack, log)).toEqual([]);
    const onward = ev(B, 2, '0005', { type: 'transitioned', date: '2026-06-01', from: 'spare', to: 'in-service', quantity: 8, after: { status: 'in-service' } as never, basis: { [LOT]: `${A}:3` } });
    expect(changedSince(c!, putBack, [...log, onward])).toEqual([onward]);
  });

  it('a correction that keeps the moves in order is no conflict', () => {
    expect(ledgerConflicts([received, inService, adaFixes('2026-02-15', '0004'), bobSpares('0003')])).toEqual([]);
    expect(ledgerConflicts([received, inService, adaFixes('2026-03-20', '0003'), bobSpares('0004')])).toEqual([]);
  });

  it('one move’s date corrected on two devices to different dates: the later holds, and either can be kept', () => {
    const bobFixes = ev(B, 1, '0004', { type: 'edited', date: '2026-02-20', from: 'received', to: 'in-service', before: { inServiceDate: '2026-03-01' } as never, after: { inServiceDate: '2026-02-20' } as never, basis: { [LOT]: `${A}:2` } });
    const log = [received, inService, adaFixes('2026-03-10', '0003'), bobFixes];
    const [c, ...rest] = ledgerConflicts(log);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ id: `move-date:${B}:1`, kind: 'move-date' });
    expect(c!.message).toBe('The date of lot L-1’s move to In service was corrected on two devices without either seeing the other: ada corrected it to 2026-03-10, bob to 2026-02-20. The later correction (bob’s) holds; both are in the history.');
    expect(c!.resolutions.map((r) => [r.key, r.label, r.after])).toEqual([
      ['keep-current', 'Keep bob’s date: 2026-02-20', {}],
      ['keep-earlier', 'Keep ada’s date: 2026-03-10', { inServiceDate: '2026-03-10' }],
    ]);
    expect(correctedMoveDates(log).moves.get(inService.id)).toBe('2026-02-20');
    const keepAda = { ...ev(A, 4, '0005', resolutionEvent(c!, c!.resolutions[1]!)), basis: { [LOT]: `${B}:1` } };
    expect(correctedMoveDates([...log, keepAda]).moves.get(inService.id)).toBe('2026-03-10');
    expect(replayLot([...log, keepAda])!.inServiceDate).toBe('2026-03-10');
    expect(ledgerConflicts([...log, keepAda])).toEqual([]);
    // The same date from both is no disagreement.
    expect(ledgerConflicts([received, inService, adaFixes('2026-02-20', '0003'), bobFixes])).toEqual([]);
  });
});
