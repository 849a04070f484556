/**
 * Suppliers in the database (issue 13; shared/suppliers.ts): the upgrade that turns lots'
 * supplier texts into records, and finding (or making) a supplier by name. Both write their
 * events in the caller's read-write transaction (renderer/db/catalogCommands.ts has the commands).
 */
import type { Table } from 'dexie';
import type { Uuid } from '../../shared/ids';
import type { Lot } from '../../shared/lot';
import type { ChangeContext } from '../../shared/lotChanges';
import { needsSupplierAdoption, planSupplierAdoption, type Supplier, type SupplierResolver } from '../../shared/suppliers';
import { appendAfterLast, type LogTables } from './eventLog';

export interface SupplierTables extends LogTables {
  lots: Table<Lot, Uuid>;
  suppliers: Table<Supplier, Uuid>;
}

/** Who the upgrade's events name as their author. */
export const UPGRADE_ACTOR = 'Fleetledger';

/**
 * Gives every lot that names its supplier only as text the id of a supplier record, making the
 * records it needs (shared/suppliers.ts planSupplierAdoption), with their events. Must run inside
 * a read-write transaction over `db`'s tables: the schema upgrade to version 10 runs it in its
 * own, and the app again whenever lots written as text arrive (a backup or a team device of an
 * earlier version). Returns how many lots it changed; none changes nothing.
 */
export async function adoptSupplierTexts(db: SupplierTables, ctx: ChangeContext = { now: new Date().toISOString(), newId: () => crypto.randomUUID(), actor: UPGRADE_ACTOR }): Promise<number> {
  const lots = await db.lots.toArray();
  if (!lots.some(needsSupplierAdoption)) return 0;
  const plan = planSupplierAdoption(lots, await db.suppliers.toArray(), ctx);
  await db.suppliers.bulkPut(plan.suppliers);
  await db.lots.bulkPut(plan.lots);
  // A supplier removed earlier may come back under the id its name gives: its events go on from its last.
  await appendAfterLast(db, plan.events);
  return plan.lots.length;
}

/**
 * Writes the suppliers `resolver` made (the lot form's new names, an import's), with their
 * `created` events, inside the caller's read-write transaction. Call it only once the change
 * that names them has been checked: a refused change must leave no supplier behind (returning an
 * error does not roll a Dexie transaction back).
 */
export async function writeNewSuppliers(db: SupplierTables, resolver: SupplierResolver): Promise<void> {
  if (resolver.created.length === 0) return;
  await db.suppliers.bulkAdd(resolver.created);
  await appendAfterLast(db, resolver.events);
}
