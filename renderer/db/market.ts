/**
 * Writes and reads of market observations (prices seen on the secondary market). Each write
 * appends an `observed` event on the model (entity 'model', lotId = modelId) in the same
 * transaction; an import is all or nothing, like the lots import.
 */
import type { HardwareModel } from '../../shared/catalog';
import type { CsvRowError } from '../../shared/csv';
import { compareIso, isIsoDate, yearRangeProblem, type IsoDate } from '../../shared/dates';
import type { LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import { isCondition, type MarketObservation } from '../../shared/market';
import { describeObservation, observedEvent } from '../../shared/marketEvents';
import type { MarketImportRow } from '../../shared/marketCsv';
import { isCurrencyCode } from '../../shared/money';
import { err, ok, type Result } from '../../shared/result';
import { todayIso } from '../lib/clock';
import type { FleetDb } from './database';
import { modelKey } from './importLots';
import { appendEvents, lastSeq, lastSeqs } from './eventLog';
import { changeContext } from './lotCommands';

/** What the user (or a CSV row) supplies; id and createdAt are stamped on save. */
export type ObservationDraft = Omit<MarketObservation, 'id' | 'createdAt' | 'demo'>;
export type ObservationErrors = Partial<Record<keyof ObservationDraft, string>>;

const CONTROL_CHARS = /\p{Cc}/u;

/** The rules of the CSV format (MARKET_CSV_RULES), for one draft. `asOf` is today. */
export function validateObservation(d: ObservationDraft, asOf: IsoDate): ObservationErrors {
  const e: ObservationErrors = {};
  if (d.modelId.trim() === '') e.modelId = 'Choose a model.';
  if (!isIsoDate(d.date)) e.date = 'Date must be a real date in YYYY-MM-DD form.';
  // As the market CSV reads its dates: 0201 for 2021 would start the model's price curve in year 201.
  else if (yearRangeProblem(d.date) !== null) e.date = `Date: ${yearRangeProblem(d.date)}.`;
  else if (compareIso(d.date, asOf) > 0) e.date = `${d.date} is in the future (today is ${asOf}); record prices once they are seen.`;
  if (!isCurrencyCode(d.currency)) e.currency = 'Currency must be a three-letter ISO 4217 code, e.g. USD.';
  if (!Number.isSafeInteger(d.unitPrice) || d.unitPrice <= 0) e.unitPrice = 'Unit price must be an amount above 0.';
  if (!isCondition(d.condition)) e.condition = 'Choose a condition.';
  if (!Number.isSafeInteger(d.quantity) || d.quantity < 1) e.quantity = 'Quantity must be a whole number of at least 1.';
  if (d.source.trim() === '') e.source = 'Say where the price was seen (broker, marketplace, auction, quote).';
  else if (CONTROL_CHARS.test(d.source)) e.source = 'The source must be a single line.';
  return e;
}

function trimDraft(d: ObservationDraft): ObservationDraft {
  return { ...d, currency: d.currency.trim().toUpperCase(), source: d.source.trim(), note: d.note.trim() };
}

export { describeObservation, observedEvent } from '../../shared/marketEvents';

/** Records one price seen by hand. */
export async function addObservation(db: FleetDb, draft: ObservationDraft, actor: string, asOf: IsoDate = todayIso()): Promise<Result<MarketObservation, ObservationErrors>> {
  const d = trimDraft(draft);
  const errors = validateObservation(d, asOf);
  if (Object.keys(errors).length > 0) return err(errors);
  return db.transaction('rw', [db.models, db.marketObservations, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
    const model = await db.models.get(d.modelId);
    if (!model) return err({ modelId: 'This model no longer exists.' });
    const ctx = changeContext(actor);
    const o: MarketObservation = { ...d, id: ctx.newId(), createdAt: ctx.now };
    await db.marketObservations.add(o);
    await appendEvents(db, [observedEvent(ctx, o, (await lastSeq(db, o.modelId)) + 1, `${describeObservation(o)}.`)]);
    return ok(o);
  });
}

export interface MarketImportSummary {
  observations: number;
  /** Labels of the models the rows are about, in file order. */
  models: string[];
}

const FIELD_COLUMNS: Readonly<Record<keyof ObservationDraft, string>> = {
  modelId: 'model', date: 'date', unitPrice: 'unit_price', currency: 'currency', condition: 'condition', quantity: 'quantity', source: 'source', note: 'note',
};

/** Which catalogue model each row names, or a row error naming the unknown model. */
export function resolveRows(
  rows: readonly MarketImportRow[],
  models: readonly HardwareModel[],
): { drafts: { line: number; draft: ObservationDraft; model: HardwareModel }[]; errors: CsvRowError[] } {
  const byKey = new Map(models.map((m) => [modelKey(m.manufacturer, m.name), m]));
  const drafts: { line: number; draft: ObservationDraft; model: HardwareModel }[] = [];
  const errors: CsvRowError[] = [];
  for (const r of rows) {
    const model = byKey.get(modelKey(r.manufacturer, r.model));
    if (!model) {
      errors.push({ row: r.line, column: 'model', message: `"${r.manufacturer} ${r.model}" is not a model in the catalogue; add it first (its category decides the price curve)` });
      continue;
    }
    drafts.push({
      line: r.line,
      model,
      draft: { modelId: model.id, date: r.date, unitPrice: r.unitPrice, currency: r.currency, condition: r.condition, quantity: r.quantity, source: r.source, note: r.note },
    });
  }
  return { drafts, errors };
}

/**
 * Writes validated CSV rows (parseMarketCsv). All or nothing: if any row names a model not in
 * the catalogue or breaks a rule, nothing is written and the errors name the rows.
 */
export async function importObservations(
  db: FleetDb,
  rows: readonly MarketImportRow[],
  actor: string,
  fileName: string,
  asOf: IsoDate = todayIso(),
): Promise<Result<MarketImportSummary, CsvRowError[]>> {
  return db.transaction('rw', [db.models, db.marketObservations, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
    const { drafts, errors } = resolveRows(rows, await db.models.toArray());
    for (const { line, draft } of drafts) {
      for (const [field, message] of Object.entries(validateObservation(trimDraft(draft), asOf))) {
        errors.push({ row: line, column: FIELD_COLUMNS[field as keyof ObservationDraft], message: message ?? 'is invalid' });
      }
    }
    if (errors.length > 0) return err(errors.sort((a, b) => a.row - b.row));
    const ctx = changeContext(actor);
    const seqs = await lastSeqs(db, drafts.map((d) => d.draft.modelId));
    const observations: MarketObservation[] = [];
    const events: LotEvent[] = [];
    const labels = new Map<Uuid, string>();
    for (const { line, draft, model } of drafts) {
      const o: MarketObservation = { ...trimDraft(draft), id: ctx.newId(), createdAt: ctx.now };
      const seq = (seqs.get(o.modelId) ?? 0) + 1;
      seqs.set(o.modelId, seq);
      observations.push(o);
      events.push(observedEvent(ctx, o, seq, `${describeObservation(o)}. Imported from ${fileName}, row ${line}.`));
      labels.set(model.id, `${model.manufacturer} ${model.name}`);
    }
    await db.marketObservations.bulkAdd(observations);
    await appendEvents(db, events);
    return ok({ observations: observations.length, models: [...labels.values()] });
  });
}

/** A model's observations, oldest first. */
export function observationsOfModel(db: FleetDb, modelId: Uuid): Promise<MarketObservation[]> {
  return db.marketObservations.where('[modelId+date]').between([modelId, ''], [modelId, '\uffff']).toArray();
}

/** Observations of several models (a category), grouped by model id. */
export async function observationsOfModels(db: FleetDb, modelIds: readonly Uuid[]): Promise<Map<Uuid, MarketObservation[]>> {
  const all = modelIds.length === 0 ? [] : await db.marketObservations.where('modelId').anyOf([...modelIds]).toArray();
  const grouped = new Map<Uuid, MarketObservation[]>();
  for (const o of all) {
    const list = grouped.get(o.modelId);
    if (list) list.push(o);
    else grouped.set(o.modelId, [o]);
  }
  return grouped;
}
