/**
 * Fields that schema upgrades added to the rows of the tables without an event (the log was not
 * yet the whole ledger then): version 2 gave every lot its book and tax depreciation, no
 * adjustments and no split chain; version 4 gave every model `performance` and `serialPattern`.
 * A ledger started before those versions holds `created` events without them, so its events
 * alone no longer give its tables: Verify ledger reported differences, and every backup of it
 * was refused as not agreeing with itself.
 *
 * What is found here is recorded as events (renderer/db/upgradedFields.ts: the upgrade to schema
 * version 11, and a restore of a backup made before it), and a backup made before version 11 is
 * verified with these fields taken from its snapshot where its events lack them.
 *
 * Only a field the folded record lacks altogether is taken, and only these fields: any other
 * difference between events and tables stays a difference to be shown, never blessed.
 *
 * Pure.
 */
import type { HardwareModel } from '../catalog';
import type { Uuid } from '../ids';
import type { Lot } from '../lot';
import type { LedgerSnapshot } from './fold';

/** Schema versions below this may hold records whose events lack {@link UPGRADE_ADDED_FIELDS}. */
export const UPGRADED_FIELDS_RECORDED_AT_VERSION = 11;

export const UPGRADE_ADDED_FIELDS = {
  lot: ['book', 'tax', 'adjustments', 'depreciationChain'],
  model: ['performance', 'serialPattern'],
} as const satisfies Record<'lot' | 'model', readonly string[]>;

/** One record's fields that its table row holds and its events do not. */
export interface FieldsOnlyInTable {
  entity: 'lot' | 'model';
  id: Uuid;
  fields: Record<string, unknown>;
}

function missing<T extends { id: Uuid }>(entity: 'lot' | 'model', folded: readonly T[], rows: readonly T[]): FieldsOnlyInTable[] {
  const byId = new Map(folded.map((r) => [r.id, r as unknown as Record<string, unknown>]));
  const out: FieldsOnlyInTable[] = [];
  for (const row of rows) {
    const made = byId.get(row.id);
    if (made === undefined) continue;
    const table = row as unknown as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    for (const f of UPGRADE_ADDED_FIELDS[entity]) if (!Object.hasOwn(made, f) && Object.hasOwn(table, f) && table[f] !== undefined) fields[f] = table[f];
    if (Object.keys(fields).length > 0) out.push({ entity, id: row.id, fields });
  }
  return out;
}

/** The lots and models whose rows in `tables` hold fields an upgrade added that their folded records (`folded`) lack. */
export function fieldsOnlyInTables(folded: Pick<LedgerSnapshot, 'lots' | 'models'>, tables: { lots: readonly Lot[]; models: readonly HardwareModel[] }): FieldsOnlyInTable[] {
  return [...missing('lot', folded.lots, tables.lots), ...missing('model', folded.models, tables.models)];
}

/**
 * `folded` with the fields an upgrade added taken from `snapshot` where its records lack them:
 * what a backup made before schema version {@link UPGRADED_FIELDS_RECORDED_AT_VERSION} is
 * verified against (its snapshot holds them, its events may not).
 */
export function withUpgradedFields(folded: LedgerSnapshot, snapshot: Pick<LedgerSnapshot, 'lots' | 'models'>): LedgerSnapshot {
  const found = fieldsOnlyInTables(folded, snapshot);
  if (found.length === 0) return folded;
  const add = new Map(found.map((f) => [f.id, f.fields]));
  const fill = <T extends { id: Uuid }>(r: T): T => (add.has(r.id) ? { ...r, ...add.get(r.id) } : r);
  return { ...folded, lots: folded.lots.map(fill), models: folded.models.map(fill) };
}
