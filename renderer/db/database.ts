/**
 * The one IndexedDB database of the app. Schema history lives in ./schema.ts; this class only
 * types the tables and declares every shipped version on itself.
 */
import { Dexie, type DexieOptions, type Table } from 'dexie';
import type { Category, HardwareModel, Site } from '../../shared/catalog';
import { DEFAULT_CHECKLISTS, isChecklists, type Checklists } from '../../shared/checklists';
import { DEFAULT_CATEGORY_POLICIES, type CategoryPolicies } from '../../shared/depreciation/policies';
import { isCategoryPolicies } from '../../shared/depreciation/templates';
import type { LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import type { Lot } from '../../shared/lot';
import type { MarketObservation } from '../../shared/market';
import { isCurrencyCode } from '../../shared/money';
import type { EventSeqBucket } from './eventLog';
import { declareSchemaVersions } from './schema';
import type { AssetTagBucket, SerialBucket, UnitPage } from './units';

export const DEFAULT_DB_NAME = 'fleetledger';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Every setting the app keeps, by key. Stored one row per key so each can change alone. */
export interface Settings {
  /** Whether first-run setup (loading the demo fleet) has happened, so it never happens twice. */
  initialised: boolean;
  /** Whether the demo fleet is currently loaded (so the UI can offer to remove it). */
  demoFleet: boolean;
  /** The name written as `actor` on events. */
  actorName: string;
  /** Currency reports convert to and new lots default to. */
  baseCurrency: string;
  /** Month (1–12) the fiscal year starts in. */
  fiscalYearStart: number;
  /** Depreciation templates (book and tax) new lots of each category start with. */
  policyTemplates: Record<Category, CategoryPolicies>;
  /** What a move into each status asks the technician to confirm (shared/checklists.ts). */
  checklists: Checklists;
  theme: Theme;
}
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  initialised: false,
  demoFleet: false,
  actorName: '',
  baseCurrency: 'USD',
  fiscalYearStart: 1,
  policyTemplates: DEFAULT_CATEGORY_POLICIES,
  checklists: DEFAULT_CHECKLISTS,
  theme: 'system',
};

/** A row of the `settings` table. `value` is checked on the way out (see `settingValue`). */
export interface SettingRow {
  key: string;
  value: unknown;
}

const SETTING_CHECKS: { readonly [K in SettingKey]: (value: unknown) => value is Settings[K] } = {
  initialised: (v): v is boolean => typeof v === 'boolean',
  demoFleet: (v): v is boolean => typeof v === 'boolean',
  actorName: (v): v is string => typeof v === 'string',
  baseCurrency: (v): v is string => typeof v === 'string' && isCurrencyCode(v),
  fiscalYearStart: (v): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 12,
  policyTemplates: isCategoryPolicies,
  checklists: isChecklists,
  theme: (v): v is Theme => typeof v === 'string' && (THEMES as readonly string[]).includes(v),
};

/**
 * The stored value of a setting if it is valid, else its default. Rows come from disk (an old
 * build, a restored backup, a hand-edited export), so they are checked rather than trusted.
 */
export function settingValue<K extends SettingKey>(key: K, stored: unknown): Settings[K] {
  return SETTING_CHECKS[key](stored) ? stored : DEFAULT_SETTINGS[key];
}

export class FleetDb extends Dexie {
  // `declare`: Dexie creates these in `version().stores()`; a class field would reset them.
  declare models: Table<HardwareModel, Uuid>;
  declare sites: Table<Site, Uuid>;
  declare lots: Table<Lot, Uuid>;
  declare events: Table<LotEvent, Uuid>;
  declare marketObservations: Table<MarketObservation, Uuid>;
  declare settings: Table<SettingRow, string>;
  /** Serial-numbered units in pages of columns (schema version 3; see renderer/db/units.ts). */
  declare unitPages: Table<UnitPage, Uuid>;
  /** Asset tag → serial, hashed into a fixed number of buckets (schema version 3). */
  declare assetTagBuckets: Table<AssetTagBucket, number>;
  declare serialBuckets: Table<SerialBucket, number>;
  /** Each entity's last event seq, hashed into a fixed number of buckets (schema version 5; see renderer/db/eventLog.ts). */
  declare eventSeqs: Table<EventSeqBucket, number>;

  /**
   * @param name database name; tests pass a unique one each.
   * @param options Dexie options. Read-write transactions default to `strict` durability: a
   *   commit is reported only once it is on disk, because "nothing lost if the laptop dies
   *   mid-task" matters more here than the few milliseconds a flush costs per transaction.
   */
  constructor(name: string = DEFAULT_DB_NAME, options: DexieOptions = {}) {
    super(name, { chromeTransactionDurability: 'strict', ...options });
    declareSchemaVersions(this);
  }

  async getSetting<K extends SettingKey>(key: K): Promise<Settings[K]> {
    const row = await this.settings.get(key);
    return settingValue(key, row?.value);
  }

  async setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    if (!SETTING_CHECKS[key](value)) throw new Error(`Invalid value for setting "${key}": ${JSON.stringify(value)}`);
    await this.settings.put({ key, value });
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
