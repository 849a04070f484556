/**
 * Conflicts between changes two devices made apart (issue 10, shared/sync/conflicts.ts), found
 * exactly from each event's basis, the same on both devices, and settled by a `resolved` event
 * that every device takes in (renderer/db/ledger.ts resolveConflictCommand).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { saveModelCommand, saveSiteCommand, saveSupplierCommand } from '../../../renderer/db/catalogCommands';
import type { FleetDb } from '../../../renderer/db/database';
import { readLog } from '../../../renderer/db/eventLog';
import { resolveConflictCommand, verifyLedger } from '../../../renderer/db/ledger';
import { createLotCommand, editLotCommand, moveLotCommand } from '../../../renderer/db/lotCommands';
import { addUnits, findUnit, recordSanitisation, unitsOfLot } from '../../../renderer/db/units';
import { editUnits } from '../../../renderer/db/unitEdits';
import { currentConflicts } from '../../../renderer/features/conflicts/useConflicts';
import type { Lot } from '../../../shared/lot';
import { lotSchedule } from '../../../shared/depreciation/lotSchedule';
import { bareUnit, type SanitisationRecord } from '../../../shared/units';
import { AS_IT_IS } from '../../../shared/sync/conflicts';
import { testDatabases } from './migrationHarness';
import { conflictsOf, exchange, exchangeBothWays } from './teamExchange';
import { lotDraft, MODEL, ok, SITE } from './teamFixture';

const SANITISED: SanitisationRecord = {
  method: 'purge', technique: 'cryptographic erase', tool: 'nvme-cli', toolVersion: '2.8', verificationMethod: 'full',
  verificationResult: 'passed', performedBy: 'Bob', verifiedBy: '', performedAt: '2026-05-02', mediaSerial: '', note: '',
};

const databases = testDatabases();
const device = databases.open;
afterEach(databases.dropAll);


/** Two devices holding one lot, L-1 (8 in service), and a model and site. */
async function team(): Promise<{ a: FleetDb; b: FleetDb; lot: Lot; modelId: string; siteId: string }> {
  const a = await device('a');
  const b = await device('b');
  const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
  const site = ok(await saveSiteCommand(a, SITE, null, 'ada'));
  const lot = ok(await createLotCommand(a, lotDraft(model.id, 'L-1', site.id), 'ada'));
  await exchange(a, b);
  return { a, b, lot, modelId: model.id, siteId: site.id };
}

describe('conflicts between devices', () => {
  it('records each event’s basis: the last event of its record the author held', async () => {
    const { a, b, lot } = await team();
    const [created] = await readLog(a).then((log) => log.filter((e) => e.lotId === lot.id));
    ok(await editLotCommand(b, lot.id, { notes: 'bob' }, 'bob'));
    const edit = (await readLog(b)).find((e) => e.type === 'edited')!;
    expect(edit.basis).toEqual({ [lot.id]: created!.id });
    // A split names the new lot's basis too: none, it is new.
    ok(await moveLotCommand(b, lot.id, { to: 'spare', quantity: 2, date: '2025-06-01' }, 'bob'));
    const split = (await readLog(b)).find((e) => e.type === 'split')!;
    expect(split.basis).toEqual({ [lot.id]: edit.id, [split.relatedLotId!]: null });
  });

  it('finds no conflict where devices changed different fields, or the same field to the same value', async () => {
    const { a, b, lot } = await team();
    ok(await editLotCommand(a, lot.id, { notes: 'racked' }, 'ada'));
    ok(await editLotCommand(b, lot.id, { poNumber: 'PO-9' }, 'bob'));
    await exchangeBothWays(a, b);
    // Both name a supplier neither device had: each makes it, under the id its name gives, so they agree.
    ok(await editLotCommand(a, lot.id, {}, 'ada', '', '', 'ACME'));
    ok(await editLotCommand(b, lot.id, {}, 'bob', '', '', 'acme'));
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
  });

  it('names a supplier set two ways by its name, not its id, the same on taking the events in as on a full fold', async () => {
    const { a, b, lot } = await team();
    ok(await editLotCommand(a, lot.id, {}, 'ada', '', '', 'Ada Supplies'));
    ok(await editLotCommand(b, lot.id, {}, 'bob', '', '', 'Bob Parts'));
    await exchangeBothWays(a, b);
    const [conflict] = await conflictsOf(a, b);
    expect(conflict!.message).toMatch(/^supplier of lot L-1 was changed on two devices without either seeing the other: (ada|bob) set supplier “(Ada Supplies|Bob Parts)”, (ada|bob) set supplier “(Ada Supplies|Bob Parts)”\./u);
    expect(conflict!.resolutions.map((r) => r.label).join(' | ')).toMatch(/Keep (ada|bob)’s: supplier “(Ada Supplies|Bob Parts)” \| Keep (ada|bob)’s: supplier “(Ada Supplies|Bob Parts)”/u);
    expect(conflict!.events.map((e) => e.summary).sort()).toEqual(['set supplier to “Ada Supplies” on lot L-1', 'set supplier to “Bob Parts” on lot L-1']);
  });

  it('shows one supplier made on two devices with different values: the first stands, the other can be taken', async () => {
    const { a, b } = await team();
    const arrow = ok(await saveSupplierCommand(a, { name: 'Arrow', country: 'US', channel: 'distributor', notes: '', demo: false }, null, 'ada'));
    const same = ok(await saveSupplierCommand(b, { name: 'ARROW', country: 'DE', channel: 'distributor', notes: 'Frankfurt desk', demo: false }, null, 'bob'));
    expect(same.id).toBe(arrow.id);
    await exchangeBothWays(a, b);
    const [conflict, ...rest] = await conflictsOf(a, b);
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({ kind: 'same-field', entity: 'supplier', recordId: arrow.id });
    // One record: the first creation's name and country, the second's notes where the first had none.
    const record = await a.suppliers.get(arrow.id);
    const first = record?.name === 'Arrow' ? { name: 'Arrow', country: 'US', by: 'ada', other: 'bob', otherCountry: 'DE' } : { name: 'ARROW', country: 'DE', by: 'bob', other: 'ada', otherCountry: 'US' };
    expect(record).toMatchObject({ name: first.name, country: first.country, notes: 'Frankfurt desk' });
    expect(conflict!.message).toContain(`was made on two devices without either seeing the other: ${first.other} made it with country “${first.otherCountry}”`);
    ok(await resolveConflictCommand(b, conflict!.id, 'keep-later', 'bob'));
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
    expect((await a.suppliers.get(arrow.id))?.country).toBe(first.otherCountry);
  });

  it('shows two suppliers of one name, made apart after a rename freed the name, until one is renamed', async () => {
    const { a, b, lot } = await team();
    ok(await editLotCommand(a, lot.id, {}, 'ada', '', '', 'Arrow'));
    const arrow = (await a.suppliers.toArray())[0]!;
    ok(await saveSupplierCommand(a, { ...arrow, name: 'Arrow Europe' }, arrow.id, 'ada'));
    await exchangeBothWays(a, b);
    const fresh = { name: 'arrow', country: null, channel: null, notes: '', demo: false };
    const onA = ok(await saveSupplierCommand(a, fresh, null, 'ada'));
    const onB = ok(await saveSupplierCommand(b, { ...fresh, name: 'Arrow' }, null, 'bob'));
    expect(onA.id).not.toBe(onB.id);
    await exchangeBothWays(a, b);
    const [conflict, ...rest] = await conflictsOf(a, b);
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({ kind: 'supplier-name', entity: 'supplier', recordIds: [onA.id, onB.id].sort() });
    expect(conflict!.message).toMatch(/^2 suppliers are named (arrow|Arrow), made on different devices before they synced\./u);
    ok(await saveSupplierCommand(b, { ...onB, name: 'Arrow Nordics' }, onB.id, 'bob'));
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
  });

  it('shows one field set to two values, the later holding, and settles it either way on every device', async () => {
    const { a, b, lot } = await team();
    ok(await editLotCommand(a, lot.id, { notes: 'from ada' }, 'ada'));
    ok(await editLotCommand(b, lot.id, { notes: 'from bob' }, 'bob'));
    await exchangeBothWays(a, b);
    const [conflict, ...rest] = await conflictsOf(a, b);
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({ kind: 'same-field', record: 'lot L-1', recordId: lot.id });
    const later = conflict!.events.at(-1)!.actor;
    const earlier = later === 'bob' ? 'ada' : 'bob';
    expect((await a.lots.get(lot.id))!.notes).toBe(`from ${later}`);
    expect(conflict!.message).toContain(`The later change (${later}’s) holds`);
    expect(conflict!.resolutions.map((r) => r.key)).toEqual(['keep-current', 'keep-earlier']);
    // Keep the earlier value, on b; a sees it settled once it syncs.
    ok(await resolveConflictCommand(b, conflict!.id, 'keep-earlier', 'bob'));
    expect((await b.lots.get(lot.id))!.notes).toBe(`from ${earlier}`);
    expect(await currentConflicts(b)).toEqual([]);
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
    expect((await a.lots.get(lot.id))!.notes).toBe(`from ${earlier}`);
    // Settled once: asking again changes nothing.
    expect(await resolveConflictCommand(a, conflict!.id, 'keep-current', 'ada')).toEqual({ ok: false, error: 'That conflict is no longer there: it was resolved, perhaps on another device. Nothing was changed.' });
    expect((await verifyLedger(a)).problems).toEqual([]);
  });

  it('shows a move from a status the lot had already left', async () => {
    const { a, b, lot } = await team();
    ok(await moveLotCommand(a, lot.id, { to: 'rma', quantity: 8, date: '2025-06-01' }, 'ada'));
    ok(await moveLotCommand(b, lot.id, { to: 'spare', quantity: 8, date: '2025-06-02' }, 'bob'));
    await exchangeBothWays(a, b);
    const [conflict] = await conflictsOf(a, b);
    expect(conflict!.kind).toBe('stale-move');
    const later = conflict!.events.at(-1)!;
    expect(conflict!.message).toMatch(/moved lot L-1 from in service to (rma|spare)/u);
    const status = (await a.lots.get(lot.id))!.status;
    expect(later.summary).toContain(status === 'rma' ? 'to rma' : 'to spare');
    // Keep the earlier move: the lot goes back to what the other device left it as.
    ok(await resolveConflictCommand(a, conflict!.id, 'keep-earlier', 'ada'));
    expect((await a.lots.get(lot.id))!.status).toBe(status === 'rma' ? 'spare' : 'rma');
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
  });

  it('keeping both of a part move and a whole move made apart changes nothing, even after the lot was split again', async () => {
    const { a, b, lot } = await team();
    ok(await moveLotCommand(a, lot.id, { to: 'rma', quantity: 8, date: '2025-06-01' }, 'ada'));
    ok(await moveLotCommand(b, lot.id, { to: 'spare', quantity: 3, date: '2025-06-02' }, 'bob'));
    await exchangeBothWays(a, b);
    const [conflict] = await conflictsOf(a, b);
    expect(conflict).toMatchObject({ kind: 'stale-move', resolutions: [{ key: 'keep-current', label: 'Keep both: 3 in the new lot, the rest rma' }] });
    // Work goes on before anyone settles it: 2 of the 5 left go back into service.
    ok(await moveLotCommand(a, lot.id, { to: 'in-service', quantity: 2, date: '2025-07-01' }, 'ada'));
    await exchangeBothWays(a, b);
    const before = await b.lots.toArray();
    ok(await resolveConflictCommand(b, conflict!.id, 'keep-current', 'bob'));
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
    expect(await a.lots.toArray()).toEqual(before.map((l) => (l.id === lot.id ? { ...l, updatedAt: expect.any(String) } : l)));
    expect((await a.lots.toArray()).reduce((s, l) => s + l.quantity, 0)).toBe(8);
  });

  it('shows two splits that took more than the lot had, and re-applies the later on what is left', async () => {
    const { a, b, lot } = await team();
    ok(await moveLotCommand(a, lot.id, { to: 'spare', quantity: 3, date: '2025-06-01' }, 'ada'));
    ok(await moveLotCommand(b, lot.id, { to: 'rma', quantity: 2, date: '2025-06-01' }, 'bob'));
    await exchangeBothWays(a, b);
    const [conflict, code] = await conflictsOf(a, b);
    expect(conflict!.kind).toBe('over-quantity');
    // Each device named its new part L-1.1: a code made twice, settled by renaming one.
    expect(code).toMatchObject({ id: 'lot-code:L-1.1', kind: 'lot-code' });
    ok(await editLotCommand(b, code!.recordIds[1]!, { code: 'L-1.2' }, 'bob'));
    const lots = await a.lots.toArray();
    // 8 split three ways: the parent shows what the later split left of the 8 it saw.
    expect(lots.reduce((s, l) => s + l.quantity, 0)).toBeGreaterThan(8);
    expect(conflict!.resolutions[0]).toMatchObject({ key: 'reapply', after: { quantity: 3 } });
    ok(await resolveConflictCommand(a, conflict!.id, 'reapply', 'ada'));
    expect((await a.lots.toArray()).reduce((s, l) => s + l.quantity, 0)).toBe(8);
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
    expect((await b.lots.get(lot.id))!.quantity).toBe(3);
  });

  it('refuses a choice worked out before the lot changed again (no units counted twice), and settles it as the lot is now', async () => {
    const { a, b, lot } = await team();
    ok(await moveLotCommand(a, lot.id, { to: 'spare', quantity: 3, date: '2025-06-01' }, 'ada'));
    ok(await moveLotCommand(b, lot.id, { to: 'rma', quantity: 2, date: '2025-06-01' }, 'bob'));
    await exchangeBothWays(a, b);
    const conflict = (await conflictsOf(a, b)).find((c) => c.kind === 'over-quantity')!;
    expect(conflict.resolutions[0]).toMatchObject({ key: 'reapply', after: { quantity: 3 } });
    // Before anyone settles it, one more unit of the lot goes to spare.
    ok(await moveLotCommand(a, lot.id, { to: 'spare', quantity: 1, date: '2025-06-02' }, 'ada'));
    const total = async (): Promise<number> => (await a.lots.toArray()).reduce((s, l) => s + l.quantity, 0);
    const before = await total();
    const parentBefore = (await a.lots.get(lot.id))!.quantity;
    const refused = await resolveConflictCommand(a, conflict.id, 'reapply', 'ada');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatch(/^lot L-1 was changed after this conflict was found \(ada split 1 of lot L-1 off to move them \(from in service\) on \d{4}-\d{2}-\d{2}\): “Re-apply: take 2 from the 5 left, leaving 3” would write what it stood on then and undo that\. Nothing was changed\./u);
    expect(await total()).toBe(before);
    expect((await a.lots.get(lot.id))!.quantity).toBe(parentBefore);
    // A choice that writes nothing still settles it, on every device.
    ok(await resolveConflictCommand(a, conflict.id, AS_IT_IS, 'ada'));
    expect((await a.lots.get(lot.id))!.quantity).toBe(parentBefore);
    await exchangeBothWays(a, b);
    expect((await conflictsOf(a, b)).filter((c) => c.kind === 'over-quantity')).toEqual([]);
  });

  it('re-applying a split on what is left gives the lot its share of the extra costs and of the schedule, as two splits one after the other would', async () => {
    const { a, b, modelId, siteId } = await team();
    const lot = ok(await createLotCommand(a, { ...lotDraft(modelId, 'L-9', siteId), extraCosts: 8_000_00 }, 'ada'));
    await exchange(a, b);
    // Both split after depreciation began (in service since 2025-02).
    ok(await moveLotCommand(a, lot.id, { to: 'spare', quantity: 3, date: '2025-06-01' }, 'ada'));
    ok(await moveLotCommand(b, lot.id, { to: 'rma', quantity: 2, date: '2025-06-01' }, 'bob'));
    await exchangeBothWays(a, b);
    const conflict = (await conflictsOf(a, b)).find((c) => c.kind === 'over-quantity')!;
    expect(conflict.resolutions[0]).toMatchObject({ key: 'reapply', label: 'Re-apply: take 2 from the 5 left, leaving 3' });
    ok(await resolveConflictCommand(a, conflict.id, 'reapply', 'ada'));
    await exchangeBothWays(a, b);
    const family = (await b.lots.toArray()).filter((l) => l.id === lot.id || l.parentId === lot.id);
    expect(family.map((l) => l.quantity).sort()).toEqual([2, 3, 3]);
    // The extra costs of the 8 are shared out once, not counted again on the lot.
    expect(family.reduce((s, l) => s + l.extraCosts, 0)).toBe(8_000_00);
    // Every part's schedule computes, and together they depreciate what the 8 did.
    const firstYear = (l: Lot): number => {
      const schedule = lotSchedule(l, 'book', 1);
      if (!schedule.ok || schedule.value === null) throw new Error(`${l.code}: ${schedule.ok ? 'no schedule' : schedule.error}`);
      return schedule.value.depreciation.slice(0, 12).reduce((s, m) => s + m, 0);
    };
    expect(family.reduce((s, l) => s + firstYear(l), 0)).toBe(firstYear({ ...lot, depreciationChain: null }));
    expect((await verifyLedger(b)).problems).toEqual([]);
  });

  it('shows a serial received into two lots and puts it back where it was first', async () => {
    const { a, b, lot, modelId, siteId } = await team();
    const other = ok(await createLotCommand(a, lotDraft(modelId, 'L-2', siteId), 'ada'));
    await exchange(a, b);
    ok(await addUnits(a, lot.id, [bareUnit('SN-1'), bareUnit('SN-2')], 'ada'));
    ok(await addUnits(b, other.id, [bareUnit('SN-2'), bareUnit('SN-3')], 'bob'));
    await exchangeBothWays(a, b);
    const [conflict] = await conflictsOf(a, b);
    expect(conflict!.kind).toBe('serial-twice');
    expect(conflict!.message).toContain('Serial SN-2 was received into');
    const holder = conflict!.recordId;
    const first = holder === lot.id ? other.id : lot.id;
    expect((await unitsOfLot(a, holder)).map((u) => u.serial)).toContain('SN-2');
    ok(await resolveConflictCommand(b, conflict!.id, 'keep-earlier', 'bob'));
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
    expect((await unitsOfLot(a, first)).map((u) => u.serial)).toContain('SN-2');
    expect((await unitsOfLot(a, holder)).map((u) => u.serial)).not.toContain('SN-2');
    expect((await verifyLedger(b)).problems).toEqual([]);
  });

  it('putting a serial received twice back where it was first moves it, and keeps what was recorded on the unit since', async () => {
    const { a, b, lot, modelId, siteId } = await team();
    const other = ok(await createLotCommand(a, lotDraft(modelId, 'L-2', siteId), 'ada'));
    await exchange(a, b);
    ok(await addUnits(a, lot.id, [bareUnit('SN-1')], 'ada'));
    ok(await addUnits(b, other.id, [bareUnit('SN-1')], 'bob'));
    await exchangeBothWays(a, b);
    const [conflict] = await conflictsOf(a, b);
    expect(conflict!.kind).toBe('serial-twice');
    const holder = conflict!.recordId;
    const first = holder === lot.id ? other.id : lot.id;
    // After the conflict showed, the unit is sanitised, racked and noted where it now is.
    ok(await recordSanitisation(b, ['SN-1'], SANITISED, 'bob', '2026-05-02'));
    ok(await editUnits(b, [{ serial: 'SN-1', patch: { room: 'R1', rack: 'A07', notes: 'wiped' } }], 'bob'));
    await exchangeBothWays(a, b);
    ok(await resolveConflictCommand(a, conflict!.id, 'keep-earlier', 'ada'));
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
    const [unit] = (await unitsOfLot(a, first)).filter((u) => u.serial === 'SN-1');
    expect(unit).toMatchObject({ lotId: first, room: 'R1', rack: 'A07', notes: 'wiped', sanitisation: SANITISED });
  });

  it('shows units received beyond the quantity on two devices, and raises the quantity', async () => {
    const { a, b, lot } = await team();
    ok(await addUnits(a, lot.id, ['SN-A1', 'SN-A2', 'SN-A3', 'SN-A4', 'SN-A5'].map(bareUnit), 'ada'));
    ok(await addUnits(b, lot.id, ['SN-B1', 'SN-B2', 'SN-B3', 'SN-B4'].map(bareUnit), 'bob'));
    await exchangeBothWays(a, b);
    const [conflict] = await conflictsOf(a, b);
    expect(conflict).toMatchObject({ kind: 'over-quantity', recordId: lot.id });
    expect(conflict!.message).toContain('lot L-1 holds 9 units but its quantity is 8');
    ok(await resolveConflictCommand(a, conflict!.id, 'raise-quantity', 'ada'));
    expect((await a.lots.get(lot.id))!.quantity).toBe(9);
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
  });

  it('says what each choice keeps of units edited apart, so one person on two devices can tell them apart', async () => {
    const { a, b, lot } = await team();
    const c = await device('c');
    ok(await addUnits(a, lot.id, [bareUnit('SN-1')], 'local user'));
    await exchange(a, b);
    await exchange(a, c);
    ok(await editUnits(a, [{ serial: 'SN-1', patch: { rack: 'A01' } }], 'local user'));
    ok(await editUnits(b, [{ serial: 'SN-1', patch: { rack: 'B02' } }], 'local user'));
    await exchangeBothWays(a, b);
    const [twoWays] = await conflictsOf(a, b);
    const [later, earlier] = twoWays!.message.includes('rack “B02” (was set to “A01”') ? ['B02', 'A01'] : ['A01', 'B02'];
    expect(twoWays!.resolutions.map((r) => r.label)).toEqual([`Keep local user’s: SN-1 rack “${later}”`, `Keep local user’s: SN-1 rack “${earlier}”`]);
    // A third device sets it too, without seeing either: putting back restores the value that held before it, one person's.
    ok(await editUnits(c, [{ serial: 'SN-1', patch: { rack: 'C03' } }], 'cat'));
    await exchangeBothWays(a, c);
    await exchangeBothWays(a, b);
    const third = (await conflictsOf(a, b)).find((x) => x.events.some((e) => e.actor === 'cat'))!;
    const back = third.resolutions.find((r) => r.key === 'keep-earlier')!;
    const held = back.unitRestores![0]!.after.rack as string;
    expect(back.label).toBe(`Keep local user’s: SN-1 rack “${held}”`);
  });

  it('does not offer to raise the quantity of a lot split after its depreciation began: its schedule is for that many units', async () => {
    const { a, b, lot } = await team();
    ok(await moveLotCommand(a, lot.id, { to: 'spare', quantity: 2, date: '2025-06-01' }, 'ada'));
    await exchange(a, b);
    ok(await addUnits(a, lot.id, ['SN-A1', 'SN-A2', 'SN-A3', 'SN-A4'].map(bareUnit), 'ada'));
    ok(await addUnits(b, lot.id, ['SN-B1', 'SN-B2', 'SN-B3'].map(bareUnit), 'bob'));
    await exchangeBothWays(a, b);
    const [conflict, ...rest] = await conflictsOf(a, b);
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({ kind: 'over-quantity', recordId: lot.id });
    expect(conflict!.message).toContain('lot L-1 holds 7 units but its quantity is 6');
    expect(conflict!.message).toContain('Its quantity is fixed by a split after its depreciation began, so it cannot be raised: move the units beyond 6 to another lot.');
    expect(conflict!.resolutions.map((r) => r.key)).toEqual(['keep-current']);
    ok(await resolveConflictCommand(a, conflict!.id, 'keep-current', 'ada'));
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
    expect(lotSchedule((await b.lots.get(lot.id))!, 'book', 1).ok).toBe(true);
  });

  it('refuses a choice the conflict does not offer, changing nothing', async () => {
    const { a, b, lot } = await team();
    ok(await editLotCommand(a, lot.id, { notes: 'x' }, 'ada'));
    ok(await editLotCommand(b, lot.id, { notes: 'y' }, 'bob'));
    await exchangeBothWays(a, b);
    const [conflict] = await currentConflicts(a);
    const before = await readLog(a);
    expect(await resolveConflictCommand(a, conflict!.id, 'reapply', 'ada')).toEqual({ ok: false, error: '“reapply” is not a way to resolve this conflict. Nothing was changed.' });
    expect(await readLog(a)).toEqual(before);
  });

  it('keeps the asset-tag index what a fold gives when two devices tag two units alike', async () => {
    const { a, b, lot, modelId, siteId } = await team();
    const other = ok(await createLotCommand(a, lotDraft(modelId, 'L-2', siteId), 'ada'));
    await exchange(a, b);
    ok(await addUnits(a, lot.id, [{ ...bareUnit('SN-Z001'), assetTag: 'AT-1' }], 'ada'));
    ok(await addUnits(b, other.id, [{ ...bareUnit('SN-A001'), assetTag: 'AT-1' }], 'bob'));
    await exchangeBothWays(a, b);
    await conflictsOf(a, b);
  });

  it('shows one asset tag given to two units on two devices, the same on every device; a look-up says so until one unit keeps it', async () => {
    const { a, b, lot, modelId, siteId } = await team();
    const c = await device('c');
    const other = ok(await createLotCommand(a, lotDraft(modelId, 'L-2', siteId), 'ada'));
    await exchange(a, b);
    await exchange(a, c);
    ok(await addUnits(a, lot.id, [{ ...bareUnit('SN-Z001'), assetTag: 'AT-1' }], 'ada'));
    ok(await addUnits(b, other.id, [{ ...bareUnit('SN-A001'), assetTag: 'AT-1' }], 'bob'));
    await exchangeBothWays(a, b);
    // A third device takes both receipts in one round (applied forward, not folded again).
    await exchange(a, c);
    const [conflict, ...rest] = await conflictsOf(a, b);
    expect(rest).toEqual([]);
    expect(await currentConflicts(c)).toEqual([conflict]);
    expect(conflict).toMatchObject({ kind: 'code-twice', message: expect.stringContaining('Asset tag AT-1 was given to') });
    const [first, later] = conflict!.codes![0]!.serials as [string, string];
    for (const d of [a, b, c]) {
      expect(await findUnit(d, 'at-1')).toMatchObject({ unit: { serial: first }, matchedBy: 'asset-tag', contested: { conflictId: conflict!.id, serials: [first, later] } });
    }
    ok(await resolveConflictCommand(b, conflict!.id, 'keep-earlier', 'bob'));
    await exchangeBothWays(a, b);
    await exchange(b, c);
    expect(await conflictsOf(a, b)).toEqual([]);
    for (const d of [a, b, c]) {
      expect(await findUnit(d, 'AT-1')).toMatchObject({ unit: { serial: first }, contested: null });
      expect((await findUnit(d, later))?.unit.assetTag).toBe('');
    }
    expect((await verifyLedger(c)).problems).toEqual([]);
  });

  it('shows a serial received on one device that another gave as an asset tag; a look-up finds the unit whose serial it is', async () => {
    const { a, b, lot, modelId, siteId } = await team();
    const other = ok(await createLotCommand(a, lotDraft(modelId, 'L-2', siteId), 'ada'));
    await exchange(a, b);
    ok(await addUnits(a, lot.id, [{ ...bareUnit('SN-T001'), assetTag: 'CODE-9' }], 'ada'));
    ok(await addUnits(b, other.id, [bareUnit('CODE-9')], 'bob'));
    await exchangeBothWays(a, b);
    const [conflict, ...rest] = await conflictsOf(a, b);
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({ kind: 'code-twice', codes: [{ code: 'CODE-9', serials: ['CODE-9', 'SN-T001'] }] });
    expect(conflict!.resolutions.map((r) => r.key)).toEqual(['keep-serial']);
    for (const d of [a, b]) expect(await findUnit(d, 'CODE-9')).toMatchObject({ unit: { serial: 'CODE-9', lotId: other.id }, matchedBy: 'serial', contested: { serials: ['CODE-9', 'SN-T001'] } });
    ok(await resolveConflictCommand(a, conflict!.id, 'keep-serial', 'ada'));
    await exchangeBothWays(a, b);
    expect(await conflictsOf(a, b)).toEqual([]);
    for (const d of [a, b]) {
      expect(await findUnit(d, 'CODE-9')).toMatchObject({ unit: { serial: 'CODE-9' }, contested: null });
      expect((await findUnit(d, 'SN-T001'))?.unit.assetTag).toBe('');
    }
  });
});
