/**
 * Other devices' events taken into this ledger (issue 10: renderer/db/eventLog.ts
 * mergeRemoteEvents, renderer/db/ledger.ts applyRemoteEvents): in clock order wherever they
 * fall, each device's counter without gaps, never under this device's own id; and devices that
 * hold the same events show the same fleet, whatever order the events arrived in.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { saveModelCommand, saveSiteCommand } from '../../../renderer/db/catalogCommands';
import type { FleetDb } from '../../../renderer/db/database';
import { LEDGER_ROW_KEY, readLog } from '../../../renderer/db/eventLog';
import { applyRemoteEvents, readSnapshot, verifyLedger } from '../../../renderer/db/ledger';
import { correctMoveDateCommand, createLotCommand, editLotCommand, moveLotCommand } from '../../../renderer/db/lotCommands';
import type { LotEvent } from '../../../shared/events';
import { parseEventId } from '../../../shared/ledger/clock';
import type { LotStatus } from '../../../shared/lifecycle';
import { codeConflicts, ledgerConflicts } from '../../../shared/sync/conflicts';
import { bareUnit } from '../../../shared/units';
import { currentConflicts } from '../../../renderer/features/conflicts/useConflicts';
import { addUnits } from '../../../renderer/db/units';
import { testDatabases } from './migrationHarness';
import { lotDraft, MODEL, ok, SITE } from './teamFixture';

const databases = testDatabases();
const device = databases.open;
afterEach(databases.dropAll);

async function deviceId(db: FleetDb): Promise<string> {
  return (await db.ledger.get(LEDGER_ROW_KEY))!.deviceId;
}

/** Everything `from` holds, offered to `to` (a device reads every other device's segments). */
async function exchange(from: FleetDb, to: FleetDb): Promise<void> {
  const result = await applyRemoteEvents(to, await readLog(from));
  expect(result.problems).toEqual([]);
}

const withoutSeq = (events: LotEvent[]): unknown[] => events.map(({ seq: _seq, ...rest }) => rest);

async function sameLedger(a: FleetDb, b: FleetDb): Promise<void> {
  expect(withoutSeq(await readLog(b))).toEqual(withoutSeq(await readLog(a)));
  expect(await readSnapshot(b)).toEqual(await readSnapshot(a));
  // The same conflicts on both, and what the events alone give.
  const conflicts = await currentConflicts(a);
  expect(await currentConflicts(b)).toEqual(conflicts);
  expect(conflicts).toEqual(ledgerConflicts(await readLog(a)));
  expect((await verifyLedger(a)).problems).toEqual([]);
  expect((await verifyLedger(b)).problems).toEqual([]);
}

describe('taking other devices’ events', () => {
  it('gives a second device the first one’s fleet', async () => {
    const a = await device('a');
    const b = await device('b');
    const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
    const site = ok(await saveSiteCommand(a, SITE, null, 'ada'));
    const lot = ok(await createLotCommand(a, lotDraft(model.id, 'L-1', site.id), 'ada'));
    ok(await editLotCommand(a, lot.id, { notes: 'racked' }, 'ada'));
    const result = await applyRemoteEvents(b, await readLog(a));
    expect(result).toEqual({ applied: 4, known: 0, problems: [] });
    await sameLedger(a, b);
    // Offered again, nothing changes.
    expect(await applyRemoteEvents(b, await readLog(a))).toEqual({ applied: 0, known: 4, problems: [] });
  });

  it('merges concurrent changes of two devices into the same ledger on both', async () => {
    const a = await device('a');
    const b = await device('b');
    const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
    const site = ok(await saveSiteCommand(a, SITE, null, 'ada'));
    const lot = ok(await createLotCommand(a, lotDraft(model.id, 'L-1', site.id), 'ada'));
    await exchange(a, b);
    // Both change the same lot and make lots of their own, without seeing each other.
    ok(await editLotCommand(a, lot.id, { notes: 'from a' }, 'ada'));
    ok(await moveLotCommand(b, lot.id, { to: 'spare', quantity: 8, date: '2025-06-01' }, 'bob'));
    ok(await createLotCommand(b, lotDraft(model.id, 'B-1', site.id), 'bob'));
    ok(await createLotCommand(a, lotDraft(model.id, 'A-1', site.id), 'ada'));
    await exchange(a, b);
    await exchange(b, a);
    await sameLedger(a, b);
    const merged = (await a.lots.get(lot.id))!;
    expect([merged.notes, merged.status]).toEqual(['from a', 'spare']);
    expect((await a.lots.toArray()).map((l) => l.code).sort()).toEqual(['A-1', 'B-1', 'L-1']);
  });

  it('puts events made earlier, arriving later, in their clock place, rewriting only the blocks from there', async () => {
    const a = await device('a');
    const b = await device('b');
    const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
    await exchange(a, b);
    // b's edits are stamped first; a's many later ones fill sealed blocks.
    for (let i = 0; i < 3; i++) ok(await saveModelCommand(b, { ...model, notes: `b ${i}` }, model.id, 'bob'));
    for (let i = 0; i < 260; i++) ok(await saveModelCommand(a, { ...model, notes: `a ${i} ${'x'.repeat(1000)}` }, model.id, 'ada'));
    const sealedBefore = (await a.logBlocks.toArray()).filter((blk) => blk.gz !== undefined);
    expect(sealedBefore.length).toBeGreaterThan(1);
    await exchange(b, a);
    const log = await readLog(a);
    expect(log.map((e) => e.hlc)).toEqual([...log.map((e) => e.hlc)].sort());
    const bDevice = await deviceId(b);
    const bIds = new Set((await readLog(b)).filter((e) => e.id.startsWith(`${bDevice}:`)).map((e) => e.id));
    expect(log.filter((e) => bIds.has(e.id))).toHaveLength(3);
    // The blocks wholly before b's first event are kept byte for byte.
    const firstB = log.find((e) => bIds.has(e.id))!.hlc;
    const kept = sealedBefore.filter((blk) => blk.last < firstB);
    const now = await a.logBlocks.toArray();
    for (const blk of kept) expect(now.find((x) => x.first === blk.first)?.gz).toEqual(blk.gz);
    // The model's last edit by the clock is a's last one, on both devices.
    await exchange(a, b);
    await sameLedger(a, b);
    expect((await b.models.get(model.id))?.notes).toMatch(/^a 259 /u);
    // seq is each log's own numbering, in arrival order; replay follows the clock.
    const seqs = (await readLog(a)).filter((e) => e.lotId === model.id).map((e) => e.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('keeps both lots when two devices created the same lot code apart, and names the conflict', async () => {
    const a = await device('a');
    const b = await device('b');
    const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
    const site = ok(await saveSiteCommand(a, SITE, null, 'ada'));
    await exchange(a, b);
    const mine = ok(await createLotCommand(a, lotDraft(model.id, 'RACK-7', site.id), 'ada'));
    const theirs = ok(await createLotCommand(b, lotDraft(model.id, 'RACK-7', site.id), 'bob'));
    await exchange(a, b);
    await exchange(b, a);
    await sameLedger(a, b);
    expect(codeConflicts(await a.lots.toArray(), await a.sites.toArray())).toEqual([
      {
        id: 'lot-code:RACK-7',
        kind: 'lot-code',
        entity: 'lot',
        recordId: [mine.id, theirs.id].sort()[0],
        record: 'lot RACK-7',
        recordIds: [mine.id, theirs.id].sort(),
        message: 'Lot code RACK-7 is used by 2 lots, created on different devices before they synced. Rename all but one (Edit lot).',
        events: [],
        resolutions: [],
      },
    ]);
    // On one device the code stays taken: a third RACK-7 is refused.
    expect((await createLotCommand(a, lotDraft(model.id, 'RACK-7', site.id), 'ada')).ok).toBe(false);
    // Renaming one resolves it, on both devices after they exchange.
    ok(await editLotCommand(b, theirs.id, { code: 'RACK-7B' }, 'bob'));
    await exchange(b, a);
    expect(codeConflicts(await a.lots.toArray(), await a.sites.toArray())).toEqual([]);
  });

  it('holds back a device’s events after a gap until the missing ones come', async () => {
    const a = await device('a');
    const b = await device('b');
    const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
    for (let i = 0; i < 4; i++) ok(await saveModelCommand(a, { ...model, notes: `a ${i}` }, model.id, 'ada'));
    const events = await readLog(a);
    const late = await applyRemoteEvents(b, events.slice(2));
    expect(late.applied).toBe(0);
    expect(late.problems).toEqual([`Device ${(await deviceId(a)).slice(0, 8)}: its events from 1 on have not all arrived; 3 later ones wait for them.`]);
    expect(await b.models.count()).toBe(0);
    expect(await applyRemoteEvents(b, events.slice(0, 2))).toMatchObject({ applied: 2, problems: [] });
    expect(await applyRemoteEvents(b, events)).toMatchObject({ applied: 3, known: 2, problems: [] });
    await sameLedger(a, b);
  });

  it('refuses events under this device’s own id that it did not make, changing nothing', async () => {
    const a = await device('a');
    const b = await device('b');
    const model = ok(await saveModelCommand(a, MODEL, null, 'ada'));
    const own = await deviceId(b);
    const forged = (await readLog(a)).map((e) => ({ ...e, id: `${own}:${parseEventId(e.id)!.counter}` }));
    const result = await applyRemoteEvents(b, forged);
    expect(result.applied).toBe(0);
    expect(result.problems[0]).toMatch(/^1 events carry this device’s id \(.{8}\) but were not made here/u);
    expect(await b.models.get(model.id)).toBeUndefined();
  });
});

describe('convergence (property)', () => {
  const STATUSES: LotStatus[] = ['in-service', 'spare', 'rma', 'staged', 'refresh-candidate'];
  type Op =
    | { kind: 'create'; at: number }
    | { kind: 'edit'; at: number; lot: number; note: string }
    | { kind: 'move'; at: number; lot: number; to: number }
    | { kind: 'model'; at: number; note: string }
    | { kind: 'receive'; at: number; lot: number; serial: number }
    | { kind: 'fix'; at: number; lot: number; date: number }
    | { kind: 'sync'; from: number; to: number };
  /** Dates a move's date is corrected to: before, after, and well after the moves' own. */
  const FIX_DATES = ['2025-05-20', '2025-06-03', '2025-06-20'];
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('create' as const), at: fc.nat(2) }),
    fc.record({ kind: fc.constant('edit' as const), at: fc.nat(2), lot: fc.nat(20), note: fc.string({ maxLength: 6 }) }),
    fc.record({ kind: fc.constant('move' as const), at: fc.nat(2), lot: fc.nat(20), to: fc.nat(STATUSES.length - 1) }),
    fc.record({ kind: fc.constant('model' as const), at: fc.nat(2), note: fc.string({ maxLength: 6 }) }),
    fc.record({ kind: fc.constant('receive' as const), at: fc.nat(2), lot: fc.nat(20), serial: fc.nat(5) }),
    fc.record({ kind: fc.constant('fix' as const), at: fc.nat(2), lot: fc.nat(20), date: fc.nat(FIX_DATES.length - 1) }),
    fc.record({ kind: fc.constant('sync' as const), from: fc.nat(2), to: fc.nat(2) }),
  );

  it('three devices, random concurrent changes, random exchanges: after all exchange, identical ledgers and conflict lists', async () => {
    const kinds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 14 }), fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { minLength: 6, maxLength: 6 }), async (ops, finalOrder) => {
        const devices = [await device('p0'), await device('p1'), await device('p2')];
        const [first] = devices as [FleetDb];
        const model = ok(await saveModelCommand(first, MODEL, null, 'ada'));
        const site = ok(await saveSiteCommand(first, SITE, null, 'ada'));
        // A lot all three hold, moved two ways at once before anyone exchanges: every run has crossing moves.
        const base = ok(await createLotCommand(first, lotDraft(model.id, 'BASE', site.id), 'ada'));
        // And one whose move's date is corrected on one device while it moves on, dated before that, on another.
        const dated = ok(await createLotCommand(first, lotDraft(model.id, 'DATED', site.id), 'ada'));
        ok(await moveLotCommand(first, dated.id, { to: 'spare', quantity: 8, date: '2025-06-01' }, 'ada'));
        for (const d of devices.slice(1)) await exchange(first, d);
        ok(await moveLotCommand(devices[1]!, base.id, { to: 'spare', quantity: 4, date: '2025-06-01' }, 'u1'));
        ok(await moveLotCommand(devices[2]!, base.id, { to: 'rma', quantity: 8, date: '2025-06-02' }, 'u2'));
        ok(await correctMoveDateCommand(devices[1]!, dated.id, '2025-06-20', 'u1'));
        ok(await moveLotCommand(devices[2]!, dated.id, { to: 'rma', quantity: 8, date: '2025-06-10' }, 'u2'));
        let created = 0;
        for (const o of ops) {
          if (o.kind === 'sync') {
            if (o.from !== o.to) await exchange(devices[o.from]!, devices[o.to]!);
            continue;
          }
          const d = devices[o.at]!;
          const lots = await d.lots.orderBy('code').toArray();
          const lot = lots.length > 0 && 'lot' in o ? lots[o.lot % lots.length]! : null;
          if (o.kind === 'create') ok(await createLotCommand(d, lotDraft(model.id, `D${o.at}-${created++}`, site.id), `u${o.at}`));
          else if (o.kind === 'edit' && lot) ok(await editLotCommand(d, lot.id, { notes: o.note }, `u${o.at}`));
          // A move the lot's status does not allow is refused here and records nothing: as in the app.
          else if (o.kind === 'move' && lot) {
            // Half the lot where it can be split (a split makes a new lot), else all of it.
            await moveLotCommand(d, lot.id, { to: STATUSES[o.to]!, quantity: o.lot % 2 === 0 || lot.quantity < 2 ? lot.quantity : Math.floor(lot.quantity / 2), date: '2025-06-01' }, `u${o.at}`);
          }
          // A serial from a small pool: two devices receive the same one now and then. Refused (recording nothing) where this device has it or the lot is full.
          else if (o.kind === 'receive' && lot) await addUnits(d, lot.id, [bareUnit(`SN-${o.serial}`)], `u${o.at}`);
          // The last move's date corrected; refused (recording nothing) where the lot has no dated move or the date does not fit.
          else if (o.kind === 'fix' && lot) await correctMoveDateCommand(d, lot.id, FIX_DATES[o.date]!, `u${o.at}`);
          else if (o.kind === 'model') ok(await saveModelCommand(d, { ...(await d.models.get(model.id))!, notes: o.note }, model.id, `u${o.at}`));
        }
        // Everyone exchanges with everyone, in a random order, then once more in a fixed one.
        for (const [from, to] of finalOrder) if (from !== to) await exchange(devices[from]!, devices[to]!);
        for (const from of devices) for (const to of devices) if (from !== to) await exchange(from, to);
        for (const d of devices) for (const to of devices) if (d !== to) await exchange(d, to);
        const [d0, d1, d2] = devices as [FleetDb, FleetDb, FleetDb];
        await sameLedger(d0, d1);
        await sameLedger(d0, d2);
        for (const c of await currentConflicts(d0)) kinds.add(c.kind);
        for (const d of devices.splice(0)) await databases.drop(d);
      }),
      { numRuns: 12 },
    );
    // Not vacuous: the runs made conflicts (every run has the crossing moves of BASE and the crossing dates of DATED).
    expect(kinds).toContain('stale-move');
    expect(kinds).toContain('move-date');
  }, 120_000);
});
