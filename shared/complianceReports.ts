/**
 * Provenance reports (issue 13), from the ledger's own records and events:
 *
 * - the **compliance register**: what the fleet owns on a date — lots, units and book value —
 *   by the model's country of origin and export classification and the site's country, and
 *   every transfer the events record, with its licence reference;
 * - the **supplier scorecard**: per supplier, the lots and units bought, the spend, the lead time
 *   from order to receipt (median and worst), the RMA rate (units that went to RMA ÷ units
 *   received), and the price paid against the list price and the market's p50 when bought.
 *
 * Pure: every input is a parameter; the CLI and the app call the same functions.
 */
import { appendTo } from './collections';
import type { HardwareModel, Site } from './catalog';
import { dateOf, daysBetween, type IsoDate, type LocalDay } from './dates';
import { isOwnedOn, lotBookValue } from './depreciation/fleetValue';
import type { MonthlySchedule } from './depreciation/types';
import { eventDay, type LotEvent } from './events';
import { residualQuantiles, type ResidualCurve } from './forecast/residual';
import type { Lot } from './lot';
import { correctedMoveDates } from './lotChanges';
import { toCsv } from './csv';
import { formatDecimal } from './money';
import { lotSupplierName, needsSupplierAdoption, supplierKey, type Supplier, type SupplierChannel } from './suppliers';

// ---- The compliance register -------------------------------------------------------------------

export interface RegisterHolding {
  /** ISO 3166 alpha-2, or '' when the model's origin is not recorded. */
  origin: string;
  /** The model's ECCN, or '' when not recorded. */
  classification: string;
  /** The site's country, or '' (no site, or its country not recorded). */
  siteCountry: string;
  currency: string;
  lots: number;
  units: number;
  /** Book value on the register's date, minor units of `currency`. */
  bookValue: number;
}

export interface RegisterTransfer {
  eventId: string;
  /** The move's business date (an edit's: the day it was made). */
  date: IsoDate;
  lotCode: string;
  quantity: number | null;
  from: string;
  to: string;
  classification: string;
  licenceReference: string;
  toBuyer: boolean;
  actor: string;
}

export interface ComplianceRegister {
  asOf: IsoDate;
  holdings: RegisterHolding[];
  transfers: RegisterTransfer[];
}

/**
 * Where a lot was on `asOf`: the site its first record gave it, then the last change of site (a
 * move, an edit of its site) on or before that day, so a register for a past date puts holdings
 * in the country they were in then. A lot whose events say nothing of its site keeps its site.
 */
export function siteOnDate(lot: Pick<Lot, 'siteId'>, events: readonly LotEvent[], asOf: IsoDate, localDay: LocalDay = dateOf): string | null {
  let site: string | null | undefined;
  for (const e of events) {
    const after = e.after as { siteId?: unknown } | null;
    if (after === null || typeof after !== 'object' || !('siteId' in after)) continue;
    // The lot's first record (its creation, import or split) says where it started, whenever it
    // was recorded; a later change counts from its day.
    if (site !== undefined && eventDay(e, localDay) > asOf) break;
    site = typeof after.siteId === 'string' ? after.siteId : null;
  }
  return site === undefined ? lot.siteId : site;
}

/**
 * The register on `asOf`. An event without a business date (an edit that changed a lot's site)
 * counts from the day it was recorded: `localDay` gives that day where the user is (the app and
 * the command line pass their local calendar; without it, the UTC day).
 */
export function complianceRegister(
  input: { lots: readonly Lot[]; models: readonly HardwareModel[]; sites: readonly Site[]; events: readonly LotEvent[]; schedules: ReadonlyMap<string, MonthlySchedule | null> },
  asOf: IsoDate,
  localDay: LocalDay = dateOf,
): ComplianceRegister {
  const models = new Map(input.models.map((m) => [m.id, m]));
  const sites = new Map(input.sites.map((s) => [s.id, s]));
  const groups = new Map<string, RegisterHolding>();
  // A move whose date was corrected counts from its corrected date (shared/lotChanges.ts correctMoveDate).
  const { moves: correctedDates } = correctedMoveDates(input.events);
  const events = correctedDates.size === 0 ? input.events : input.events.map((e) => (correctedDates.has(e.id) ? { ...e, date: correctedDates.get(e.id) ?? e.date } : e));
  const eventsOf = new Map<string, LotEvent[]>();
  for (const e of events) {
    if (e.entity !== 'lot') continue;
    const list = eventsOf.get(e.lotId);
    if (list === undefined) eventsOf.set(e.lotId, [e]);
    else list.push(e);
  }
  for (const list of eventsOf.values()) list.sort((a, b) => a.seq - b.seq);
  for (const lot of input.lots) {
    if (!isOwnedOn(lot, asOf)) continue;
    const model = models.get(lot.modelId);
    const siteId = siteOnDate(lot, eventsOf.get(lot.id) ?? [], asOf, localDay);
    const site = siteId === null ? undefined : sites.get(siteId);
    const holding = { origin: model?.countryOfOrigin ?? '', classification: model?.exportClassification ?? '', siteCountry: site?.country ?? '', currency: lot.currency };
    const key = [holding.origin, holding.classification, holding.siteCountry, holding.currency].join('\u0000');
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { ...holding, lots: 0, units: 0, bookValue: 0 }));
    g.lots++;
    g.units += lot.quantity;
    g.bookValue += lotBookValue(lot, input.schedules.get(lot.id) ?? null, asOf) ?? 0;
  }
  const codes = new Map(input.lots.map((l) => [l.id, l.code]));
  const transfers: RegisterTransfer[] = events
    .filter((e) => e.transfer !== undefined && eventDay(e, localDay) <= asOf && codes.has(e.lotId))
    .map((e) => {
      const t = e.transfer!;
      return { eventId: e.id, date: eventDay(e, localDay), lotCode: codes.get(e.lotId) ?? e.lotId, quantity: e.quantity, from: t.from, to: t.to, classification: t.classification ?? '', licenceReference: t.licenceReference ?? '', toBuyer: t.toBuyer, actor: e.actor };
    })
    .sort((a, b) => (a.date === b.date ? a.lotCode.localeCompare(b.lotCode, 'en', { numeric: true }) : a.date < b.date ? -1 : 1));
  const holdings = [...groups.values()].sort((a, b) => a.origin.localeCompare(b.origin) || a.classification.localeCompare(b.classification) || a.siteCountry.localeCompare(b.siteCountry) || a.currency.localeCompare(b.currency));
  return { asOf, holdings, transfers };
}

// ---- The supplier scorecard --------------------------------------------------------------------

export interface SupplierScore {
  /** The supplier's name (a lot from before suppliers were records that has not been upgraded: its text, grouped ignoring case). */
  supplier: string;
  /** The supplier record; null for such a text. */
  supplierId: string | null;
  /** The supplier's country and channel, null when unknown. */
  country: string | null;
  channel: SupplierChannel | null;
  lots: number;
  units: number;
  /** Cost basis of the lots when bought, per currency. */
  spend: Record<string, number>;
  /** Days from order (purchase date) to receipt, over the lots received. */
  leadTimeDays: { median: number | null; worst: number | null; lots: number };
  unitsReceived: number;
  unitsToRma: number;
  /** unitsToRma ÷ unitsReceived (units moved to RMA; a unit sent twice counts twice); null with nothing received. */
  rmaRate: number | null;
  /** Σ paid ÷ Σ list price, over the units whose model has a list price in the lot's currency; null: none. */
  paidVsList: number | null;
  /** Σ paid ÷ Σ market p50 (new) on the purchase date, over the units whose model has a market curve; null: none. */
  paidVsMarket: number | null;
}

/** `curveOf`: the market curve of a model in a currency (shared/forecast/marketCurves.ts), or null. */
export function supplierScorecard(
  input: { lots: readonly Lot[]; models: readonly HardwareModel[]; suppliers?: readonly Supplier[]; events: readonly LotEvent[] },
  curveOf: (model: HardwareModel, currency: string) => ResidualCurve | null,
): SupplierScore[] {
  const models = new Map(input.models.map((m) => [m.id, m]));
  const byId = new Map(input.lots.map((l) => [l.id, l]));
  // A purchase is a lot as first recorded (created or imported), not a part split off it.
  const bought = input.events.filter((e) => e.entity === 'lot' && (e.type === 'created' || e.type === 'imported') && e.relatedLotId === null);
  const family = new Map<string, string>(); // lot id → the purchase (root lot) it came from
  const rootOf = (id: string): string => {
    let current = byId.get(id);
    const seen = new Set<string>();
    while (current !== undefined && current.parentId !== null && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.parentId);
    }
    return current?.id ?? id;
  };
  for (const l of input.lots) family.set(l.id, rootOf(l.id));
  const scores = new Map<string, SupplierScore & { leads: number[]; paid: number; list: number; paidM: number; market: number }>();
  const supplierOfRoot = new Map<string, string>();
  // The lots of each purchase as they are now (its parts included).
  const familyLots = new Map<string, Lot[]>();
  for (const l of input.lots) {
    const root = family.get(l.id) ?? l.id;
    appendTo(familyLots, root, l);
  }
  const suppliers = new Map((input.suppliers ?? []).map((x) => [x.id, x]));
  for (const e of bought) {
    const first = e.after as Partial<Lot>;
    const parts = familyLots.get(e.lotId) ?? [];
    // The supplier as the purchase's lots name it now (a correction after purchase counts).
    const named = parts.find((l) => l.id === e.lotId) ?? parts[0];
    const name = named === undefined ? '' : lotSupplierName(named, suppliers);
    // The record, unless a text not yet taken in names the supplier (shared/suppliers.ts lotSupplierName).
    const record = named !== undefined && !needsSupplierAdoption(named) && named.supplierId ? suppliers.get(named.supplierId) : undefined;
    // Bought: still in the ledger (not taken out with the demo fleet), and ordered at least (a planned lot is not a purchase yet).
    if (name === '' || parts.length === 0 || parts.every((l) => l.status === 'planned')) continue;
    const key = record?.id ?? `text:${supplierKey(name)}`;
    supplierOfRoot.set(e.lotId, key);
    let s = scores.get(key);
    if (s === undefined) {
      scores.set(key, (s = { supplier: name, supplierId: record?.id ?? null, country: record?.country ?? null, channel: record?.channel ?? null, lots: 0, units: 0, spend: {}, leadTimeDays: { median: null, worst: null, lots: 0 }, unitsReceived: 0, unitsToRma: 0, rmaRate: null, paidVsList: null, paidVsMarket: null, leads: [], paid: 0, list: 0, paidM: 0, market: 0 }));
    }
    // Quantities and costs as the lots hold them now (an edit after purchase counts), summed over the parts.
    const quantity = parts.reduce((n, l) => n + l.quantity, 0);
    const unitCost = parts[0]?.unitCost ?? first.unitCost ?? 0;
    const currency = parts[0]?.currency ?? first.currency ?? '';
    s.lots++;
    s.units += quantity;
    for (const l of parts) s.spend[l.currency] = (s.spend[l.currency] ?? 0) + l.unitCost * l.quantity + l.extraCosts;
    const model = first.modelId === undefined ? undefined : models.get(first.modelId);
    if (model !== undefined && model.listPrice !== null && model.currency === currency && model.listPrice > 0) {
      s.paid += unitCost * quantity;
      s.list += model.listPrice * quantity;
    }
    const curve = model === undefined ? null : curveOf(model, currency);
    if (curve !== null && first.purchaseDate !== undefined) {
      const p50 = residualQuantiles(curve, first.purchaseDate, 'new').p50;
      if (p50 > 0) {
        s.paidM += unitCost * quantity;
        s.market += p50 * quantity;
      }
    }
  }
  // Receipt and RMA from the lots as they are now and the moves that happened to them. A purchase's
  // lead time runs to its first receipt (the earliest received date of its parts).
  const firstReceipt = new Map<string, { purchased: IsoDate; received: IsoDate }>();
  for (const lot of input.lots) {
    const root = family.get(lot.id) ?? lot.id;
    const key = supplierOfRoot.get(root);
    const s = key === undefined ? undefined : scores.get(key);
    if (s === undefined || lot.receivedDate === null) continue;
    s.unitsReceived += lot.quantity;
    const seen = firstReceipt.get(root);
    if (seen === undefined || lot.receivedDate < seen.received) firstReceipt.set(root, { purchased: lot.purchaseDate, received: lot.receivedDate });
  }
  for (const [root, r] of firstReceipt) scores.get(supplierOfRoot.get(root) as string)?.leads.push(daysBetween(r.purchased, r.received));
  for (const e of input.events) {
    if (e.entity !== 'lot' || e.type !== 'transitioned' || e.to !== 'rma') continue;
    const key = supplierOfRoot.get(family.get(e.lotId) ?? e.lotId);
    const s = key === undefined ? undefined : scores.get(key);
    if (s !== undefined) s.unitsToRma += e.quantity ?? 0;
  }
  const out: SupplierScore[] = [];
  for (const s of scores.values()) {
    const leads = [...s.leads].sort((a, b) => a - b);
    const mid = Math.floor(leads.length / 2);
    const median = leads.length === 0 ? null : leads.length % 2 === 1 ? (leads[mid] as number) : ((leads[mid - 1] as number) + (leads[mid] as number)) / 2;
    out.push({
      supplier: s.supplier,
      supplierId: s.supplierId,
      country: s.country,
      channel: s.channel,
      lots: s.lots,
      units: s.units,
      spend: s.spend,
      leadTimeDays: { median, worst: leads.length === 0 ? null : (leads.at(-1) as number), lots: leads.length },
      unitsReceived: s.unitsReceived,
      unitsToRma: s.unitsToRma,
      rmaRate: s.unitsReceived > 0 ? s.unitsToRma / s.unitsReceived : null,
      paidVsList: s.list > 0 ? s.paid / s.list : null,
      paidVsMarket: s.market > 0 ? s.paidM / s.market : null,
    });
  }
  return out.sort((a, b) => a.supplier.localeCompare(b.supplier));
}

// ---- CSV -----------------------------------------------------------------------------------------

export const REGISTER_CSV_COLUMNS = ['section', 'origin', 'classification', 'site_country', 'lots', 'units', 'currency', 'book_value', 'date', 'lot_code', 'quantity', 'from', 'to', 'licence_reference', 'to_buyer', 'actor'] as const;

/**
 * The register as one CSV: a row per holding (`section` holding) and per transfer (`section`
 * transfer), each filling its own columns, so a spreadsheet filters one or the other.
 */
export function complianceRegisterCsv(register: ComplianceRegister): string {
  const empty = (): Record<(typeof REGISTER_CSV_COLUMNS)[number], string> => Object.fromEntries(REGISTER_CSV_COLUMNS.map((c) => [c, ''])) as Record<(typeof REGISTER_CSV_COLUMNS)[number], string>;
  const rows: string[][] = [];
  for (const h of register.holdings) {
    rows.push(Object.values({ ...empty(), section: 'holding', origin: h.origin, classification: h.classification, site_country: h.siteCountry, lots: String(h.lots), units: String(h.units), currency: h.currency, book_value: formatDecimal(h.bookValue, h.currency) }));
  }
  for (const t of register.transfers) {
    rows.push(Object.values({ ...empty(), section: 'transfer', classification: t.classification, date: t.date, lot_code: t.lotCode, quantity: t.quantity === null ? '' : String(t.quantity), from: t.from, to: t.to, licence_reference: t.licenceReference, to_buyer: t.toBuyer ? 'yes' : 'no', actor: t.actor }));
  }
  return toCsv(REGISTER_CSV_COLUMNS, rows);
}
