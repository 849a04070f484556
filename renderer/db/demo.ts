/**
 * The demo fleet: loaded on first run so a new user sees a realistic fleet, marked as demo
 * data everywhere, and removable in one click.
 */
import type { Uuid } from '../../shared/ids';
import { catalogCreatedEvent, saveModel, saveSite } from '../../shared/catalogChanges';
import { addDays, type IsoDate } from '../../shared/dates';
import { demoFleet } from '../../shared/demoFleet';
import type { LotEvent } from '../../shared/events';
import type { Lot } from '../../shared/lot';
import { createLot, moveLot, type ChangeContext, type MoveRequest } from '../../shared/lotChanges';
import type { FleetDb } from './database';
import { appendEvents, lastSeq, resyncEventLogs } from './eventLog';
import { describeObservation, observedEvent } from './market';
import { deleteUnitsOfLots } from './units';

/** A few moves of part of a lot, so the demo has split families and a history to look at. */
const DEMO_SPLITS: { status: Lot['status']; to: MoveRequest['to']; share: number; daysAgo: number; note: string }[] = [
  { status: 'staged', to: 'in-service', share: 0.5, daysAgo: 6, note: 'First half racked and burnt in.' },
  { status: 'in-service', to: 'rma', share: 0.1, daysAgo: 20, note: 'Failed PSUs, sent to vendor.' },
  { status: 'in-service', to: 'refresh-candidate', share: 0.25, daysAgo: 12, note: 'Oldest racks first.' },
  { status: 'received', to: 'staged', share: 0.5, daysAgo: 3, note: 'Half of the pallet unpacked.' },
];

export async function seedDemoFleet(db: FleetDb, today: IsoDate, ctx: ChangeContext): Promise<void> {
  const fleet = demoFleet({ today, now: ctx.now, newId: ctx.newId, policies: await db.getSetting('policyTemplates') });
  await db.transaction('rw', [db.models, db.sites, db.lots, db.events, db.eventSeqs, db.settings, db.marketObservations], async () => {
    const events: LotEvent[] = [];
    const lots = new Map<Uuid, Lot>();
    const seqs = new Map<Uuid, number>();
    const codes = new Set<string>();
    for (const m of fleet.models) events.push(catalogCreatedEvent(ctx, 'model', m));
    for (const s of fleet.sites) events.push(catalogCreatedEvent(ctx, 'site', s));
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
    await db.marketObservations.bulkPut(fleet.observations);
    await db.lots.bulkPut([...lots.values()]);
    await appendEvents(db, events);
    await db.settings.put({ key: 'demoFleet', value: true });
  });
}

/**
 * Removes every demo record and its history in one transaction. Models and sites that the
 * user's own lots refer to stay (they become ordinary records).
 */
export async function clearDemoFleet(db: FleetDb, ctx: ChangeContext): Promise<{ lots: number; models: number; sites: number }> {
  return db.transaction('rw', [db.models, db.sites, db.lots, db.events, db.eventSeqs, db.settings, db.marketObservations, db.unitPages, db.serialBuckets, db.assetTagBuckets], async () => {
    const allLots = await db.lots.toArray();
    const demoLots = allLots.filter((l) => l.demo);
    const ownLots = allLots.filter((l) => !l.demo);
    const usedModels = new Set(ownLots.map((l) => l.modelId));
    const usedSites = new Set(ownLots.flatMap((l) => (l.siteId ? [l.siteId] : [])));
    const allModels = await db.models.toArray();
    const allSites = await db.sites.toArray();
    const dropModels = new Set(allModels.filter((m) => m.demo && !usedModels.has(m.id)).map((m) => m.id));
    const dropSites = new Set(allSites.filter((s) => s.demo && !usedSites.has(s.id)).map((s) => s.id));
    const ids = [...demoLots.map((l) => l.id), ...dropModels, ...dropSites];
    await db.events.where('lotId').anyOf(ids).delete();
    // Demo market prices go too, with their events, even on models that stay (they were never seen).
    const demoPrices = await db.marketObservations.filter((o) => o.demo === true).primaryKeys();
    const demoPriceIds = new Set<string>(demoPrices);
    await db.marketObservations.bulkDelete(demoPrices);
    await db.events
      .where('lotId')
      .anyOf(allModels.filter((m) => !dropModels.has(m.id)).map((m) => m.id))
      .filter((e) => e.type === 'observed' && demoPriceIds.has(String((e.after as { id?: unknown } | null)?.id)))
      .delete();
    // The seq counters follow the deleted events: gone for dropped records, the last kept seq for models that stay.
    await resyncEventLogs(db, [...ids, ...allModels.filter((m) => !dropModels.has(m.id)).map((m) => m.id)]);
    await db.lots.bulkDelete(demoLots.map((l) => l.id));
    // Units someone scanned into a demo lot go with it; left behind, their serials would be
    // refused as "already in the fleet" in a lot that no longer exists.
    await deleteUnitsOfLots(db, demoLots.map((l) => l.id));
    await db.models.bulkDelete([...dropModels]);
    await db.sites.bulkDelete([...dropSites]);
    // Demo models and sites the user's own lots use stay, as ordinary records; the change is recorded.
    const keptModels = allModels.filter((m) => !dropModels.has(m.id));
    for (const m of keptModels.filter((k) => k.demo || (k.successorId !== null && dropModels.has(k.successorId)))) {
      const draft = { ...m, demo: false, successorId: m.successorId && dropModels.has(m.successorId) ? null : m.successorId };
      const r = saveModel(draft, m, keptModels, ctx);
      if (r.ok && r.value.event) {
        await db.models.put(r.value.record);
        await appendEvents(db, [{ ...r.value.event, seq: (await lastSeq(db, m.id)) + 1, note: 'Kept when the demo fleet was cleared.' }]);
      }
    }
    const keptSites = allSites.filter((s) => s.demo && !dropSites.has(s.id));
    for (const site of keptSites) {
      const r = saveSite({ ...site, demo: false }, site, allSites.filter((s) => !dropSites.has(s.id)), ctx);
      if (r.ok && r.value.event) {
        await db.sites.put(r.value.record);
        await appendEvents(db, [{ ...r.value.event, seq: (await lastSeq(db, site.id)) + 1, note: 'Kept when the demo fleet was cleared.' }]);
      }
    }
    await db.settings.put({ key: 'demoFleet', value: false });
    return { lots: demoLots.length, models: dropModels.size, sites: dropSites.size };
  });
}
