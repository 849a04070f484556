/**
 * Small read functions for components, live through `useLiveQuery`: they re-run when the
 * tables they read change, so the UI never holds its own copy of database rows.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { HardwareModel, Site } from '../../shared/catalog';
import type { LotEvent } from '../../shared/events';
import type { Lot } from '../../shared/lot';
import { DEFAULT_SETTINGS, type Settings } from './database';
import { db } from './db';
import { lotEvents } from './lotCommands';

export interface Fleet {
  lots: Lot[];
  models: HardwareModel[];
  sites: Site[];
  modelsById: Map<string, HardwareModel>;
  sitesById: Map<string, Site>;
}

/** The whole fleet (2,000 lots read in a few ms), or undefined while loading. */
export function useFleet(): Fleet | undefined {
  return useLiveQuery(async () => {
    const [lots, models, sites] = await db.transaction('r', db.lots, db.models, db.sites, () =>
      Promise.all([db.lots.toArray(), db.models.toArray(), db.sites.toArray()]),
    );
    return {
      lots,
      models,
      sites,
      modelsById: new Map(models.map((m) => [m.id, m])),
      sitesById: new Map(sites.map((s) => [s.id, s])),
    };
  }, []);
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
