/**
 * The ledger's projections from its events alone (LEDGER.md §1): lots, units, models, sites,
 * suppliers, market prices and the team settings. The tables in IndexedDB are a copy of this, kept in step
 * by every command; `foldLedger` is what a rebuild writes, what *Verify ledger* compares the
 * tables with, and what a backup's snapshot must equal.
 */
import type { HardwareModel, Site } from '../catalog';
import type { LotEvent } from '../events';
import type { Uuid } from '../ids';
import type { Lot } from '../lot';
import { stepLot } from '../lotChanges';
import type { MarketObservation } from '../market';
import type { Supplier } from '../suppliers';
import { compareEventsInLog, stepUnits, type Unit } from '../units';
import { appliedTeamSetting, DEFAULT_TEAM_SETTINGS, isTeamSettingKey, TEAM_SETTING_CHECKS, type TeamSettings } from './teamSettings';

/** Every projection, in a canonical order: records by id, units by serial. */
export interface LedgerSnapshot {
  lots: Lot[];
  models: HardwareModel[];
  sites: Site[];
  /** Empty in a backup made before suppliers were records (issue 13). */
  suppliers: Supplier[];
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
    suppliers: [...s.suppliers].sort(byId),
    observations: [...s.observations].sort(byId),
    units: [...s.units].sort(bySerial),
    settings: s.settings,
  };
}

/**
 * `made` as a second creation of `current` adds to it: the fields `current` leaves empty (null,
 * '' or absent) are taken from `made`, the rest stand. A supplier made from a name takes the id
 * the name gives, so two devices that add "Arrow" before they sync both create one record: the
 * first stands, and what the second filled in is kept where the first had nothing.
 */
export function fillEmpty<T extends object>(current: T, made: T): T {
  const out: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(made)) {
    const have = out[key];
    if (have === undefined || have === null || have === '') out[key] = value;
  }
  return out as T;
}

function applyCatalogue<T extends { id: string; updatedAt: string }>(records: Map<Uuid, T | null>, e: LotEvent): void {
  switch (e.type) {
    case 'created':
    case 'imported': {
      const current = records.get(e.lotId);
      const made = { ...(e.after as unknown as T) };
      records.set(e.lotId, current !== undefined && current !== null ? fillEmpty(current, made) : made);
      break;
    }
    case 'edited':
    case 'resolved': {
      const current = records.get(e.lotId);
      // An edit's fields leave out `updatedAt`; the edit was made when its event was.
      if (current !== undefined && current !== null) records.set(e.lotId, { ...current, ...(e.after as unknown as Partial<T>), updatedAt: e.at });
      break;
    }
    case 'removed':
      records.set(e.lotId, null);
      break;
    default:
      break;
  }
}

/**
 * The projections while events are applied to them: each record as it stands (null: removed,
 * or never created). A fold starts empty; team sync taking in later events starts from the
 * records those events touch, as the tables hold them ({@link foldForward}).
 */
export interface ProjectionState {
  lots: Map<Uuid, Lot | null>;
  models: Map<Uuid, HardwareModel | null>;
  sites: Map<Uuid, Site | null>;
  suppliers: Map<Uuid, Supplier | null>;
  observations: Map<Uuid, MarketObservation | null>;
  /** Serial → unit; a unit taken out is deleted (for a lot's removal, every unit of it must be here). */
  units: Map<string, Unit>;
  settings: TeamSettings;
  /**
   * The units this state made itself, which nothing outside holds, so a step may change them in
   * place (see shared/units.ts stepUnits). Absent: every step copies (a state built from records
   * the caller keeps).
   */
  ownUnits?: WeakSet<Unit>;
}

export function emptyProjections(): ProjectionState {
  return { lots: new Map(), models: new Map(), sites: new Map(), suppliers: new Map(), observations: new Map(), units: new Map(), settings: { ...DEFAULT_TEAM_SETTINGS }, ownUnits: new WeakSet() };
}

/** Applies events (in clock order) to `state`: exactly what {@link foldLedger} does with each. */
export function foldForward(state: ProjectionState, ordered: readonly LotEvent[]): void {
  for (const e of ordered) {
    switch (e.entity) {
      case 'lot': {
        const lot = state.lots.get(e.lotId) ?? null;
        state.lots.set(e.lotId, stepLot(lot, e));
        // Units received into a lot that is not there (removed on another device meanwhile; a
        // conflict says so) stay out of the fleet: else they would hold their serials for good.
        if (e.type === 'units-received' && lot === null) break;
        stepUnits(state.units, e, state.ownUnits ?? null);
        break;
      }
      case 'model':
        if (e.type === 'observed') {
          const o = e.after as unknown as MarketObservation;
          state.observations.set(o.id, { ...o });
        } else if (e.type === 'prices-removed') {
          for (const id of (e.after as { observationIds?: unknown }).observationIds as string[] | undefined ?? []) state.observations.set(id, null);
        } else {
          applyCatalogue(state.models, e);
        }
        break;
      case 'site':
        applyCatalogue(state.sites, e);
        break;
      case 'supplier':
        applyCatalogue(state.suppliers, e);
        break;
      case 'settings':
        if (e.type === 'settings-changed' || e.type === 'resolved') {
          const after = e.after as Record<string, unknown>;
          // A resolution sets the value it names; a change, what it changed (appliedTeamSetting).
          const before = e.type === 'settings-changed' ? ((e.before ?? {}) as Record<string, unknown>) : null;
          for (const key of Object.keys(after)) {
            if (!isTeamSettingKey(key) || !TEAM_SETTING_CHECKS[key](after[key])) continue;
            const value = before === null ? after[key] : appliedTeamSetting(key, state.settings[key], before[key], after[key]);
            setTeamSetting(state.settings, key, value as TeamSettings[typeof key]);
          }
        }
        break;
      default: {
        const never: never = e.entity;
        throw new Error(`Unknown event entity ${String(never)}`);
      }
    }
  }
}

const present = <T>(m: Map<Uuid, T | null>): T[] => [...m.values()].filter((v): v is T => v !== null);

/** Folds events (in any order given; they are applied in clock order) into every projection. */
export function foldLedger(events: readonly LotEvent[]): LedgerSnapshot {
  const state = emptyProjections();
  foldForward(state, [...events].sort(compareEventsInLog));
  return sortSnapshot({ lots: present(state.lots), models: present(state.models), sites: present(state.sites), suppliers: present(state.suppliers), observations: present(state.observations), units: [...state.units.values()], settings: state.settings });
}

function setTeamSetting<K extends keyof TeamSettings>(target: TeamSettings, key: K, value: TeamSettings[K]): void {
  target[key] = value;
}
