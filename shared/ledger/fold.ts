/**
 * The ledger's projections from its events alone (LEDGER.md §1): lots, units, models, sites,
 * market prices and the team settings. The tables in IndexedDB are a copy of this, kept in step
 * by every command; `foldLedger` is what a rebuild writes, what *Verify ledger* compares the
 * tables with, and what a backup's snapshot must equal.
 */
import type { HardwareModel, Site } from '../catalog';
import type { LotEvent } from '../events';
import type { Uuid } from '../ids';
import type { Lot } from '../lot';
import { replayLot } from '../lotChanges';
import type { MarketObservation } from '../market';
import { compareEventsInLog, replayUnits, type Unit } from '../units';
import { DEFAULT_TEAM_SETTINGS, isTeamSettingKey, TEAM_SETTING_CHECKS, type TeamSettings } from './teamSettings';

/** Every projection, in a canonical order: records by id, units by serial. */
export interface LedgerSnapshot {
  lots: Lot[];
  models: HardwareModel[];
  sites: Site[];
  observations: MarketObservation[];
  units: Unit[];
  settings: TeamSettings;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const bySerial = (a: Unit, b: Unit): number => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0);

/** A snapshot's records in canonical order (the tables give them in key order, which is the same, but say so). */
export function sortSnapshot(s: LedgerSnapshot): LedgerSnapshot {
  return {
    lots: [...s.lots].sort(byId),
    models: [...s.models].sort(byId),
    sites: [...s.sites].sort(byId),
    observations: [...s.observations].sort(byId),
    units: [...s.units].sort(bySerial),
    settings: s.settings,
  };
}

function applyCatalogue<T extends { id: string; updatedAt: string }>(records: Map<Uuid, T>, e: LotEvent): void {
  switch (e.type) {
    case 'created':
    case 'imported':
      records.set(e.lotId, { ...(e.after as unknown as T) });
      break;
    case 'edited':
    case 'resolved': {
      const current = records.get(e.lotId);
      // An edit's fields leave out `updatedAt`; the edit was made when its event was.
      if (current !== undefined) records.set(e.lotId, { ...current, ...(e.after as unknown as Partial<T>), updatedAt: e.at });
      break;
    }
    case 'removed':
      records.delete(e.lotId);
      break;
    default:
      break;
  }
}

/** Folds events (in any order given; they are applied in clock order) into every projection. */
export function foldLedger(events: readonly LotEvent[]): LedgerSnapshot {
  const ordered = [...events].sort(compareEventsInLog);
  const lotEvents = new Map<Uuid, LotEvent[]>();
  const models = new Map<Uuid, HardwareModel>();
  const sites = new Map<Uuid, Site>();
  const observations = new Map<Uuid, MarketObservation>();
  const settings: TeamSettings = { ...DEFAULT_TEAM_SETTINGS };
  for (const e of ordered) {
    switch (e.entity) {
      case 'lot': {
        const list = lotEvents.get(e.lotId);
        if (list) list.push(e);
        else lotEvents.set(e.lotId, [e]);
        break;
      }
      case 'model':
        if (e.type === 'observed') {
          const o = e.after as unknown as MarketObservation;
          observations.set(o.id, { ...o });
        } else if (e.type === 'prices-removed') {
          for (const id of (e.after as { observationIds?: unknown }).observationIds as string[] | undefined ?? []) observations.delete(id);
        } else {
          applyCatalogue(models, e);
        }
        break;
      case 'site':
        applyCatalogue(sites, e);
        break;
      case 'settings':
        if (e.type === 'settings-changed' || e.type === 'resolved') {
          const after = e.after as Record<string, unknown>;
          for (const key of Object.keys(after)) {
            if (isTeamSettingKey(key) && TEAM_SETTING_CHECKS[key](after[key])) setTeamSetting(settings, key, after[key] as TeamSettings[typeof key]);
          }
        }
        break;
      default: {
        const never: never = e.entity;
        throw new Error(`Unknown event entity ${String(never)}`);
      }
    }
  }
  const lots: Lot[] = [];
  for (const list of lotEvents.values()) {
    const lot = replayLot(list);
    if (lot !== null) lots.push(lot);
  }
  const units = [...replayUnits(ordered).values()];
  return sortSnapshot({ lots, models: [...models.values()], sites: [...sites.values()], observations: [...observations.values()], units, settings });
}

function setTeamSetting<K extends keyof TeamSettings>(target: TeamSettings, key: K, value: TeamSettings[K]): void {
  target[key] = value;
}
