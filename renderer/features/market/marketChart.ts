/**
 * From a model and the prices seen for it (and for the other models of its category) to the
 * fitted residual curve and the points of the price-over-time chart. Pure: dates come in.
 */
import { CATEGORY_LABELS, type HardwareModel } from '../../../shared/catalog';
import { addMonths, completedMonths, compareIso, dateParts, daysInMonth, type IsoDate } from '../../../shared/dates';
import { isOwnedOn } from '../../../shared/depreciation/fleetValue';
import { marketCurves } from '../../../shared/forecast/marketCurves';
import { OUTLIER_MIN_FACTOR, RESIDUAL_PRIORS, residualSeries, type ResidualCurve, type ResidualObservation } from '../../../shared/forecast/residual';
import type { Lot } from '../../../shared/lot';
import { CONDITION_LABELS, CONDITIONS, type Condition, type MarketObservation } from '../../../shared/market';
import { formatMoney } from '../../../shared/money';
import { err, ok, type Result } from '../../../shared/result';
import type { ChartDot, ChartSeries } from '../../components/LineChart';
import { counted } from '../../lib/counted';

/** Months the chart runs past today. */
export const HORIZON_MONTHS = 36;
/** At most this many months of curve (release dates of very old models). */
const MAX_MONTHS = 240;

/** The chart's x: month index (year × 12 + month − 1), with the day as a fraction. */
export function monthX(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  return year * 12 + month - 1 + (day - 1) / daysInMonth(year, month);
}

/**
 * The model's curve in its own currency, fitted as the fleet forecast fits it (marketCurves): with
 * the price step at its successor's release, and its owned lots' cost and earliest purchase where
 * the catalogue has no list price or release date. So "today" here is the per-unit market value
 * a lot's Value tab shows (fitted apart, the page left out the successor step: 3 % higher for an A100).
 * `fleet` is the catalogue (to find the successor) and the lots; without it, the model alone.
 */
export function fitModelCurve(
  model: HardwareModel,
  own: readonly MarketObservation[],
  others: readonly { model: HardwareModel; observations: readonly MarketObservation[] }[],
  asOf: IsoDate,
  fleet: { models: readonly HardwareModel[]; lots: readonly Lot[] } = { models: [model, ...others.map((o) => o.model)], lots: [] },
): Result<ResidualCurve> {
  const sameCategory = others.filter((o) => o.model.id !== model.id && o.model.category === model.category);
  const observations = [...own.map((o) => ({ ...o, modelId: model.id })), ...sameCategory.flatMap((o) => o.observations.map((x) => ({ ...x, modelId: o.model.id })))];
  const models = fleet.models.some((m) => m.id === model.id) ? fleet.models : [...fleet.models, model];
  const entry = marketCurves({ models, observations, ownedLots: fleet.lots.filter((l) => isOwnedOn(l, asOf)), asOf })(model, model.currency);
  return entry.curve === null ? err(entry.problem ?? 'No market value curve for this model') : ok(entry.curve);
}

/** The condition seen most often (ties: the order of CONDITIONS), or 'used' with none. */
export function commonestCondition(observations: readonly MarketObservation[]): Condition {
  let best: Condition = 'used';
  let bestCount = 0;
  for (const c of CONDITIONS) {
    const n = observations.filter((o) => o.condition === c).length;
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}

export interface MarketChart {
  series: ChartSeries[];
  /** The prices, in the curve's currency; those the fit left out are `excluded` and say why. */
  dots: ChartDot[];
  today: number;
  from: IsoDate;
  to: IsoDate;
}

/**
 * The band (p10–p90) and the p50 curve from the curve's origin to today + 36 months, and the
 * observations as dots: hollow, with the reason, for those the fit left out.
 */
export function marketChart(curve: ResidualCurve, observations: readonly MarketObservation[], condition: Condition, today: IsoDate): MarketChart {
  const firstSeen = observations.reduce<IsoDate | null>((a, o) => (a === null || compareIso(o.date, a) < 0 ? o.date : a), null);
  let from = curve.originDate;
  if (firstSeen !== null && compareIso(firstSeen, from) < 0) from = firstSeen;
  const to = addMonths(today, HORIZON_MONTHS);
  let months = completedMonths(from, to);
  if (months > MAX_MONTHS) {
    from = addMonths(to, -MAX_MONTHS);
    months = MAX_MONTHS;
  }
  const s = residualSeries(curve, from, months, condition);
  const x0 = monthX(from);
  const lower: { x: number; y: number }[] = [];
  const upper: { x: number; y: number }[] = [];
  const median: { x: number; y: number }[] = [];
  for (let m = 0; m <= months; m++) {
    const x = x0 + m;
    lower.push({ x, y: s.p10[m] ?? 0 });
    upper.push({ x, y: s.p90[m] ?? 0 });
    median.push({ x, y: s.p50[m] ?? 0 });
  }
  const label = CONDITION_LABELS[condition];
  return {
    series: [
      { label: `p10–p90 band (${label})`, points: lower, upper, color: 'var(--accent)' },
      { label: `Fitted p50 (${label})`, points: median, color: 'var(--accent)' },
    ],
    dots: observations
      .filter((o) => o.currency === curve.currency)
      .map((o) => {
        const seen = `${o.date}: ${formatMoney(o.unitPrice, o.currency)} (${CONDITION_LABELS[o.condition]}, ×${o.quantity}) at ${o.source}`;
        const why = leftOutBecause(curve, o);
        return why === null
          ? { x: monthX(o.date), y: o.unitPrice, title: isSuspect(curve, o) ? `${seen}; more than ${OUTLIER_MIN_FACTOR} times from the other price or the list price's curve: check it` : seen }
          : { x: monthX(o.date), y: o.unitPrice, title: `${seen}; left out of the fit: ${why}`, excluded: true };
      }),
    today: monthX(today),
    from,
    to,
  };
}

const samePrice = (a: ResidualObservation, b: MarketObservation): boolean =>
  a.date === b.date && a.unitPrice === b.unitPrice && a.currency === b.currency && a.condition === b.condition;

/** Why the fit did not count a price of the curve's currency (as curveFacts says it), or null if it did. */
function leftOutBecause(curve: ResidualCurve, o: MarketObservation): string | null {
  if (compareIso(o.date, curve.asOf) > 0) return `dated after ${curve.asOf}`;
  if (curve.outliers.some((x) => samePrice(x, o))) return "far outside this model's other prices (check its amount and currency)";
  return null;
}

function isSuspect(curve: ResidualCurve, o: MarketObservation): boolean {
  return curve.suspects.some((x) => samePrice(x, o));
}

/** The prices listed under the chart but not on it, as their currency is not the curve's. */
export function otherCurrencyFact(count: number, currency: string): string {
  return `${counted(count, 'price')} in another currency than ${currency} ${count === 1 ? 'is' : 'are'} listed below but not charted.`;
}

/** "loses ~24 % a year": the yearly fall e^−k as a percentage. */
export function yearlyLoss(decayPerYear: number): string {
  return `loses ~${Math.round((1 - Math.exp(-decayPerYear)) * 100)} % a year`;
}

/** The curve's facts in words, one sentence each. */
export function curveFacts(curve: ResidualCurve): string[] {
  const category = CATEGORY_LABELS[curve.category];
  const facts: string[] = [];
  switch (curve.source) {
    case 'model':
      facts.push(
        `Fitted to ${curve.observationCount} observation${curve.observationCount === 1 ? '' : 's'} of this model` +
          (curve.categoryObservationCount > 0 ? `, starting from the ${category} category's ${curve.categoryObservationCount}.` : ', starting from the category prior.'),
      );
      break;
    case 'category':
      facts.push(`No prices seen for this model yet: the curve is the ${category} category's, from ${curve.categoryObservationCount} observations of other models.`);
      break;
    case 'prior':
      facts.push(`No prices seen for this model or its category yet: the curve is the ${category} prior (${RESIDUAL_PRIORS[curve.category].basis}).`);
      break;
  }
  facts.push(`A unit ${yearlyLoss(curve.decayPerYear)}.`);
  facts.push(
    `Age 0 is ${curve.originDate} (${curve.originKind === 'earliest-purchase' ? 'the earliest purchase of its lots; no release date' : curve.originKind === 'release' ? 'release date' : curve.originKind === 'first-observation' ? 'first price seen; no release date' : 'today; no release date'}).`,
  );
  if (curve.successorStep !== null) {
    facts.push(`Prices step down to ${Math.round(curve.successorStep.factor * 100)} % when its successor is released, at age ${curve.successorStep.ageYears.toFixed(1)} years.`);
  }
  facts.push(`${Math.round(curve.modelDataWeight * 100)} % of the decay rate comes from this model's own prices.`);
  if (curve.skippedObservationCount > 0) {
    facts.push(`${curve.skippedObservationCount} observation${curve.skippedObservationCount === 1 ? ' was' : 's were'} left out of the fit (another currency than ${curve.currency}, or dated after today).`);
  }
  const listed = (prices: readonly ResidualCurve['outliers'][number][]): string =>
    prices.map((o) => `${o.date}, ${formatMoney(o.unitPrice, o.currency)} (${CONDITION_LABELS[o.condition]})`).join('; ');
  if (curve.outliers.length > 0) {
    const one = curve.outliers.length === 1;
    facts.push(
      `${curve.outliers.length} price${one ? '' : 's'} far outside this model's others (more than ${OUTLIER_MIN_FACTOR} times above or below them, beyond their spread) ${one ? 'was' : 'were'} left out of the fit: ${listed(curve.outliers)}. Check ${one ? 'its' : 'their'} amount and currency in the prices below.`,
    );
  }
  if (curve.suspects.length > 0) {
    const one = curve.suspects.length === 1;
    facts.push(
      `${one ? 'A price' : `${curve.suspects.length} prices`} more than ${OUTLIER_MIN_FACTOR} times above or below this model's other price or its list price's curve: ${listed(curve.suspects)}. With fewer than three prices the fit keeps every one (the list price's curve is only what the category expects, and a model that loses value faster has genuine prices far below it), so its band may be far too wide: check ${one ? 'its' : 'their'} amount and currency in the prices below, and the model's list price.`,
    );
  }
  return facts;
}
