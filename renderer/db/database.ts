/**
 * The one IndexedDB database of the app. Schema history lives in ./schema.ts; this class only
 * types the tables and declares every shipped version on itself.
 */
import { Dexie, type DexieOptions, type Table } from 'dexie';
import type { HardwareModel, Site } from '../../shared/catalog';
import { eventWith, type LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import {
  DEFAULT_TEAM_SETTINGS,
  isTeamSettingKey,
  TEAM_SETTING_CHECKS,
  TEAM_SETTINGS_ENTITY_ID,
  type TeamSettings,
} from '../../shared/ledger/teamSettings';
import type { Lot } from '../../shared/lot';
import type { MarketObservation } from '../../shared/market';
import type { Supplier } from '../../shared/suppliers';
import { canonicalJson } from '../../shared/ledger/canonicalJson';
import { appendEvents, lastSeq, newLedgerRow, type EntityBlocksBucket, type EventSeqBucket, type LedgerRow, type LogBlock } from './eventLog';
import { declareSchemaVersions } from './schema';
import type { AssetTagBucket, SerialBucket, UnitPage } from './unitIndex';

export const DEFAULT_DB_NAME = 'fleetledger';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * This person's and this device's settings: never events, never in a backup's snapshot, never
 * synced (LEDGER.md §1).
 */
export interface PersonalSettings {
  /** Whether first-run setup (loading the demo fleet) has happened, so it never happens twice. */
  initialised: boolean;
  /** Whether the demo fleet is currently loaded (so the UI can offer to remove it). */
  demoFleet: boolean;
  /** The name written as `actor` on events. */
  actorName: string;
  theme: Theme;
  /** When this ledger was last backed up from here (ISO), or '' never. */
  lastBackupAt: string;
  /** Size in bytes of that backup. */
  lastBackupBytes: number;
  /**
   * The names of the team's devices by device id, as its folder or server last gave them: kept
   * after sync stops, so history still says where a change was made, and a ledger shared anew
   * puts the other devices' changes back under their names.
   */
  deviceNames: Readonly<Record<string, string>>;
}

/** Every setting the app keeps, by key: the team's (shared/ledger/teamSettings.ts) and the personal ones. Stored one row per key. */
export interface Settings extends TeamSettings, PersonalSettings {}
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  ...DEFAULT_TEAM_SETTINGS,
  initialised: false,
  demoFleet: false,
  actorName: '',
  theme: 'system',
  lastBackupAt: '',
  lastBackupBytes: 0,
  deviceNames: {},
};

/** A row of the `settings` table. `value` is checked on the way out (see `settingValue`). */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** Work in progress kept across a reload or a crash (schema version 6): an open scan session, the shipment list. */
export interface DraftRow {
  key: string;
  value: unknown;
  savedAt: string;
}

const SETTING_CHECKS: { readonly [K in SettingKey]: (value: unknown) => value is Settings[K] } = {
  ...TEAM_SETTING_CHECKS,
  initialised: (v): v is boolean => typeof v === 'boolean',
  demoFleet: (v): v is boolean => typeof v === 'boolean',
  actorName: (v): v is string => typeof v === 'string',
  theme: (v): v is Theme => typeof v === 'string' && (THEMES as readonly string[]).includes(v),
  lastBackupAt: (v): v is string => typeof v === 'string',
  lastBackupBytes: (v): v is number => Number.isSafeInteger(v) && (v as number) >= 0,
  deviceNames: (v): v is Record<string, string> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((n) => typeof n === 'string'),
};

/**
 * Keeps the device names a sync round learnt ({@link PersonalSettings.deviceNames}), adding to
 * those known; writes nothing when it knew them all already (a round runs every few seconds).
 */
export async function rememberDeviceNames(db: FleetDb, names: Readonly<Record<string, string>>): Promise<void> {
  const known = await db.getSetting('deviceNames');
  if (Object.entries(names).every(([device, name]) => known[device] === name)) return;
  await db.setSetting('deviceNames', (current) => ({ ...current, ...names }));
}

/**
 * The stored value of a setting if it is valid, else its default. Rows come from disk (an old
 * build, a restored backup, a hand-edited export), so they are checked rather than trusted.
 */
export function settingValue<K extends SettingKey>(key: K, stored: unknown): Settings[K] {
  return SETTING_CHECKS[key](stored) ? stored : DEFAULT_SETTINGS[key];
}

export function isValidSetting<K extends SettingKey>(key: K, value: unknown): value is Settings[K] {
  return SETTING_CHECKS[key](value);
}

export class FleetDb extends Dexie {
  // `declare`: Dexie creates these in `version().stores()`; a class field would reset them.
  declare models: Table<HardwareModel, Uuid>;
  declare sites: Table<Site, Uuid>;
  /** Who lots are bought from (schema version 10; shared/suppliers.ts). */
  declare suppliers: Table<Supplier, Uuid>;
  declare lots: Table<Lot, Uuid>;
  /** The event log, in blocks of consecutive events (schema version 7; renderer/db/eventLog.ts). */
  declare logBlocks: Table<LogBlock, string>;
  /** Which blocks hold each record's events, hashed into buckets (schema version 7; renderer/db/eventLog.ts). */
  declare entityBlocks: Table<EntityBlocksBucket, number>;
  declare marketObservations: Table<MarketObservation, Uuid>;
  declare settings: Table<SettingRow, string>;
  /** Serial-numbered units in pages of columns (schema version 3; see renderer/db/units.ts). */
  declare unitPages: Table<UnitPage, Uuid>;
  /** Asset tag → serial, hashed into a fixed number of buckets (schema version 3). */
  declare assetTagBuckets: Table<AssetTagBucket, number>;
  declare serialBuckets: Table<SerialBucket, number>;
  /** Each entity's last event seq, hashed into a fixed number of buckets (schema version 5; see renderer/db/eventLog.ts). */
  declare eventSeqs: Table<EventSeqBucket, number>;
  /** One row: the ledger id, this device's id, counter and clock (schema version 6; renderer/db/eventLog.ts). */
  declare ledger: Table<LedgerRow, string>;
  /** Work in progress kept across a crash (schema version 6). */
  declare drafts: Table<DraftRow, string>;

  /**
   * @param name database name; tests pass a unique one each.
   * @param options Dexie options. Read-write transactions default to `strict` durability: a
   *   commit is reported only once it is on disk, because "nothing lost if the laptop dies
   *   mid-task" matters more here than the few milliseconds a flush costs per transaction.
   */
  constructor(name: string = DEFAULT_DB_NAME, options: DexieOptions = {}) {
    super(name, { chromeTransactionDurability: 'strict', ...options });
    declareSchemaVersions(this);
    // A new database is a new ledger on a new device (an upgraded one gets its row in version 6).
    this.on('populate', (tx) => {
      void tx.table('ledger').add(newLedgerRow(crypto.randomUUID(), crypto.randomUUID(), new Date().toISOString()));
    });
  }

  async getSetting<K extends SettingKey>(key: K): Promise<Settings[K]> {
    const row = await this.settings.get(key);
    return settingValue(key, row?.value);
  }

  /**
   * Sets a setting. A team setting is shared data: its change is an event (`settings-changed`,
   * by `actorName`), written with it in one transaction; setting it to what it is already
   * writes nothing. A personal setting is just stored.
   *
   * `value` may be a function of the stored value, called in the transaction: what changes one
   * part of a setting (one list of the compliance policy, one category's checklist) must build
   * on what is stored, not on what its screen last read. Built on a render's copy, two quick
   * edits saved one after the other undid the first, and a part another device changed
   * meanwhile went back (a lost update).
   */
  async setSetting<K extends SettingKey>(key: K, value: Settings[K] | ((current: Settings[K]) => Settings[K])): Promise<void> {
    const check = (next: Settings[K]): Settings[K] => {
      if (!SETTING_CHECKS[key](next)) throw new Error(`Invalid value for setting "${key}": ${JSON.stringify(next)}`);
      return next;
    };
    const nextOf = (current: Settings[K]): Settings[K] => check(typeof value === 'function' ? (value as (c: Settings[K]) => Settings[K])(current) : value);
    if (!isTeamSettingKey(key)) {
      if (typeof value !== 'function') {
        await this.settings.put({ key, value: check(value) });
        return;
      }
      await this.transaction('rw', this.settings, async () => {
        await this.settings.put({ key, value: nextOf(await this.getSetting(key)) });
      });
      return;
    }
    if (typeof value !== 'function') check(value);
    await this.transaction('rw', [this.settings, this.logBlocks, this.entityBlocks, this.eventSeqs, this.ledger], async () => {
      const current = await this.getSetting(key);
      const value = nextOf(current);
      if (canonicalJson(current) === canonicalJson(value)) return;
      const actor = (await this.getSetting('actorName')).trim() || 'local user';
      await this.settings.put({ key, value });
      await appendEvents(this, [
        eventWith({
          entity: 'settings',
          lotId: TEAM_SETTINGS_ENTITY_ID,
          seq: (await lastSeq(this, TEAM_SETTINGS_ENTITY_ID)) + 1,
          at: new Date().toISOString(),
          actor,
          type: 'settings-changed',
          before: { [key]: current } as LotEvent['before'],
          after: { [key]: value } as LotEvent['after'],
        }),
      ]);
    });
  }

  /** All settings, defaults filled in for the missing or invalid ones. */
  async getSettings(): Promise<Settings> {
    const rows = await this.settings.toArray();
    const stored = new Map(rows.map((r) => [r.key, r.value]));
    const result = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) {
      assignSetting(result, key, settingValue(key, stored.get(key)));
    }
    return result;
  }
}

function assignSetting<K extends SettingKey>(target: Settings, key: K, value: Settings[K]): void {
  target[key] = value;
}
