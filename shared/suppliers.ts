/**
 * Suppliers as catalogue records (issue 13; PRODUCT.md "Provenance and trade compliance"): who a
 * lot was bought from, the supplier's country and its channel (OEM direct, distributor, reseller,
 * broker / secondary market). A lot names its supplier by id (`Lot.supplierId`); lots written
 * before suppliers were records carry the name as text (`Lot.supplier`), which
 * {@link planSupplierAdoption} turns into records, with events, when a ledger is opened (and
 * whenever such a text arrives later: a team device of an earlier version still writes it).
 *
 * A supplier created from a name (the upgrade, an import, the lot form) takes an id derived from
 * the name, so two devices of a team that each create "Arrow" before they see each other's make
 * the same record, not two: their `created` events fold into one.
 */
import { catalogCreatedEvent, catalogEvent, changedFields, untouchedFromCurrent, type CatalogErrors } from './catalogChanges';
import { isCountryCode } from './compliance';
import type { Timestamp } from './dates';
import type { LotEvent } from './events';
import type { Uuid } from './ids';
import type { Lot } from './lot';
import type { ChangeContext } from './lotChanges';
import { err, ok, type Result } from './result';

export const SUPPLIER_CHANNELS = ['oem-direct', 'distributor', 'reseller', 'broker'] as const;
export type SupplierChannel = (typeof SUPPLIER_CHANNELS)[number];

export const SUPPLIER_CHANNEL_LABELS: Readonly<Record<SupplierChannel, string>> = {
  'oem-direct': 'OEM direct',
  distributor: 'Distributor',
  reseller: 'Reseller',
  broker: 'Broker / secondary market',
};

export function isSupplierChannel(text: unknown): text is SupplierChannel {
  return typeof text === 'string' && (SUPPLIER_CHANNELS as readonly string[]).includes(text);
}

/**
 * A channel as written in a file: its code (`oem-direct`) or its label (`OEM direct`, `broker`,
 * `secondary market`), ignoring case. '' → null (not given); undefined when it is neither.
 */
export function parseSupplierChannel(text: string): SupplierChannel | null | undefined {
  const t = text.trim().toLowerCase().replace(/[\s_]+/gu, ' ');
  if (t === '') return null;
  for (const c of SUPPLIER_CHANNELS) {
    if (t === c || t === c.replace('-', ' ') || t === SUPPLIER_CHANNEL_LABELS[c].toLowerCase()) return c;
  }
  if (t === 'oem' || t === 'direct') return 'oem-direct';
  if (t === 'secondary market' || t === 'secondary') return 'broker';
  return undefined;
}

/** A supplier: who lots are bought from. */
export interface Supplier {
  id: Uuid;
  name: string;
  /** ISO 3166 alpha-2; null when unknown. */
  country: string | null;
  /** Null when unknown (suppliers made from lots' supplier texts start so). */
  channel: SupplierChannel | null;
  notes: string;
  demo: boolean;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export type SupplierDraft = Omit<Supplier, 'id' | 'createdAt' | 'updatedAt'>;

/** A supplier's name as it is kept: trimmed, runs of spaces made one. */
export function cleanSupplierName(name: string): string {
  return name.trim().replace(/\s+/gu, ' ');
}

/** What makes two supplier names the same supplier: case and runs of spaces do not count. */
export function supplierKey(name: string): string {
  return cleanSupplierName(name).toLowerCase();
}

const FNV_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV_PRIME = 0x0000000001000000000000000000013bn;
const MASK_128 = (1n << 128n) - 1n;

/**
 * The id a supplier created from `name` takes: a version-8 UUID from the 128-bit FNV-1a hash of
 * its {@link supplierKey}. The same name gives the same id on every device.
 */
export function supplierIdFromName(name: string): Uuid {
  let h = FNV_OFFSET;
  for (const ch of `fleetledger supplier\u0000${supplierKey(name)}`) {
    // Per code point: two bytes, three beyond the Basic Multilingual Plane (so "😀" and "😁" differ).
    const c = ch.codePointAt(0) as number;
    for (const byte of c > 0xffff ? [c & 0xff, (c >> 8) & 0xff, c >> 16] : [c & 0xff, c >> 8]) {
      h ^= BigInt(byte);
      h = (h * FNV_PRIME) & MASK_128;
    }
  }
  const hex = h.toString(16).padStart(32, '0').split('');
  hex[12] = '8'; // version 8: custom
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16); // RFC 9562 variant
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * The supplier of a lot, by name: a text not yet taken in (see {@link needsSupplierAdoption}: the
 * newer word), else its record's; '' for none.
 */
export function lotSupplierName(lot: Pick<Lot, 'supplierId' | 'supplier'>, suppliers: ReadonlyMap<Uuid, Pick<Supplier, 'name'>>): string {
  const text = cleanSupplierName(lot.supplier ?? '');
  if (text !== '') return text;
  const id = lot.supplierId ?? null;
  return id === null ? '' : (suppliers.get(id)?.name ?? '');
}

export function validateSupplier(s: SupplierDraft, others: readonly Pick<Supplier, 'id' | 'name'>[]): CatalogErrors<Supplier> {
  const e: CatalogErrors<Supplier> = {};
  const name = s.name.trim();
  if (name === '') e.name = 'A supplier needs a name.';
  else if (others.some((o) => supplierKey(o.name) === supplierKey(name))) e.name = `${name} is already a supplier.`;
  if (s.country !== null && !isCountryCode(s.country)) e.country = 'Country is a two-letter ISO 3166 code, e.g. NL or US, or empty.';
  if (s.channel !== null && !isSupplierChannel(s.channel)) e.channel = 'Choose a channel, or leave it unknown.';
  return e;
}

function trimSupplier(d: SupplierDraft): SupplierDraft {
  return { ...d, name: cleanSupplierName(d.name), country: d.country === null || d.country.trim() === '' ? null : d.country.trim().toUpperCase(), notes: d.notes.trim() };
}

/** The id for a new supplier named `name`: derived from the name, unless a record (of another name, since renamed) holds it. */
function newSupplierId(name: string, all: readonly Pick<Supplier, 'id'>[], ctx: ChangeContext): Uuid {
  const derived = supplierIdFromName(name);
  return all.some((s) => s.id === derived) ? ctx.newId() : derived;
}

/** Creates a supplier, or saves changes to `existing`; `all` is every supplier (the one edited included). */
export function saveSupplier(
  draft: SupplierDraft,
  existing: Supplier | null,
  all: readonly Supplier[],
  ctx: ChangeContext,
  /** The supplier as the form showed it when opened (catalogChanges.ts untouchedFromCurrent). */
  opened?: Supplier | null,
): Result<{ record: Supplier; event: LotEvent | null }, CatalogErrors<Supplier>> {
  const d = untouchedFromCurrent(trimSupplier(draft), opened, existing);
  const errors = validateSupplier(d, all.filter((s) => s.id !== existing?.id));
  if (Object.keys(errors).length > 0) return err(errors);
  if (existing === null) {
    const record: Supplier = { ...d, id: newSupplierId(d.name, all, ctx), createdAt: ctx.now, updatedAt: ctx.now };
    return ok({ record, event: catalogCreatedEvent(ctx, 'supplier', record) });
  }
  const next: Supplier = { ...existing, ...d, id: existing.id, createdAt: existing.createdAt, updatedAt: ctx.now };
  const { before, after } = changedFields(existing, next);
  if (Object.keys(after).length === 0) return ok({ record: existing, event: null });
  return ok({ record: next, event: catalogEvent(ctx, 'supplier', next.id, 'edited', before, after) });
}

/**
 * Finds suppliers by name, creating the ones not yet known (for an import or the lot form): each
 * new one is a record with its `created` event. `details` gives a new supplier's country and
 * channel (a lots file's columns); a known supplier is never changed.
 */
export class SupplierResolver {
  private readonly byKey = new Map<string, Supplier>();
  private readonly all: Supplier[];
  readonly created: Supplier[] = [];
  readonly events: LotEvent[] = [];

  constructor(
    suppliers: readonly Supplier[],
    private readonly ctx: ChangeContext,
    private readonly notes = '',
  ) {
    this.all = [...suppliers];
    for (const s of suppliers) this.byKey.set(supplierKey(s.name), s);
  }

  /** The supplier named `name` (null for an empty name), known or made now. */
  resolve(name: string, details: { country?: string | null; channel?: SupplierChannel | null } = {}): Supplier | null {
    const key = supplierKey(name);
    if (key === '') return null;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const clean = cleanSupplierName(name);
    const record: Supplier = {
      id: newSupplierId(clean, this.all, this.ctx),
      name: clean,
      country: details.country ?? null,
      channel: details.channel ?? null,
      notes: this.notes,
      demo: false,
      createdAt: this.ctx.now,
      updatedAt: this.ctx.now,
    };
    this.byKey.set(key, record);
    this.all.push(record);
    this.created.push(record);
    this.events.push(catalogCreatedEvent(this.ctx, 'supplier', record));
    return record;
  }

  /** The known supplier named `name`, without making one. */
  find(name: string): Supplier | undefined {
    return this.byKey.get(supplierKey(name));
  }
}

/**
 * Whether a lot names a supplier as text: written before suppliers were records, or since by a
 * team device of an earlier version (which edits only the text). Adoption empties the text, so
 * any text a lot holds is one not yet taken in.
 */
export function needsSupplierAdoption(lot: Pick<Lot, 'supplier'>): boolean {
  return supplierKey(lot.supplier ?? '') !== '';
}

export interface SupplierAdoption {
  suppliers: Supplier[];
  /** The lots with `supplierId` set, in the order given. */
  lots: Lot[];
  /** The suppliers' `created` events, then one `edited` event per lot (seq 0: the caller numbers them after the lot's last). */
  events: LotEvent[];
}

/**
 * The schema upgrade of issue 13, as a plan: every lot that names its supplier as text gets the
 * id of a supplier record — the one of that name (case and spaces aside), made now when there is
 * none — recorded by an `edited` event setting `supplierId` and emptying the text (which the
 * event keeps as the value before). A lot with no supplier text is left alone (no `supplierId`
 * reads as none).
 * A new supplier is spelt as most of its lots spell it (ties: mixed case over all-capitals or
 * all-lower-case, then the first in code order), with
 * unknown country and channel. Lots that already have `supplierId` are left alone, so running it
 * again changes nothing.
 */
export function planSupplierAdoption(lots: readonly Lot[], suppliers: readonly Supplier[], ctx: ChangeContext): SupplierAdoption {
  const pending = lots.filter((l) => needsSupplierAdoption(l)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id < b.id ? -1 : 1));
  const spellings = new Map<string, Map<string, number>>();
  for (const lot of pending) {
    const name = cleanSupplierName(lot.supplier ?? '');
    const key = supplierKey(name);
    if (key === '') continue;
    const counts = spellings.get(key) ?? new Map<string, number>();
    counts.set(name, (counts.get(name) ?? 0) + 1);
    spellings.set(key, counts);
  }
  const resolver = new SupplierResolver(suppliers, ctx, 'Made from the supplier names lots were written with.');
  for (const counts of spellings.values()) {
    let best = '';
    let bestCount = 0;
    // A name written in mixed case ("Supermicro") is how names are written: it wins a tie against "SUPERMICRO" or "supermicro".
    const mixed = (t: string): boolean => t !== t.toLowerCase() && t !== t.toUpperCase();
    for (const [name, n] of counts) if (n > bestCount || (n === bestCount && mixed(name) && !mixed(best))) [best, bestCount] = [name, n];
    resolver.resolve(best);
  }
  const out: Lot[] = [];
  const events: LotEvent[] = [...resolver.events];
  for (const lot of pending) {
    const supplier = resolver.find(lot.supplier ?? '') as Supplier;
    out.push({ ...lot, supplierId: supplier.id, supplier: '', updatedAt: ctx.now });
    events.push({
      ...catalogEvent(ctx, 'lot', lot.id, 'edited', { supplierId: lot.supplierId ?? null, supplier: lot.supplier, updatedAt: lot.updatedAt }, { supplierId: supplier.id, supplier: '', updatedAt: ctx.now }),
      note: `Supplier “${(lot.supplier ?? '').trim()}” is now the supplier record ${supplier.name}.`,
    });
  }
  return { suppliers: resolver.created, lots: out, events };
}
