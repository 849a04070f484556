/**
 * The lot form's values are what the person typed (strings); this module turns them into lot
 * fields, with a message per field for anything that does not parse. The domain
 * (validateLot) then checks the lot itself, so the form and the database agree on the rules.
 */
import { parseIsoDate } from '../../../shared/dates';
import type { LotStatus } from '../../../shared/lifecycle';
import { copyTemplate, type CategoryPolicies, type PolicyTemplate } from '../../../shared/depreciation/policies';
import { tagsFromText, tagsText, type Lot } from '../../../shared/lot';
import type { FieldErrors, LotDraft } from '../../../shared/lotChanges';
import { formatDecimal, isCurrencyCode, parseMoney } from '../../../shared/money';

export interface LotFormValues {
  code: string;
  modelId: string;
  quantity: string;
  unitCost: string;
  extraCosts: string;
  currency: string;
  purchaseDate: string;
  receivedDate: string;
  inServiceDate: string;
  siteId: string;
  /** The supplier's name as typed: an existing supplier's, or a new one's (made on save). */
  supplier: string;
  poNumber: string;
  warrantyEnd: string;
  salvageValue: string;
  powerWatts: string;
  supportCostPerYear: string;
  replacementPlan: string;
  notes: string;
  tags: string;
  status: LotStatus;
  book: PolicyTemplate;
  tax: PolicyTemplate;
}

export function emptyLotForm(today: string, currency: string, templates: CategoryPolicies): LotFormValues {
  return {
    book: copyTemplate(templates.book),
    tax: copyTemplate(templates.tax),
    code: '',
    modelId: '',
    quantity: '1',
    unitCost: '',
    extraCosts: '0',
    currency,
    purchaseDate: today,
    receivedDate: '',
    inServiceDate: '',
    siteId: '',
    supplier: '',
    poNumber: '',
    warrantyEnd: '',
    salvageValue: '0',
    powerWatts: '',
    supportCostPerYear: '0',
    replacementPlan: '',
    notes: '',
    tags: '',
    status: 'planned',
  };
}

/** The form of `lot`; `supplierName` is its supplier's name (renderer/db/queries.ts Fleet, shared/suppliers.ts lotSupplierName). */
export function lotToForm(lot: Lot, supplierName: string): LotFormValues {
  const money = (minor: number) => formatDecimal(minor, lot.currency);
  return {
    code: lot.code,
    modelId: lot.modelId,
    quantity: String(lot.quantity),
    unitCost: money(lot.unitCost),
    extraCosts: money(lot.extraCosts),
    currency: lot.currency,
    purchaseDate: lot.purchaseDate,
    receivedDate: lot.receivedDate ?? '',
    inServiceDate: lot.inServiceDate ?? '',
    siteId: lot.siteId ?? '',
    supplier: supplierName,
    poNumber: lot.poNumber,
    warrantyEnd: lot.warrantyEnd ?? '',
    salvageValue: money(lot.salvageValue),
    powerWatts: lot.powerWatts === null ? '' : String(lot.powerWatts),
    supportCostPerYear: money(lot.supportCostPerYear),
    replacementPlan: lot.replacementPlan,
    notes: lot.notes,
    tags: tagsText(lot.tags),
    status: lot.status,
    book: lot.book,
    tax: lot.tax,
  };
}

type FormLot = Omit<LotDraft, 'disposition' | 'disposedDate' | 'proceeds' | 'demo' | 'parentId' | 'supplierId' | 'supplier'>;

/**
 * Parses the form. Fields that do not parse get a message and keep a placeholder value. The
 * supplier is returned as its name: the command finds or makes the supplier record.
 */
export function formToLot(v: LotFormValues): { lot: FormLot; supplierName: string; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const currency = v.currency.trim().toUpperCase();
  const currencyOk = isCurrencyCode(currency);
  if (!currencyOk) errors.currency = 'Currency must be a three-letter ISO 4217 code, e.g. USD.';
  const money = (key: keyof FieldErrors, text: string, label: string): number => {
    if (!currencyOk) return 0;
    const r = parseMoney(text === '' ? '0' : text, currency);
    if (!r.ok) {
      errors[key] = `${label}: ${r.error}.`;
      return 0;
    }
    if (r.value < 0) errors[key] = `${label} cannot be negative.`;
    return r.value;
  };
  const date = (key: keyof FieldErrors, text: string, label: string, required: boolean): string | null => {
    if (text.trim() === '') {
      if (required) errors[key] = `${label} is required.`;
      return null;
    }
    const r = parseIsoDate(text);
    if (!r.ok) {
      errors[key] = `${label}: ${r.error}.`;
      return null;
    }
    return r.value;
  };
  const wholeNumber = (key: keyof FieldErrors, text: string, label: string): number | null => {
    if (text.trim() === '') return null;
    if (!/^\d+$/u.test(text.trim())) {
      errors[key] = `${label} must be a whole number.`;
      return null;
    }
    return Number(text.trim());
  };
  const quantity = wholeNumber('quantity', v.quantity, 'Quantity') ?? 0;
  if (v.quantity.trim() === '') errors.quantity = 'Quantity is required.';
  const lot: FormLot = {
    code: v.code.trim(),
    modelId: v.modelId,
    quantity,
    unitCost: v.unitCost.trim() === '' ? ((errors.unitCost = 'Unit cost is required.'), 0) : money('unitCost', v.unitCost, 'Unit cost'),
    extraCosts: money('extraCosts', v.extraCosts, 'Extra costs'),
    currency,
    purchaseDate: date('purchaseDate', v.purchaseDate, 'Purchase date', true) ?? '',
    receivedDate: date('receivedDate', v.receivedDate, 'Received date', false),
    inServiceDate: date('inServiceDate', v.inServiceDate, 'In-service date', false),
    siteId: v.siteId || null,
    poNumber: v.poNumber.trim(),
    warrantyEnd: date('warrantyEnd', v.warrantyEnd, 'Warranty end', false),
    salvageValue: money('salvageValue', v.salvageValue, 'Salvage value'),
    powerWatts: wholeNumber('powerWatts', v.powerWatts, 'Power'),
    supportCostPerYear: money('supportCostPerYear', v.supportCostPerYear, 'Support cost'),
    replacementPlan: v.replacementPlan.trim(),
    notes: v.notes,
    tags: tagsFromText(v.tags),
    status: v.status,
    book: v.book,
    tax: v.tax,
  };
  return { lot, supplierName: v.supplier.trim(), errors };
}

/** Amounts the form reads in the lot's currency: a change of currency changes what their text means. */
const AMOUNT_FIELDS = ['unitCost', 'extraCosts', 'salvageValue', 'supportCostPerYear'] as const;

/**
 * What an edit saves: the fields of `lot` (the form parsed) whose text the person changed from
 * `opened` (the form as it was opened), and every amount when the currency changed. A field left
 * as it was shown is not sent, so saving never writes back what the form showed over a change
 * made to the lot meanwhile (a split that took part of its quantity and extra costs, another
 * device's edit brought in by team sync).
 */
export function lotEditPatch(opened: LotFormValues, values: LotFormValues, lot: FormLot): Partial<Omit<FormLot, 'status'>> {
  const patch: Record<string, unknown> = {};
  const currencyChanged = values.currency.trim().toUpperCase() !== opened.currency.trim().toUpperCase();
  const shown = (form: LotFormValues, key: string): unknown => (form as unknown as Record<string, unknown>)[key];
  for (const key of Object.keys(lot) as (keyof FormLot)[]) {
    if (key === 'status') continue;
    const changed = JSON.stringify(shown(values, key)) !== JSON.stringify(shown(opened, key));
    if (changed || (currencyChanged && (AMOUNT_FIELDS as readonly string[]).includes(key))) patch[key] = lot[key];
  }
  return patch as Partial<Omit<FormLot, 'status'>>;
}

/** Whether the person changed anything in the form since it opened (what Escape would throw away). */
export function lotFormChanged(opened: LotFormValues, values: LotFormValues): boolean {
  return (Object.keys(values) as (keyof LotFormValues)[]).some((key) => JSON.stringify(values[key]) !== JSON.stringify(opened[key]));
}
