/**
 * Small read functions for components, live through `useLiveQuery`: they re-run when the
 * tables they read change, so the UI never holds its own copy of database rows.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { HardwareModel, Site } from '../../shared/catalog';
import type { LotEvent } from '../../shared/events';
import type { Lot } from '../../shared/lot';
import type { Supplier } from '../../shared/suppliers';
import { DEFAULT_SETTINGS, type FleetDb, type Settings } from './database';
import { db } from './db';
import { lotEvents } from './lotCommands';

export interface Fleet {
  lots: Lot[];
  models: HardwareModel[];
  sites: Site[];
  suppliers: Supplier[];
  modelsById: Map<string, HardwareModel>;
  sitesById: Map<string, Site>;
  suppliersById: Map<string, Supplier>;
}

/**
 * The start-up read: every lot, model, site and supplier, in one read transaction. Units are not read
 * here: the lot list shows counts from the lots themselves, and a lot's units are read when its
 * units tab opens (`unitsOfLot`). scripts/benchUnitsPage.ts times this function at fleet scale.
 */
export async function readFleet(from: FleetDb): Promise<Fleet> {
  const [lots, models, sites, suppliers] = await from.transaction('r', [from.lots, from.models, from.sites, from.suppliers], () =>
    Promise.all([from.lots.toArray(), from.models.toArray(), from.sites.toArray(), from.suppliers.toArray()]),
  );
  return {
    lots,
    models,
    sites,
    suppliers: suppliers.sort((a, b) => a.name.localeCompare(b.name)),
    modelsById: new Map(models.map((m) => [m.id, m])),
    sitesById: new Map(sites.map((s) => [s.id, s])),
    suppliersById: new Map(suppliers.map((s) => [s.id, s])),
  };
}

/** The whole fleet (see {@link readFleet}), or undefined while loading. */
export function useFleet(): Fleet | undefined {
  return useLiveQuery(() => readFleet(db), []);
}

/** A lot, null when it does not exist, undefined while loading. */
export function useLot(id: string): Lot | null | undefined {
  return useLiveQuery(async () => (await db.lots.get(id)) ?? null, [id]);
}

export function useLotEvents(id: string): LotEvent[] | undefined {
  return useLiveQuery(() => lotEvents(db, id), [id]);
}

/** The split family of a lot: its parent and its children. */
export function useLotFamily(lot: Lot | null | undefined): { parent: Lot | null; children: Lot[] } | undefined {
  const id = lot?.id ?? '';
  const parentId = lot?.parentId ?? '';
  return useLiveQuery(async () => {
    if (!id) return { parent: null, children: [] };
    const [parent, children] = await Promise.all([parentId ? db.lots.get(parentId) : undefined, db.lots.where('parentId').equals(id).toArray()]);
    return { parent: parent ?? null, children: children.sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true })) };
  }, [id, parentId]);
}

export function useSettings(): Settings {
  return useLiveQuery(() => db.getSettings(), []) ?? DEFAULT_SETTINGS;
}

/**
 * The settings, or undefined until they have been read. For a form that starts from them (a
 * value taken once): `useSettings` gives the built-in defaults on the first render, so a team's
 * EUR would start as USD.
 */
export function useStoredSettings(): Settings | undefined {
  return useLiveQuery(() => db.getSettings(), []);
}
