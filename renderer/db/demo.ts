/**
 * The demo fleet: loaded on first run so a new user sees a realistic fleet, marked as demo
 * data everywhere, and removable in one click.
 */
import { appendTo } from '../../shared/collections';
import type { HardwareModel, Site } from '../../shared/catalog';
import type { Uuid } from '../../shared/ids';
import { catalogCreatedEvent, saveModel, saveSite } from '../../shared/catalogChanges';
import { addDays, type IsoDate } from '../../shared/dates';
import { demoFleet } from '../../shared/demoFleet';
import { eventWith, type LotEvent } from '../../shared/events';
import type { Lot } from '../../shared/lot';
import { createLot, moveLot, type ChangeContext, type MoveRequest } from '../../shared/lotChanges';
import { saveSupplier, type Supplier } from '../../shared/suppliers';
import type { FleetDb } from './database';
import { appendEvents, lastSeqs } from './eventLog';
import { describeObservation, observedEvent } from './market';
import { deleteUnitsOfLots } from './units';

/** A few moves of part of a lot, so the demo has split families and a history to look at. */
const DEMO_SPLITS: { status: Lot['status']; to: MoveRequest['to']; share: number; daysAgo: number; note: string }[] = [
  { status: 'staged', to: 'in-service', share: 0.5, daysAgo: 6, note: 'First half racked and burnt in.' },
  { status: 'in-service', to: 'rma', share: 0.1, daysAgo: 20, note: 'Failed PSUs, sent to vendor.' },
  { status: 'in-service', to: 'refresh-candidate', share: 0.25, daysAgo: 12, note: 'Oldest racks first.' },
  { status: 'received', to: 'staged', share: 0.5, daysAgo: 3, note: 'Half of the pallet unpacked.' },
];

/** Writes the demo fleet into the ledger, with its events, in one transaction. */
export async function seedDemoFleet(db: FleetDb, today: IsoDate, ctx: ChangeContext): Promise<void> {
  await writeDemoFleet(db, today, ctx, false);
}

/**
 * The first run's demo fleet: seeded, and the ledger marked initialised, in one transaction,
 * unless the ledger already is initialised. Two tabs (or windows) opening a new profile at the
 * same time both find it uninitialised at start; their transactions run one after the other,
 * and the second finds the first's mark and seeds nothing (before, each seeded its own demo
 * fleet: every demo lot twice, under the same codes). Returns whether it seeded.
 */
export async function seedDemoOnFirstRun(db: FleetDb, today: IsoDate, ctx: ChangeContext): Promise<boolean> {
  return writeDemoFleet(db, today, ctx, true);
}

async function writeDemoFleet(db: FleetDb, today: IsoDate, ctx: ChangeContext, firstRunOnly: boolean): Promise<boolean> {
  const fleet = demoFleet({ today, now: ctx.now, newId: ctx.newId, policies: await db.getSetting('policyTemplates') });
  return db.transaction('rw', [db.models, db.sites, db.suppliers, db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.settings, db.marketObservations], async () => {
    if (firstRunOnly && (await db.getSetting('initialised'))) return false;
    const events: LotEvent[] = [];
    const lots = new Map<Uuid, Lot>();
    const seqs = new Map<Uuid, number>();
    const codes = new Set<string>();
    for (const m of fleet.models) events.push(catalogCreatedEvent(ctx, 'model', m));
    for (const s of fleet.sites) events.push(catalogCreatedEvent(ctx, 'site', s));
    for (const s of fleet.suppliers) events.push(catalogCreatedEvent(ctx, 'supplier', s));
    for (const draft of fleet.lots) {
      const r = createLot({ ...draft }, ctx, codes, { note: 'Demo fleet' });
      if (!r.ok) throw new Error(`Demo lot ${draft.code} is invalid: ${JSON.stringify(r.error)}`);
      const lot = r.value.lots[0] as Lot;
      lots.set(lot.id, lot);
      seqs.set(lot.id, 1);
      codes.add(lot.code);
      events.push(...r.value.events);
    }
    for (const split of DEMO_SPLITS) {
      const lot = [...lots.values()].find((l) => l.status === split.status && l.quantity >= 4 && l.parentId === null && !l.code.includes('.'));
      if (!lot) continue;
      const date = addDays(today, -split.daysAgo);
      const r = moveLot(lot, seqs.get(lot.id) ?? 1, { to: split.to, quantity: Math.max(1, Math.round(lot.quantity * split.share)), date: date < lot.purchaseDate ? lot.purchaseDate : date, note: split.note }, ctx, { takenCodes: codes });
      if (!r.ok) throw new Error(`Demo split of ${lot.code} failed: ${r.error}`);
      for (const l of r.value.lots) {
        lots.set(l.id, l);
        codes.add(l.code);
      }
      for (const e of r.value.events) seqs.set(e.lotId, e.seq);
      events.push(...r.value.events);
    }
    // Market prices, each recorded on its model's history after the model's creation (seq 1).
    const modelSeqs = new Map<Uuid, number>();
    for (const o of fleet.observations) {
      const seq = (modelSeqs.get(o.modelId) ?? 1) + 1;
      modelSeqs.set(o.modelId, seq);
      events.push(observedEvent(ctx, o, seq, `${describeObservation(o)}.`));
    }
    await db.models.bulkPut(fleet.models);
    await db.sites.bulkPut(fleet.sites);
    await db.suppliers.bulkPut(fleet.suppliers);
    await db.marketObservations.bulkPut(fleet.observations);
    await db.lots.bulkPut([...lots.values()]);
    await appendEvents(db, events);
    await db.settings.put({ key: 'demoFleet', value: true });
    if (firstRunOnly) await db.settings.put({ key: 'initialised', value: true });
    return true;
  });
}

/** An event that takes a record out of the ledger (or, on a model, some of its market prices). */
function removalEvent(ctx: ChangeContext, entity: 'lot' | 'model' | 'site' | 'supplier', id: Uuid, seq: number, type: 'removed' | 'prices-removed', after: Record<string, unknown>, note: string): LotEvent {
  return eventWith({ entity, lotId: id, seq, at: ctx.now, actor: ctx.actor, type, after: after as LotEvent['after'], note });
}

/**
 * Removes every demo record in one transaction. Models, sites and suppliers that the user's own
 * lots refer to stay (they become ordinary records). The log is append-only, so nothing is deleted from it:
 * each removal is an event (`removed`, `prices-removed`), and a rebuild from the events leaves
 * the demo out just as this does.
 */
export async function clearDemoFleet(db: FleetDb, ctx: ChangeContext): Promise<{ lots: number; models: number; sites: number; suppliers: number }> {
  return db.transaction('rw', [db.models, db.sites, db.suppliers, db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.settings, db.marketObservations, db.unitPages, db.serialBuckets, db.assetTagBuckets], async () => {
    const allLots = await db.lots.toArray();
    const demoLots = allLots.filter((l) => l.demo);
    const ownLots = allLots.filter((l) => !l.demo);
    const usedModels = new Set(ownLots.map((l) => l.modelId));
    const usedSites = new Set(ownLots.flatMap((l) => (l.siteId ? [l.siteId] : [])));
    const allModels = await db.models.toArray();
    const allSites = await db.sites.toArray();
    const usedSuppliers = new Set(ownLots.flatMap((l) => (l.supplierId ? [l.supplierId] : [])));
    const allSuppliers = await db.suppliers.toArray();
    const dropSuppliers = new Set(allSuppliers.filter((s) => s.demo && !usedSuppliers.has(s.id)).map((s) => s.id));
    const dropModels = new Set(allModels.filter((m) => m.demo && !usedModels.has(m.id)).map((m) => m.id));
    const dropSites = new Set(allSites.filter((s) => s.demo && !usedSites.has(s.id)).map((s) => s.id));
    const demoPrices = (await db.marketObservations.toArray()).filter((o) => o.demo === true);
    const pricesByModel = new Map<Uuid, string[]>();
    for (const o of demoPrices) appendTo(pricesByModel, o.modelId, o.id);

    const seqs = await lastSeqs(db, [...demoLots.map((l) => l.id), ...allModels.map((m) => m.id), ...allSites.map((x) => x.id), ...allSuppliers.map((x) => x.id)]);
    const nextSeq = (id: Uuid): number => {
      const seq = (seqs.get(id) ?? 0) + 1;
      seqs.set(id, seq);
      return seq;
    };
    const events: LotEvent[] = [];
    // Demo market prices go, even on models that stay (they were never seen); before the models.
    for (const [modelId, ids] of pricesByModel) {
      events.push(removalEvent(ctx, 'model', modelId, nextSeq(modelId), 'prices-removed', { observationIds: ids }, `${ids.length} demo market prices removed with the demo fleet.`));
    }
    for (const l of demoLots) events.push(removalEvent(ctx, 'lot', l.id, nextSeq(l.id), 'removed', { removed: 'lot' }, 'Removed with the demo fleet.'));
    for (const id of dropModels) events.push(removalEvent(ctx, 'model', id, nextSeq(id), 'removed', { removed: 'model' }, 'Removed with the demo fleet.'));
    for (const id of dropSites) events.push(removalEvent(ctx, 'site', id, nextSeq(id), 'removed', { removed: 'site' }, 'Removed with the demo fleet.'));
    for (const id of dropSuppliers) events.push(removalEvent(ctx, 'supplier', id, nextSeq(id), 'removed', { removed: 'supplier' }, 'Removed with the demo fleet.'));

    // Demo models and sites the user's own lots use stay, as ordinary records; the change is recorded.
    const keptModels = allModels.filter((m) => !dropModels.has(m.id));
    const keptRecords: { models: HardwareModel[]; sites: Site[]; suppliers: Supplier[] } = { models: [], sites: [], suppliers: [] };
    for (const m of keptModels.filter((k) => k.demo || (k.successorId !== null && dropModels.has(k.successorId)))) {
      const draft = { ...m, demo: false, successorId: m.successorId && dropModels.has(m.successorId) ? null : m.successorId };
      const r = saveModel(draft, m, keptModels, ctx);
      if (r.ok && r.value.event) {
        keptRecords.models.push(r.value.record);
        events.push({ ...r.value.event, seq: nextSeq(m.id), note: 'Kept when the demo fleet was cleared.' });
      }
    }
    for (const site of allSites.filter((x) => x.demo && !dropSites.has(x.id))) {
      const r = saveSite({ ...site, demo: false }, site, allSites.filter((x) => !dropSites.has(x.id)), ctx);
      if (r.ok && r.value.event) {
        keptRecords.sites.push(r.value.record);
        events.push({ ...r.value.event, seq: nextSeq(site.id), note: 'Kept when the demo fleet was cleared.' });
      }
    }
    for (const supplier of allSuppliers.filter((x) => x.demo && !dropSuppliers.has(x.id))) {
      const r = saveSupplier({ ...supplier, demo: false }, supplier, allSuppliers.filter((x) => !dropSuppliers.has(x.id)), ctx);
      if (r.ok && r.value.event) {
        keptRecords.suppliers.push(r.value.record);
        events.push({ ...r.value.event, seq: nextSeq(supplier.id), note: 'Kept when the demo fleet was cleared.' });
      }
    }

    await db.marketObservations.bulkDelete(demoPrices.map((o) => o.id));
    await db.lots.bulkDelete(demoLots.map((l) => l.id));
    // Units someone scanned into a demo lot go with it; left behind, their serials would be
    // refused as "already in the fleet" in a lot that no longer exists.
    await deleteUnitsOfLots(db, demoLots.map((l) => l.id));
    await db.models.bulkDelete([...dropModels]);
    await db.sites.bulkDelete([...dropSites]);
    await db.models.bulkPut(keptRecords.models);
    await db.sites.bulkPut(keptRecords.sites);
    await db.suppliers.bulkDelete([...dropSuppliers]);
    await db.suppliers.bulkPut(keptRecords.suppliers);
    await appendEvents(db, events);
    await db.settings.put({ key: 'demoFleet', value: false });
    return { lots: demoLots.length, models: dropModels.size, sites: dropSites.size, suppliers: dropSuppliers.size };
  });
}
