/**
 * Importing a validated lots CSV, as a plan (issue 10: the app and the command line write the
 * same events): unknown models, sites and suppliers are created, every lot gets an `imported` event, and
 * the whole file is refused with each row's problems when any row cannot be created.
 */
import { sameHsCode } from './compliance';
import { STORAGE_BEARING_DEFAULT, type Category, type HardwareModel, type Site } from './catalog';
import { catalogCreatedEvent } from './catalogChanges';
import type { CsvRowError } from './csv';
import { copyTemplate, type CategoryPolicies } from './depreciation/policies';
import type { LotEvent } from './events';
import type { Lot } from './lot';
import type { LotImportRow } from './lotCsv';
import { createLot, type ChangeContext, type FieldErrors } from './lotChanges';
import { err, ok, type Result } from './result';
import { cleanSupplierName, SUPPLIER_CHANNEL_LABELS, SupplierResolver, supplierKey, type Supplier } from './suppliers';

export interface ImportPlanSummary {
  lots: number;
  units: number;
  newModels: string[];
  newSites: string[];
  newSuppliers: string[];
}

export const modelKey = (manufacturer: string, name: string): string => `${manufacturer.trim().toLowerCase()}\u0000${name.trim().toLowerCase()}`;

export function summariseImport(rows: readonly LotImportRow[], models: readonly HardwareModel[], sites: readonly Site[], suppliers: readonly Supplier[] = []): ImportPlanSummary {
  const knownModels = new Set(models.map((m) => modelKey(m.manufacturer, m.name)));
  const knownSites = new Set(sites.map((s) => s.code.toLowerCase()));
  const knownSuppliers = new Set(suppliers.map((s) => supplierKey(s.name)));
  const newModels = new Map<string, string>();
  const newSites = new Map<string, string>();
  const newSuppliers = new Map<string, string>();
  for (const r of rows) {
    const key = modelKey(r.manufacturer, r.model);
    if (!knownModels.has(key)) newModels.set(key, `${r.manufacturer} ${r.model}`);
    if (r.siteCode !== '' && !knownSites.has(r.siteCode.toLowerCase())) newSites.set(r.siteCode.toLowerCase(), r.siteCode);
    const supplier = supplierKey(r.supplier);
    if (supplier !== '' && !knownSuppliers.has(supplier) && !newSuppliers.has(supplier)) newSuppliers.set(supplier, cleanSupplierName(r.supplier));
  }
  return { lots: rows.length, units: rows.reduce((a, r) => a + r.quantity, 0), newModels: [...newModels.values()], newSites: [...newSites.values()], newSuppliers: [...newSuppliers.values()] };
}

const FIELD_COLUMNS: Partial<Record<keyof Lot, string>> = {
  code: 'lot_code', quantity: 'quantity', unitCost: 'unit_cost', extraCosts: 'extra_costs', currency: 'currency', purchaseDate: 'purchase_date',
  receivedDate: 'received_date', inServiceDate: 'in_service_date', siteId: 'site', poNumber: 'po_number', warrantyEnd: 'warranty_end',
  salvageValue: 'salvage_value', powerWatts: 'power_watts', supportCostPerYear: 'support_cost_per_year', replacementPlan: 'replacement_plan', status: 'status',
};

function rowErrors(line: number, errors: FieldErrors): CsvRowError[] {
  return Object.entries(errors).map(([field, message]) => ({ row: line, column: FIELD_COLUMNS[field as keyof Lot] ?? null, message: message ?? 'is invalid' }));
}

/** What an import writes: new catalogue records, the lots, and every event, in order. */
export interface LotImportPlan {
  summary: ImportPlanSummary;
  newModels: HardwareModel[];
  newSites: Site[];
  newSuppliers: Supplier[];
  lots: Lot[];
  events: LotEvent[];
}

/** The ledger as an import needs it. */
export interface LotImportCatalog {
  models: readonly HardwareModel[];
  sites: readonly Site[];
  /** Absent: none yet (every supplier the file names is new). */
  suppliers?: readonly Supplier[];
  templates: Record<Category, CategoryPolicies>;
  /** Lot codes already taken. */
  takenCodes: ReadonlySet<string>;
}

export function planLotImport(rows: readonly LotImportRow[], catalog: LotImportCatalog, ctx: ChangeContext, fileName: string): Result<LotImportPlan, CsvRowError[]> {
  const { models, sites, templates } = catalog;
  const summary = summariseImport(rows, models, sites, catalog.suppliers);
  const suppliers = new SupplierResolver(catalog.suppliers ?? [], ctx, `Created by importing ${fileName}.`);
  const modelsByKey = new Map(models.map((m) => [modelKey(m.manufacturer, m.name), m]));
  const sitesByCode = new Map(sites.map((s) => [s.code.toLowerCase(), s]));
  const codes = new Set(catalog.takenCodes);
  const newModels: HardwareModel[] = [];
  const newSites: Site[] = [];
  const lots: Lot[] = [];
  const events: LotEvent[] = [];
  const failures: CsvRowError[] = [];
  for (const r of rows) {
    const key = modelKey(r.manufacturer, r.model);
    let model = modelsByKey.get(key);
    if (!model) {
      model = {
        id: ctx.newId(), manufacturer: r.manufacturer.trim(), name: r.model.trim(), category: r.category, powerWatts: null, rackUnits: null,
        listPrice: null, currency: r.currency, releaseDate: null, endOfSale: null, endOfSupport: null, successorId: null,
        performance: null, serialPattern: '', storageBearing: STORAGE_BEARING_DEFAULT[r.category], notes: `Created by importing ${fileName}.`, demo: false, createdAt: ctx.now, updatedAt: ctx.now,
        ...(r.countryOfOrigin !== null ? { countryOfOrigin: r.countryOfOrigin } : {}),
        ...(r.exportClassification !== '' ? { exportClassification: r.exportClassification } : {}),
        ...(r.hsCode !== '' ? { hsCode: r.hsCode } : {}),
      };
      modelsByKey.set(key, model);
      newModels.push(model);
      events.push(catalogCreatedEvent(ctx, 'model', model));
    }
    // A lot not in service yet may come without a site.
    let site = r.siteCode === '' ? null : sitesByCode.get(r.siteCode.toLowerCase());
    if (site === undefined) {
      site = { id: ctx.newId(), code: r.siteCode.trim(), name: r.siteCode.trim(), energyPricePerMwh: null, currency: r.currency, pue: null,
        ...(r.siteCountry !== null ? { country: r.siteCountry } : {}),
        notes: `Created by importing ${fileName}.`, demo: false, createdAt: ctx.now, updatedAt: ctx.now };
      sitesByCode.set(r.siteCode.toLowerCase(), site);
      newSites.push(site);
      events.push(catalogCreatedEvent(ctx, 'site', site));
    }
    // A supplier this row makes takes the row's country and channel, so its own row always matches it below.
    const supplier = suppliers.resolve(r.supplier, { country: r.supplierCountry, channel: r.supplierChannel });
    // A lots file describes the catalogue but never changes it: what it says must match.
    const mismatch = (column: string, what: string, given: string | null, has: string | null | undefined, record: string, same = (x: string, y: string) => x === y): void => {
      if (given === null || given === '' || (has !== null && has !== undefined && same(given, has))) return;
      const fromFile =
        newModels.some((m) => `${m.manufacturer} ${m.name}` === record) || newSites.some((s) => `Site ${s.code}` === record) || (supplier !== null && record === `Supplier ${supplier.name}` && suppliers.created.includes(supplier));
      const where = fromFile ? 'from an earlier row of this file' : 'in the catalogue';
      const fix = record.startsWith('Supplier ') ? 'Suppliers' : 'Models or Sites';
      failures.push({ row: r.line, column, message: `${record} has ${has === null || has === undefined || has === '' ? `no ${what}` : `${what} ${has}`} ${where}, not ${given}; change it in ${fix}, or leave the column empty` });
    };
    // The category is the model's and decides the lot's policies: a row may not give another one.
    if (r.category !== model.category) {
      const where = newModels.includes(model) ? 'from an earlier row of this file' : 'in the catalogue';
      failures.push({ row: r.line, column: 'category', message: `${model.manufacturer} ${model.name} is ${model.category} ${where}, not ${r.category}; change it in Models, or give the model's category` });
    }
    mismatch('country_of_origin', 'country of origin', r.countryOfOrigin, model.countryOfOrigin, `${model.manufacturer} ${model.name}`);
    mismatch('export_classification', 'export classification', r.exportClassification, model.exportClassification, `${model.manufacturer} ${model.name}`);
    mismatch('hs_code', 'HS code', r.hsCode, model.hsCode, `${model.manufacturer} ${model.name}`, sameHsCode);
    if (site) mismatch('site_country', 'country', r.siteCountry, site.country, `Site ${site.code}`);
    if (supplier !== null) {
      mismatch('supplier_country', 'country', r.supplierCountry, supplier.country, `Supplier ${supplier.name}`);
      mismatch('supplier_channel', 'channel', r.supplierChannel === null ? null : SUPPLIER_CHANNEL_LABELS[r.supplierChannel], supplier.channel === null ? null : SUPPLIER_CHANNEL_LABELS[supplier.channel], `Supplier ${supplier.name}`);
    }
    const created = createLot(
      {
        code: r.lotCode, modelId: model.id, quantity: r.quantity, unitCost: r.unitCost, extraCosts: r.extraCosts, currency: r.currency,
        purchaseDate: r.purchaseDate, receivedDate: r.receivedDate, inServiceDate: r.inServiceDate, siteId: site?.id ?? null, supplierId: supplier?.id ?? null,
        poNumber: r.poNumber, warrantyEnd: r.warrantyEnd, salvageValue: r.salvageValue, powerWatts: r.powerWatts,
        supportCostPerYear: r.supportCostPerYear, status: r.status, disposition: null, disposedDate: null, proceeds: null,
        replacementPlan: r.replacementPlan, notes: r.notes, tags: r.tags, demo: false,
        book: copyTemplate(templates[model.category].book), tax: copyTemplate(templates[model.category].tax),
      },
      ctx,
      codes,
      // A file may bring an ordered or received lot without its PO: it is flagged "PO missing" (lifecycle.ts isPoMissing).
      { type: 'imported', note: `Imported from ${fileName}, row ${r.line}.`, poMayBeMissing: true },
    );
    if (!created.ok) {
      failures.push(...rowErrors(r.line, created.error));
      continue;
    }
    codes.add(r.lotCode.trim());
    lots.push(...created.value.lots);
    events.push(...created.value.events);
  }
  if (failures.length > 0) return err(failures);
  // The suppliers' `created` events go first, like the models' and sites' (each before the lots that name it).
  return ok({ summary, newModels, newSites, newSuppliers: suppliers.created, lots, events: [...suppliers.events, ...events] });
}
