/**
 * Creating and editing catalogue records (hardware models, sites). Like lot changes, each
 * returns the record to write and the event that records it, for one transaction.
 */
import { isCategory, type HardwareModel, type Site } from './catalog';
import { isCountryCode, modelProvenanceProblems } from './compliance';
import { compareIso, isIsoDate } from './dates';
import type { EventEntity, LotEvent } from './events';
import { isCurrencyCode } from './money';
import { err, ok, type Result } from './result';
// A list or record (a model's rental price book) compares by content: a form gives it back as a new array even when nothing in it changed.
import { sameValue, type ChangeContext } from './lotChanges';
import { rentalPriceProblem } from './ownVsRent';
import { serialFormat } from './units';

type Stamps = 'id' | 'createdAt' | 'updatedAt';
export type ModelDraft = Omit<HardwareModel, Stamps>;
export type SiteDraft = Omit<Site, Stamps>;
export type CatalogErrors<T> = Partial<Record<keyof T, string>>;

const nonNegativeInt = (n: number | null): boolean => n === null || (Number.isSafeInteger(n) && n >= 0);
const optionalDate = (d: string | null): boolean => d === null || isIsoDate(d);

/** `others` are the other models in the catalogue (not the one being edited). */
export function validateModel(m: ModelDraft, others: readonly Pick<HardwareModel, 'manufacturer' | 'name' | 'id'>[]): CatalogErrors<HardwareModel> {
  const e: CatalogErrors<HardwareModel> = {};
  if (m.manufacturer.trim() === '') e.manufacturer = 'A model needs a manufacturer.';
  if (m.name.trim() === '') e.name = 'A model needs a name.';
  const key = `${m.manufacturer.trim().toLowerCase()}\u0000${m.name.trim().toLowerCase()}`;
  if (!e.name && others.some((o) => `${o.manufacturer.toLowerCase()}\u0000${o.name.toLowerCase()}` === key)) {
    e.name = `${m.manufacturer.trim()} ${m.name.trim()} is already in the catalogue.`;
  }
  if (!isCategory(m.category)) e.category = 'Choose a category.';
  if (!nonNegativeInt(m.powerWatts)) e.powerWatts = 'Power must be a whole number of watts, or empty.';
  if (!nonNegativeInt(m.rackUnits)) e.rackUnits = 'Rack units must be a whole number, or empty.';
  if (!nonNegativeInt(m.listPrice)) e.listPrice = 'List price must be an amount of zero or more, or empty.';
  if (!isCurrencyCode(m.currency)) e.currency = 'Currency must be a three-letter ISO 4217 code, e.g. USD.';
  if (!optionalDate(m.releaseDate)) e.releaseDate = 'Release date must be YYYY-MM-DD or empty.';
  if (!optionalDate(m.endOfSale)) e.endOfSale = 'End of sale must be YYYY-MM-DD or empty.';
  if (!optionalDate(m.endOfSupport)) e.endOfSupport = 'End of support must be YYYY-MM-DD or empty.';
  // The vendor's dates come in one order: released, then sold until end of sale, then supported.
  const { releaseDate: released, endOfSale, endOfSupport } = m;
  if (!e.endOfSale && !e.releaseDate && endOfSale && released && compareIso(endOfSale, released) < 0) {
    e.endOfSale = `End of sale cannot be before the release date (${released}).`;
  }
  if (!e.endOfSupport && !e.releaseDate && endOfSupport && released && compareIso(endOfSupport, released) < 0) {
    e.endOfSupport = `End of support cannot be before the release date (${released}).`;
  } else if (!e.endOfSupport && !e.endOfSale && endOfSupport && endOfSale && compareIso(endOfSupport, endOfSale) < 0) {
    e.endOfSupport = `End of support cannot be before the end of sale (${endOfSale}).`;
  }
  if (m.performance !== null && !(Number.isFinite(m.performance) && m.performance > 0)) e.performance = 'Performance must be a number above zero, or empty.';
  (m.rentalPrices ?? []).some((entry, i) => {
    const problem = rentalPriceProblem(entry);
    if (problem !== null) e.rentalPrices = `Rental price ${i + 1}: ${problem}.`;
    return problem !== null;
  });
  Object.assign(e, modelProvenanceProblems(m));
  if (m.serialPattern.trim() !== '') {
    const format = serialFormat(m.serialPattern);
    if (!format.ok) e.serialPattern = format.error;
  }
  return e;
}

export function validateSite(s: SiteDraft, others: readonly Pick<Site, 'code' | 'id'>[]): CatalogErrors<Site> {
  const e: CatalogErrors<Site> = {};
  const code = s.code.trim();
  if (code === '') e.code = 'A site needs a code.';
  else if (others.some((o) => o.code.toLowerCase() === code.toLowerCase())) e.code = `Another site already has the code ${code}.`;
  if (s.name.trim() === '') e.name = 'A site needs a name.';
  if (!nonNegativeInt(s.energyPricePerMwh)) e.energyPricePerMwh = 'Energy price must be an amount of zero or more, or empty.';
  if (!isCurrencyCode(s.currency)) e.currency = 'Currency must be a three-letter ISO 4217 code, e.g. USD.';
  if (s.pue !== null && (!Number.isFinite(s.pue) || s.pue < 1 || s.pue > 5)) e.pue = 'PUE is a ratio from 1.0 to 5.0, or empty.';
  if (s.country !== undefined && s.country !== null && !isCountryCode(s.country)) e.country = 'Country is a two-letter ISO 3166 code, e.g. NL or DE, or empty.';
  if (s.spacePerRackUnitMonth !== undefined && !nonNegativeInt(s.spacePerRackUnitMonth)) e.spacePerRackUnitMonth = 'Space cost must be an amount of zero or more a rack unit a month, or empty.';
  return e;
}

/** The event of a catalogue record written by the app itself (e.g. the demo fleet). */
export function catalogCreatedEvent(ctx: ChangeContext, entity: 'model' | 'site' | 'supplier', record: HardwareModel | Site | { id: string }): LotEvent {
  return { ...catalogEvent(ctx, entity, record.id, 'created', null, record), seq: 1 };
}

/** An event recording a catalogue record (or a lot's fields) created or edited; `seq` 0 for the log to number. */
export function catalogEvent(ctx: ChangeContext, entity: EventEntity, id: string, type: 'created' | 'edited', before: object | null, after: object): LotEvent {
  return {
    id: ctx.newId(),
    hlc: '',
    entity,
    lotId: id,
    seq: 0,
    at: ctx.now,
    date: null,
    actor: ctx.actor,
    type,
    from: null,
    to: null,
    quantity: null,
    // Catalogue snapshots share the event log's shape; replay of lots never reads them.
    before: before as LotEvent['before'],
    after: after as LotEvent['after'],
    relatedLotId: null,
    note: '',
  };
}

/**
 * The fields `next` changes from `current` (`updatedAt` aside), before and after. Only these go
 * into the edit's event: a field written unchanged would, on another device, overwrite (and be
 * reported as a conflict with) a change made there meanwhile.
 */
export function changedFields<T extends object>(current: T, next: T): { before: Partial<T>; after: Partial<T> } {
  const before: Partial<T> = {};
  const after: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (key === 'updatedAt') continue;
    if (!sameValue(current[key], next[key])) {
      before[key] = current[key];
      after[key] = next[key];
    }
  }
  return { before, after };
}

/**
 * The draft of a form opened on `opened` and saved onto `current` (the record as it is now): each
 * field the person left as the form showed it takes the current value, so saving never writes
 * back what the form showed over a change made meanwhile (another device's, brought in by team
 * sync). Without `opened` (a new record, or a caller that does not say) the draft stands whole.
 */
export function untouchedFromCurrent<T extends object>(draft: T, opened: object | null | undefined, current: object | null): T {
  if (opened === null || opened === undefined || current === null) return draft;
  const out: Record<string, unknown> = { ...(draft as Record<string, unknown>) };
  const was = opened as Record<string, unknown>;
  const now = current as Record<string, unknown>;
  for (const key of Object.keys(out)) {
    if (sameValue(out[key], was[key]) && Object.hasOwn(now, key)) out[key] = now[key];
  }
  return out as T;
}

interface Saved<T> {
  record: T;
  event: LotEvent | null;
}

function trimModel(d: ModelDraft): ModelDraft {
  return { ...d, manufacturer: d.manufacturer.trim(), name: d.name.trim(), currency: d.currency.trim().toUpperCase(), serialPattern: d.serialPattern.trim() };
}

function trimSite(d: SiteDraft): SiteDraft {
  return { ...d, code: d.code.trim(), name: d.name.trim(), currency: d.currency.trim().toUpperCase() };
}

/** Creates a model, or saves changes to `existing`. `seq` of catalogue events is the edit count. */
export function saveModel(
  draft: ModelDraft,
  existing: HardwareModel | null,
  catalogue: readonly HardwareModel[],
  ctx: ChangeContext,
  /** The model as the form showed it when opened (see {@link untouchedFromCurrent}). */
  opened?: HardwareModel | null,
): Result<Saved<HardwareModel>, CatalogErrors<HardwareModel>> {
  const d = untouchedFromCurrent(trimModel(draft), opened, existing);
  const errors = validateModel(d, catalogue.filter((m) => m.id !== existing?.id));
  if (Object.keys(errors).length > 0) return err(errors);
  if (existing === null) {
    const record: HardwareModel = { ...d, id: ctx.newId(), createdAt: ctx.now, updatedAt: ctx.now };
    return ok({ record, event: catalogEvent(ctx, 'model', record.id, 'created', null, record) });
  }
  const next: HardwareModel = { ...existing, ...d, id: existing.id, createdAt: existing.createdAt, updatedAt: ctx.now };
  const { before, after } = changedFields(existing, next);
  if (Object.keys(after).length === 0) return ok({ record: existing, event: null });
  return ok({ record: next, event: catalogEvent(ctx, 'model', next.id, 'edited', before, after) });
}

export function saveSite(
  draft: SiteDraft,
  existing: Site | null,
  sites: readonly Site[],
  ctx: ChangeContext,
  /** The site as the form showed it when opened (see {@link untouchedFromCurrent}). */
  opened?: Site | null,
): Result<Saved<Site>, CatalogErrors<Site>> {
  const d = untouchedFromCurrent(trimSite(draft), opened, existing);
  const errors = validateSite(d, sites.filter((s) => s.id !== existing?.id));
  if (Object.keys(errors).length > 0) return err(errors);
  if (existing === null) {
    const record: Site = { ...d, id: ctx.newId(), createdAt: ctx.now, updatedAt: ctx.now };
    return ok({ record, event: catalogEvent(ctx, 'site', record.id, 'created', null, record) });
  }
  const next: Site = { ...existing, ...d, id: existing.id, createdAt: existing.createdAt, updatedAt: ctx.now };
  const { before, after } = changedFields(existing, next);
  if (Object.keys(after).length === 0) return ok({ record: existing, event: null });
  return ok({ record: next, event: catalogEvent(ctx, 'site', next.id, 'edited', before, after) });
}
