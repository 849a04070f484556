/**
 * Residual value: what one unit of a hardware model fetches on the secondary market, by age
 * (PRODUCT.md "Market value and refresh").
 *
 * The model is log-linear: ln(new-equivalent unit price) = a − k × ageYears + ε, ε ~ N(0, σ²).
 * Exponential decay is what the public figures look like (the H100 vintage curve is within a
 * percent of 0.77^age; Doms et al. estimate PC depreciation as a geometric rate), it has two
 * parameters, so a handful of observations can already move it, and once fitted it is a closed
 * form: one exp per quantile per month, which keeps the 2,000 lots × 120 months forecast cheap.
 *
 * Fitting is Bayesian linear regression with a normal prior on (a, k), in three layers:
 *   1. a prior per category (RESIDUAL_PRIORS), from the handbook's public figures;
 *   2. updated with observations of the category's other models, as prices relative to each
 *      model's list price (so different price levels and currencies pool), which gives the
 *      category's curve; a model still differs from its category by a between-model spread,
 *      which is added back so a category can never make one model look more certain than that;
 *   3. updated with the model's own observations.
 * With no observations the curve is the prior, with many it is the data, and in between the
 * weights follow the precisions: that is the "blend by how much data there is", with no
 * thresholds to tune. Observed prices are first divided by their condition factor (a used
 * unit at 0.72 × new), so every observation speaks of the same new-equivalent price.
 *
 * The noise σ² is estimated from the residuals, pulled towards the prior's guess by a few
 * pseudo-observations (so three identical quotes cannot give a zero-width band), and the band
 * uses Student's t with the matching degrees of freedom. The predictive variance at an age is
 * σ² + x'Σx (scatter of prices + uncertainty of the fitted curve, which grows with distance from
 * the data) + drift² × years beyond `asOf` (markets shock; a fitted curve does not know that).
 *
 * Everything is deterministic, takes its dates as parameters and allocates nothing per month on
 * the evaluation path ({@link residualSeries}).
 */
import type { Category } from '../catalog';
import { dateParts, epochDay, isIsoDate, type IsoDate } from '../dates';
import { CONDITION_FACTOR_DEFAULTS, CONDITIONS, type Condition } from '../market';
import type { CurrencyCode } from '../money';
import { err, ok, type Result } from '../result';

// ---- Priors -------------------------------------------------------------------------------

/** A category's starting belief about the curve of one of its models. */
export interface ResidualPrior {
  /** k: the price falls by a factor e^−k per year. */
  decayPerYear: number;
  /** Uncertainty (one standard deviation) of k for a model of this category. */
  decaySd: number;
  /** ln(new-equivalent price at age 0 ÷ list price): 0 means a new unit sells at list. */
  logInterceptMean: number;
  logInterceptSd: number;
  /**
   * How much one model's curve differs from its category's (standard deviations of k and of
   * the intercept). Part of decaySd / logInterceptSd, so must be smaller than them: observing
   * the category shrinks the rest, never this.
   */
  betweenModelDecaySd: number;
  betweenModelInterceptSd: number;
  /** Prior guess of the scatter of ln prices around the curve (σ). */
  noiseSd: number;
  /** How many observations' worth that guess counts for (≥ 2, so the t band is finite). */
  noiseStrength: number;
  /** Extra ln-price uncertainty per √year beyond `asOf` (market shocks); 0 disables. */
  driftSdPerSqrtYear: number;
  /** Where the numbers come from. */
  basis: string;
}

/** Published H100 resale vintage curve (PRODUCT.md): value relative to new at ages 0–4 years. */
export const H100_VINTAGE_CURVE: readonly number[] = [1.0, 0.78, 0.6, 0.46, 0.35];

/** Ordinary least squares of ln(value) on age; used to turn published curves into priors. */
export function logLinearFit(points: readonly { ageYears: number; value: number }[]): { logIntercept: number; decayPerYear: number } {
  const n = points.length;
  if (n < 2) throw new Error('logLinearFit needs at least two points');
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.ageYears;
    sy += Math.log(p.value);
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.ageYears - mx) ** 2;
    sxy += (p.ageYears - mx) * (Math.log(p.value) - my);
  }
  if (sxx === 0) throw new Error('logLinearFit needs points at two ages at least');
  const slope = sxy / sxx;
  return { logIntercept: my - slope * mx, decayPerYear: -slope };
}

// Least squares over all five points rather than −ln(0.35)/4 from the last one: it uses every
// published figure, and gives k ≈ 0.263/yr with an intercept of +0.008 (the curve is almost
// exactly exponential, which is itself the evidence for the log-linear form).
const H100_FIT = logLinearFit(H100_VINTAGE_CURVE.map((value, ageYears) => ({ ageYears, value })));

/**
 * "Used PC value falls about half a year" (NBER w10521, Doms, Dunn, Oliner & Sichel, "How fast
 * do personal computers depreciate?"): read as a geometric rate of about 50 % a year, i.e. the
 * value halves each year, k = −ln(1 − 0.5) = ln 2 ≈ 0.693/yr. Servers are not PCs, so the
 * prior is wide.
 */
const PC_DECAY_PER_YEAR = Math.LN2;

const COMMON = {
  logInterceptSd: 0.2,
  betweenModelInterceptSd: 0.12,
  noiseStrength: 4,
  driftSdPerSqrtYear: 0.1,
} as const;

/**
 * Priors per category. GPUs come from the H100 curve, CPU servers from the PC study; the
 * others have no public figure in the handbook and are engineering judgement placed between
 * those two anchors, with wide uncertainty so a few observations outweigh them.
 */
export const RESIDUAL_PRIORS: Readonly<Record<Category, ResidualPrior>> = {
  'gpu-server': {
    ...COMMON,
    decayPerYear: H100_FIT.decayPerYear,
    decaySd: 0.1,
    logInterceptMean: H100_FIT.logIntercept,
    betweenModelDecaySd: 0.07,
    noiseSd: 0.2,
    basis: 'H100 vintage curve 1.00/0.78/0.60/0.46/0.35 at ages 0–4, least squares on ln value',
  },
  'gpu-card': {
    ...COMMON,
    decayPerYear: H100_FIT.decayPerYear,
    decaySd: 0.12,
    logInterceptMean: H100_FIT.logIntercept,
    betweenModelDecaySd: 0.08,
    noiseSd: 0.2,
    basis: 'H100 vintage curve (as GPU servers), slightly wider',
  },
  'cpu-server': {
    ...COMMON,
    decayPerYear: PC_DECAY_PER_YEAR,
    decaySd: 0.2,
    logInterceptMean: 0,
    betweenModelDecaySd: 0.12,
    noiseSd: 0.25,
    basis: 'Used PC value halves each year (NBER w10521), k = ln 2',
  },
  'storage-server': {
    ...COMMON,
    decayPerYear: 0.45,
    decaySd: 0.2,
    logInterceptMean: 0,
    betweenModelDecaySd: 0.12,
    noiseSd: 0.25,
    basis: 'Judgement: between GPU and CPU servers (about 36 % a year)',
  },
  'network-switch': {
    ...COMMON,
    decayPerYear: 0.3,
    decaySd: 0.15,
    logInterceptMean: 0,
    betweenModelDecaySd: 0.1,
    noiseSd: 0.25,
    basis: 'Judgement: switches stay in service long and hold value (about 26 % a year)',
  },
  drive: {
    ...COMMON,
    decayPerYear: 0.55,
    decaySd: 0.25,
    logInterceptMean: 0,
    betweenModelDecaySd: 0.15,
    noiseSd: 0.3,
    basis: 'Judgement: capacity per price improves fast and used drives carry wear (about 42 % a year)',
  },
  nic: {
    ...COMMON,
    decayPerYear: 0.45,
    decaySd: 0.2,
    logInterceptMean: 0,
    betweenModelDecaySd: 0.12,
    noiseSd: 0.3,
    basis: 'Judgement: as storage servers',
  },
  other: {
    ...COMMON,
    decayPerYear: 0.45,
    decaySd: 0.3,
    logInterceptMean: 0,
    betweenModelDecaySd: 0.15,
    noiseSd: 0.3,
    basis: 'Judgement: a wide prior, so observations decide',
  },
};

/** Default price step when the successor model is released: its arrival cuts demand for this one. */
export const SUCCESSOR_STEP_DEFAULT = 0.85;

// ---- Types --------------------------------------------------------------------------------

/** One price seen (a MarketObservation fits). Quantity is deliberately not used: see fit. */
export interface ResidualObservation {
  date: IsoDate;
  /** Minor units per unit, in `currency`. */
  unitPrice: number;
  currency: CurrencyCode;
  condition: Condition;
}

/** Another model of the same category, whose observations inform the category's curve. */
export interface CategoryModelObservations {
  currency: CurrencyCode;
  listPrice: number | null;
  releaseDate: IsoDate | null;
  observations: readonly ResidualObservation[];
}

export interface ResidualFitInput {
  category: Category;
  /** Currency of the list price and of the curve; observations in other currencies are skipped. */
  currency: CurrencyCode;
  /** Minor units per unit; null if unknown (then the intercept is learnt from observations alone). */
  listPrice: number | null;
  /** Age 0 of the curve; when unknown, the first observation's date (or asOf) stands in. */
  releaseDate: IsoDate | null;
  /** The fit uses what was known on this day: later observations are ignored; drift starts here. */
  asOf: IsoDate;
  observations: readonly ResidualObservation[];
  /** The category's other models (not this one), for the category fallback. */
  categoryModels?: readonly CategoryModelObservations[];
  /** When the successor is released, prices step down by `factor` (default SUCCESSOR_STEP_DEFAULT). */
  successor?: { releaseDate: IsoDate; factor?: number } | null;
  /** Overrides RESIDUAL_PRIORS[category]. */
  prior?: ResidualPrior;
  /** Overrides CONDITION_FACTOR_DEFAULTS. */
  conditionFactors?: Readonly<Record<Condition, number>>;
}

export type ResidualSource = 'model' | 'category' | 'prior';

/**
 * A fitted curve: plain data (JSON-safe), enough to evaluate any age in closed form.
 * ln(new-equivalent price) at age x has mean logIntercept − decayPerYear × x and predictive
 * variance noiseVariance + varIntercept − 2x·covInterceptDecay + x²·varDecay
 * + driftVariancePerYear × max(0, x − asOfAgeYears).
 */
export interface ResidualCurve {
  category: Category;
  currency: CurrencyCode;
  /** The date of age 0. */
  originDate: IsoDate;
  /**
   * Where age 0 came from: the model's release date, the first price seen, the forecast date; or
   * (set by ./marketCurves.ts, which gives the fit that date as the release) the earliest purchase
   * of the model's lots.
   */
  originKind: 'release' | 'earliest-purchase' | 'first-observation' | 'as-of';
  asOf: IsoDate;
  asOfAgeYears: number;
  /** Posterior mean of ln(new-equivalent unit price in minor units) at age 0. */
  logIntercept: number;
  /** Posterior mean decay rate per year (k). */
  decayPerYear: number;
  /** Posterior covariance of (logIntercept, decayPerYear). */
  varIntercept: number;
  covInterceptDecay: number;
  varDecay: number;
  /** σ²: scatter of individual ln prices around the curve. */
  noiseVariance: number;
  driftVariancePerYear: number;
  /** Degrees of freedom of the Student-t band. */
  degreesOfFreedom: number;
  /** t quantile at 0.90 for those degrees of freedom: p10/p90 = exp(mean ∓ this × sd). */
  bandMultiplier: number;
  /** Model observations used (after skipping other currencies, later dates, bad prices). */
  observationCount: number;
  categoryObservationCount: number;
  skippedObservationCount: number;
  /**
   * The model's prices left out of the fit as far outside its others (see {@link outlierIndexes}):
   * most likely a slip of the scale or the currency, named so that a person can correct them.
   */
  outliers: ResidualObservation[];
  /**
   * With fewer than three prices (see {@link fewPriceOutliers}): the model's prices more than
   * OUTLIER_MIN_FACTOR times away from its other price or from what its list price's curve expects,
   * kept in the fit because nothing says whether they or the other figure is wrong; named so that
   * a person can check them.
   */
  suspects: ResidualObservation[];
  source: ResidualSource;
  /** Share of the decay rate's information that came from observations (model and category), 0–1. */
  dataWeight: number;
  /** Share that came from the model's own observations, 0–1. */
  modelDataWeight: number;
  /** Age from which prices are multiplied by `factor`, or null. */
  successorStep: { ageYears: number; factor: number } | null;
  conditionFactors: Readonly<Record<Condition, number>>;
}

export interface ResidualQuantiles {
  p10: number;
  p50: number;
  p90: number;
}

// ---- Small linear algebra -----------------------------------------------------------------

/** A normal belief about (intercept, slope): mean and covariance. Slope is −k. */
interface Gauss2 {
  m0: number;
  m1: number;
  c00: number;
  c01: number;
  c11: number;
}

/** Design points: row (d0, x) → y. d0 = 0 for within-model centred points (see categoryPoints). */
interface Points {
  d0: number[];
  x: number[];
  y: number[];
  /** Residual degrees of freedom the points carry (n minus one per centred group). */
  dof: number;
}

function emptyPoints(): Points {
  return { d0: [], x: [], y: [], dof: 0 };
}

function inverse2(a00: number, a01: number, a11: number): { i00: number; i01: number; i11: number } {
  const det = a00 * a11 - a01 * a01;
  if (!(det > 0)) throw new Error('residual fit: covariance is not positive definite');
  return { i00: a11 / det, i01: -a01 / det, i11: a00 / det };
}

interface Update {
  post: Gauss2;
  noiseVariance: number;
  degreesOfFreedom: number;
}

/**
 * Bayesian linear regression with a normal prior and a noise variance estimated from the
 * residuals, pulled towards `noiseVar0` by `strength` pseudo-observations. The noise and the
 * coefficients depend on each other, so a few fixed-point rounds settle both (a fixed count
 * keeps it deterministic; it converges in two or three). The residual degrees of freedom
 * subtract the parameters the data actually determined (trace of the hat matrix), so a fit
 * whose slope comes mostly from the prior does not pretend its residuals are independent.
 */
function bayesUpdate(prior: Gauss2, pts: Points, noiseVar0: number, strength: number): Update {
  const l0 = inverse2(prior.c00, prior.c01, prior.c11);
  const b0 = l0.i00 * prior.m0 + l0.i01 * prior.m1;
  const b1 = l0.i01 * prior.m0 + l0.i11 * prior.m1;
  let s00 = 0;
  let s01 = 0;
  let s11 = 0;
  let r0 = 0;
  let r1 = 0;
  const n = pts.y.length;
  for (let i = 0; i < n; i++) {
    const d = pts.d0[i] ?? 0;
    const x = pts.x[i] ?? 0;
    const y = pts.y[i] ?? 0;
    s00 += d * d;
    s01 += d * x;
    s11 += x * x;
    r0 += d * y;
    r1 += x * y;
  }
  let noiseVar = noiseVar0;
  let post: Gauss2 = prior;
  let dof = strength;
  for (let round = 0; round < 6; round++) {
    const c = inverse2(l0.i00 + s00 / noiseVar, l0.i01 + s01 / noiseVar, l0.i11 + s11 / noiseVar);
    const v0 = b0 + r0 / noiseVar;
    const v1 = b1 + r1 / noiseVar;
    post = { m0: c.i00 * v0 + c.i01 * v1, m1: c.i01 * v0 + c.i11 * v1, c00: c.i00, c01: c.i01, c11: c.i11 };
    if (n === 0) break;
    let rss = 0;
    for (let i = 0; i < n; i++) {
      const e = (pts.y[i] ?? 0) - (pts.d0[i] ?? 0) * post.m0 - (pts.x[i] ?? 0) * post.m1;
      rss += e * e;
    }
    const effectiveParams = (c.i00 * s00 + 2 * c.i01 * s01 + c.i11 * s11) / noiseVar;
    dof = strength + Math.max(0, pts.dof - effectiveParams);
    noiseVar = (strength * noiseVar0 + rss) / dof;
  }
  return { post, noiseVariance: noiseVar, degreesOfFreedom: dof };
}

/**
 * Student-t quantile at 0.90 by the Cornish–Fisher expansion in 1/ν (Abramowitz & Stegun
 * 26.7.5): within 0.2 % of the exact value from ν = 2 up, which is all the band needs and avoids
 * an incomplete-beta inversion.
 */
export function studentT90(nu: number): number {
  const z = 1.2815515655446004;
  const z2 = z * z;
  const g1 = (z2 * z + z) / 4;
  const g2 = (5 * z2 * z2 * z + 16 * z2 * z + 3 * z) / 96;
  const g3 = (3 * z2 * z2 * z2 * z + 19 * z2 * z2 * z + 17 * z2 * z - 15 * z) / 384;
  const g4 = (79 * z2 ** 4 * z + 776 * z2 ** 3 * z + 1482 * z2 * z2 * z - 1920 * z2 * z - 945 * z) / 92160;
  return z + g1 / nu + g2 / nu ** 2 + g3 / nu ** 3 + g4 / nu ** 4;
}

// ---- Fitting ------------------------------------------------------------------------------

const DAYS_PER_YEAR = 365.25;
const MONTH_LENGTHS: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dayNumber(date: IsoDate): number {
  const p = dateParts(date);
  return epochDay(p.year, p.month, p.day);
}

function usable(o: ResidualObservation, currency: CurrencyCode, asOfDay: number): boolean {
  return o.currency === currency && Number.isFinite(o.unitPrice) && o.unitPrice > 0 && isIsoDate(o.date) && dayNumber(o.date) <= asOfDay;
}

function firstDay(observations: readonly ResidualObservation[]): number | null {
  let first: number | null = null;
  for (const o of observations) {
    const d = dayNumber(o.date);
    if (first === null || d < first) first = d;
  }
  return first;
}

/** A price this many times above or below a model's others is never a market's spread. */
export const OUTLIER_MIN_FACTOR = 10;
/** …and beyond this many robust standard deviations (1.4826 × MAD) of the others' spread. */
const OUTLIER_ROBUST_SDS = 5;
const MAD_TO_SD = 1.4826;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The points of one model whose ln new-equivalent price, with the expected fall by age taken out
 * (`slope`, from the prior or the category, not from these points, which the outlier would bend),
 * lies far from the others' median: more than OUTLIER_ROBUST_SDS robust standard deviations and
 * more than a factor OUTLIER_MIN_FACTOR. One price of 10¹⁵ minor units, or one typed in cents
 * where the others are in whole units, otherwise widened the least-squares band a millionfold.
 * Median and MAD cannot be moved by a minority, which is what makes them the measure here; with
 * fewer than three prices they say nothing, and {@link fewPriceOutliers} decides instead.
 */
function outlierIndexes(xs: readonly number[], ys: readonly number[], slope: number): Set<number> {
  const out = new Set<number>();
  if (ys.length < 3) return out;
  const level = ys.map((y, i) => y - slope * (xs[i] ?? 0));
  const centre = median(level);
  const deviation = level.map((v) => Math.abs(v - centre));
  const limit = Math.max(OUTLIER_ROBUST_SDS * MAD_TO_SD * median(deviation), Math.log(OUTLIER_MIN_FACTOR));
  deviation.forEach((d, i) => {
    if (d > limit) out.add(i);
  });
  return out;
}

/**
 * {@link outlierIndexes} for one or two prices, where there is no median and MAD to say which
 * price is wrong. Where the list price is known, the curve it and the prior expect is a third
 * voice: of two prices far apart, the one also far from that curve, while the other is near it,
 * is left out (`out`). Otherwise a price far from the other or from the list price's curve stays
 * in the fit, as nothing says whether it, the other price or the list price is the slip, and is
 * named (`suspect`) so that one mistyped price never pulls the curve unremarked. "Far" is as for
 * many prices: more than OUTLIER_MIN_FACTOR times, and beyond OUTLIER_ROBUST_SDS standard
 * deviations of what the prior allows (its decay rate is uncertain, the more so with age).
 */
function fewPriceOutliers(
  points: readonly { x: number; logPrice: number }[],
  logList: number | null,
  prior: Gauss2,
  noiseVar: number,
): { out: Set<number>; suspect: Set<number> } {
  const out = new Set<number>();
  const suspect = new Set<number>();
  const minLog = Math.log(OUTLIER_MIN_FACTOR);
  // ln price less the expected fall by age, and the limit against the list price's curve there.
  const level = points.map((p) => p.logPrice - prior.m1 * p.x);
  const farFromList = points.map((p, i) => {
    if (logList === null) return false;
    const sd = Math.sqrt(noiseVar + prior.c00 + 2 * p.x * prior.c01 + p.x * p.x * prior.c11);
    return Math.abs((level[i] ?? 0) - logList - prior.m0) > Math.max(minLog, OUTLIER_ROBUST_SDS * sd);
  });
  if (points.length === 1) {
    if (farFromList[0] === true) suspect.add(0);
  } else if (points.length === 2) {
    const dx = (points[0]?.x ?? 0) - (points[1]?.x ?? 0);
    const sd = Math.sqrt(2 * noiseVar + dx * dx * prior.c11);
    if (Math.abs((level[0] ?? 0) - (level[1] ?? 0)) > Math.max(minLog, OUTLIER_ROBUST_SDS * sd)) {
      if (farFromList[0] === true && farFromList[1] === false) out.add(0);
      else if (farFromList[1] === true && farFromList[0] === false) out.add(1);
      else {
        suspect.add(0);
        suspect.add(1);
      }
    }
  }
  return { out, suspect };
}

/**
 * The category's other models as regression points on ln(price ÷ list price). A model with no
 * list price still says how fast prices fall, but not from what level: its points are centred
 * on their own means and enter without an intercept (d0 = 0), which is exactly what a flat
 * prior on that model's own level gives, at the cost of one degree of freedom.
 */
function categoryPoints(models: readonly CategoryModelObservations[], asOfDay: number, factors: Readonly<Record<Condition, number>>, prior: Gauss2, noiseVar: number): Points {
  const slope = prior.m1;
  const pts = emptyPoints();
  for (const m of models) {
    const usableObs = m.observations.filter((o) => usable(o, m.currency, asOfDay));
    if (usableObs.length === 0) continue;
    const originDay = m.releaseDate !== null && isIsoDate(m.releaseDate) ? dayNumber(m.releaseDate) : (firstDay(usableObs) ?? asOfDay);
    const allXs = usableObs.map((o) => Math.max(0, (dayNumber(o.date) - originDay) / DAYS_PER_YEAR));
    const allYs = usableObs.map((o) => Math.log(o.unitPrice / factors[o.condition]));
    // That model's own curve names its wild prices; here they are only kept out of the category's.
    // With one or two prices, one that its own curve keeps but names (nothing says which figure
    // is wrong) is kept out too: the category is this model's fallback, not the place to find out.
    const few =
      allYs.length < 3
        ? fewPriceOutliers(
            allXs.map((x, i) => ({ x, logPrice: allYs[i] ?? 0 })),
            m.listPrice !== null && m.listPrice > 0 ? Math.log(m.listPrice) : null,
            prior,
            noiseVar,
          )
        : null;
    const wild = few === null ? outlierIndexes(allXs, allYs, slope) : new Set([...few.out, ...few.suspect]);
    const obs = usableObs.filter((_, i) => !wild.has(i));
    const xs = allXs.filter((_, i) => !wild.has(i));
    const ys = allYs.filter((_, i) => !wild.has(i));
    if (m.listPrice !== null && m.listPrice > 0) {
      const ref = Math.log(m.listPrice);
      xs.forEach((x, i) => {
        pts.d0.push(1);
        pts.x.push(x);
        pts.y.push((ys[i] ?? 0) - ref);
      });
      pts.dof += obs.length;
    } else if (obs.length > 1) {
      const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
      const my = ys.reduce((a, b) => a + b, 0) / ys.length;
      xs.forEach((x, i) => {
        pts.d0.push(0);
        pts.x.push(x - mx);
        pts.y.push((ys[i] ?? 0) - my);
      });
      pts.dof += obs.length - 1;
    }
  }
  return pts;
}

function checkPrior(p: ResidualPrior): string | null {
  const positive = [p.decaySd, p.logInterceptSd, p.noiseSd];
  if (!positive.every((v) => Number.isFinite(v) && v > 0)) return 'prior standard deviations must be above 0';
  if (!(p.betweenModelDecaySd >= 0 && p.betweenModelDecaySd < p.decaySd)) return 'betweenModelDecaySd must be 0 or more and below decaySd';
  if (!(p.betweenModelInterceptSd >= 0 && p.betweenModelInterceptSd < p.logInterceptSd)) {
    return 'betweenModelInterceptSd must be 0 or more and below logInterceptSd';
  }
  if (!(p.noiseStrength >= 2)) return 'noiseStrength must be at least 2';
  if (!(p.driftSdPerSqrtYear >= 0)) return 'driftSdPerSqrtYear must be 0 or more';
  if (!Number.isFinite(p.decayPerYear) || !Number.isFinite(p.logInterceptMean)) return 'prior means must be finite numbers';
  return null;
}

/** How vague the intercept is when the list price is unknown: a factor of e³ ≈ 20 either way. */
const UNKNOWN_LEVEL_SD = 3;

/**
 * Fits a model's residual-value curve. Fails (as a value) only on unusable input: bad dates, a
 * non-positive list price or condition factor, an invalid prior, or neither a list price nor
 * any observation to say what the model is worth.
 *
 * Quantity is not a weight: a 64-unit listing is one price seen, one draw from the market, and
 * weighting it 64 times would let one broker's bulk quote swamp everything and make the band
 * look far surer than the market is.
 */
export function fitResidualCurve(input: ResidualFitInput): Result<ResidualCurve> {
  const prior = input.prior ?? RESIDUAL_PRIORS[input.category];
  const priorProblem = checkPrior(prior);
  if (priorProblem !== null) return err(`Residual prior: ${priorProblem}`);
  const factors = input.conditionFactors ?? CONDITION_FACTOR_DEFAULTS;
  if (!CONDITIONS.every((c) => Number.isFinite(factors[c]) && factors[c] > 0)) return err('Condition factors must all be above 0');
  if (!isIsoDate(input.asOf)) return err(`asOf "${input.asOf}" is not a date in YYYY-MM-DD form`);
  if (input.releaseDate !== null && !isIsoDate(input.releaseDate)) return err(`Release date "${input.releaseDate}" is not a date in YYYY-MM-DD form`);
  if (input.listPrice !== null && !(Number.isFinite(input.listPrice) && input.listPrice > 0)) return err('The list price must be above 0 (or unknown)');
  const successor = input.successor ?? null;
  if (successor !== null && !isIsoDate(successor.releaseDate)) return err(`Successor release date "${successor.releaseDate}" is not a date in YYYY-MM-DD form`);
  const stepFactor = successor?.factor ?? SUCCESSOR_STEP_DEFAULT;
  if (!(stepFactor > 0 && stepFactor <= 1)) return err('The successor step factor must be above 0 and at most 1');

  const asOfDay = dayNumber(input.asOf);
  const own = input.observations.filter((o) => usable(o, input.currency, asOfDay));
  const skipped = input.observations.length - own.length;
  if (input.listPrice === null && own.length === 0) {
    return err('No list price and no market observations: enter the list price or record a price seen on the market');
  }

  let originKind: ResidualCurve['originKind'];
  let originDay: number;
  let originDate: IsoDate;
  if (input.releaseDate !== null) {
    originKind = 'release';
    originDay = dayNumber(input.releaseDate);
    originDate = input.releaseDate;
  } else {
    const first = own.reduce<ResidualObservation | null>((a, o) => (a === null || o.date < a.date ? o : a), null);
    originKind = first === null ? 'as-of' : 'first-observation';
    originDate = first === null ? input.asOf : first.date;
    originDay = dayNumber(originDate);
  }
  const ageOf = (day: number): number => Math.max(0, (day - originDay) / DAYS_PER_YEAR);
  const stepAge = successor === null ? null : ageOf(dayNumber(successor.releaseDate));

  // Layer 1 → 2: the category's mean curve. The base prior is the uncertainty about one
  // model; the category mean is that minus the between-model part.
  const base: Gauss2 = {
    m0: prior.logInterceptMean,
    m1: -prior.decayPerYear,
    c00: prior.logInterceptSd ** 2,
    c01: 0,
    c11: prior.decaySd ** 2,
  };
  const tau00 = prior.betweenModelInterceptSd ** 2;
  const tau11 = prior.betweenModelDecaySd ** 2;
  const catPts = categoryPoints(input.categoryModels ?? [], asOfDay, factors, base, prior.noiseSd ** 2);
  const cat = bayesUpdate({ ...base, c00: base.c00 - tau00, c11: base.c11 - tau11 }, catPts, prior.noiseSd ** 2, prior.noiseStrength);
  const categoryCount = catPts.y.length;

  // Layer 3: this model. Its prior is the category's curve plus the between-model spread.
  const modelPrior: Gauss2 = { ...cat.post, c00: cat.post.c00 + tau00, c11: cat.post.c11 + tau11 };
  const ownPts = emptyPoints();
  const allNormalised = own.map((o) => {
    const day = dayNumber(o.date);
    const x = ageOf(day);
    // A price seen after the successor's release already carries the step; undo it so the
    // curve underneath is fitted once and the step applied once, at evaluation.
    const step = stepAge !== null && x >= stepAge ? stepFactor : 1;
    return { x, logPrice: Math.log(o.unitPrice / (factors[o.condition] * step)) };
  });
  // With one or two prices nothing is left out of the model's own fit, only named: the list
  // price's curve is a prior, not a price, and a model that loses value much faster than its
  // category's prior (a GPU generation overtaken) has genuine old prices far below it. A slip
  // left in shows as a band no one believes, with the price named beside it; a genuine price
  // left out would pass unnoticed.
  const few =
    allNormalised.length < 3 ? fewPriceOutliers(allNormalised, input.listPrice === null ? null : Math.log(input.listPrice), modelPrior, cat.noiseVariance) : null;
  const wild =
    few !== null
      ? new Set<number>()
      : outlierIndexes(
          allNormalised.map((p) => p.x),
          allNormalised.map((p) => p.logPrice),
          modelPrior.m1,
        );
  const normalised = allNormalised.filter((_, i) => !wild.has(i));
  const outliers = own.filter((_, i) => wild.has(i));
  // Where the list price's curve says which of two is far (`out`), only that one is named.
  const named = few === null ? new Set<number>() : few.out.size > 0 ? few.out : few.suspect;
  const suspects = own.filter((_, i) => named.has(i));
  let reference: number;
  if (input.listPrice !== null) {
    reference = Math.log(input.listPrice);
  } else {
    // No list price: the level comes from the data. Centre the vague intercept prior where
    // the category's decay rate says the observed prices started, so it biases nothing.
    const mx = normalised.reduce((a, p) => a + p.x, 0) / normalised.length;
    const my = normalised.reduce((a, p) => a + p.logPrice, 0) / normalised.length;
    reference = my - modelPrior.m1 * mx;
    modelPrior.m0 = 0;
    modelPrior.c00 = UNKNOWN_LEVEL_SD ** 2;
    modelPrior.c01 = 0;
  }
  for (const p of normalised) {
    ownPts.d0.push(1);
    ownPts.x.push(p.x);
    ownPts.y.push(p.logPrice - reference);
  }
  ownPts.dof = normalised.length;
  const fit = bayesUpdate(modelPrior, ownPts, cat.noiseVariance, prior.noiseStrength);

  const source: ResidualSource = own.length > 0 ? 'model' : categoryCount > 0 ? 'category' : 'prior';
  return ok({
    category: input.category,
    currency: input.currency,
    originDate,
    originKind,
    asOf: input.asOf,
    asOfAgeYears: ageOf(asOfDay),
    logIntercept: reference + fit.post.m0,
    decayPerYear: -fit.post.m1,
    varIntercept: fit.post.c00,
    covInterceptDecay: -fit.post.c01,
    varDecay: fit.post.c11,
    noiseVariance: fit.noiseVariance,
    driftVariancePerYear: prior.driftSdPerSqrtYear ** 2,
    degreesOfFreedom: fit.degreesOfFreedom,
    bandMultiplier: studentT90(fit.degreesOfFreedom),
    observationCount: normalised.length,
    categoryObservationCount: categoryCount,
    skippedObservationCount: skipped,
    outliers,
    suspects,
    source,
    dataWeight: clamp01(1 - fit.post.c11 / base.c11),
    modelDataWeight: clamp01(1 - fit.post.c11 / modelPrior.c11),
    successorStep: stepAge === null ? null : { ageYears: stepAge, factor: stepFactor },
    conditionFactors: { ...factors },
  });
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

// ---- Evaluation ---------------------------------------------------------------------------

/** Age in years of the curve at a date (0 before its origin). */
export function curveAgeYears(curve: ResidualCurve, date: IsoDate): number {
  return Math.max(0, (dayNumber(date) - dayNumber(curve.originDate)) / DAYS_PER_YEAR);
}

/**
 * Rounds a price (always positive here) to whole minor units, half up. Math.floor(v + 0.5)
 * rather than Math.round: same result for positive prices, but V8's Math.round took a slow,
 * value-dependent path in the fleet benchmark (2,000 distinct curves × 121 months: 23 ms
 * against 14 ms for repeated values), and this is the one rounding on the hot path.
 * residualSeries inlines the same expression, so both give identical numbers.
 */
function wholeMinor(v: number): number {
  return Math.floor(v + 0.5);
}

/** Mean and standard deviation of ln(new-equivalent price) at an age. */
function logMoments(curve: ResidualCurve, ageYears: number): { mean: number; sd: number } {
  const x = ageYears > 0 ? ageYears : 0;
  const beyond = x - curve.asOfAgeYears;
  const variance =
    curve.noiseVariance +
    curve.varIntercept -
    2 * x * curve.covInterceptDecay +
    x * x * curve.varDecay +
    (beyond > 0 ? curve.driftVariancePerYear * beyond : 0);
  return { mean: curve.logIntercept - curve.decayPerYear * x, sd: Math.sqrt(variance) };
}

/** The multiplier on the new-equivalent price: condition, and the successor step once it applies. */
function priceFactor(curve: ResidualCurve, ageYears: number, condition: Condition): number {
  const step = curve.successorStep !== null && ageYears >= curve.successorStep.ageYears ? curve.successorStep.factor : 1;
  return curve.conditionFactors[condition] * step;
}

/**
 * p10 / p50 / p90 of one unit's price at an age, in whole minor units. The band is
 * log-normal-shaped (Student t on ln price), so it is skewed upwards as prices are.
 */
export function residualQuantilesAtAge(curve: ResidualCurve, ageYears: number, condition: Condition = 'new'): ResidualQuantiles {
  const x = ageYears > 0 ? ageYears : 0;
  const { mean, sd } = logMoments(curve, x);
  const median = priceFactor(curve, x, condition) * Math.exp(mean);
  const spread = Math.exp(curve.bandMultiplier * sd);
  return { p10: wholeMinor(median / spread), p50: wholeMinor(median), p90: wholeMinor(median * spread) };
}

/** {@link residualQuantilesAtAge} at a calendar date. */
export function residualQuantiles(curve: ResidualCurve, at: IsoDate, condition: Condition = 'new'): ResidualQuantiles {
  return residualQuantilesAtAge(curve, curveAgeYears(curve, at), condition);
}

export interface ResidualSeries {
  p10: Float64Array;
  p50: Float64Array;
  p90: Float64Array;
}

/**
 * Quantiles at `from` and each of the next `months` month-same-days (months + 1 values; day
 * clamped to the month's length as addMonths does), whole minor units. Dates are stepped in
 * integer calendar arithmetic, not through strings, and results go into typed arrays (pass
 * `out` to reuse them), so a 120-month series costs 121 × (2 exp + 1 sqrt) and no garbage.
 * Rounding is wholeMinor's expression, inlined.
 */
export function residualSeries(curve: ResidualCurve, from: IsoDate, months: number, condition: Condition = 'new', out?: ResidualSeries): ResidualSeries {
  const count = months + 1;
  const series =
    out !== undefined && out.p50.length >= count
      ? out
      : { p10: new Float64Array(count), p50: new Float64Array(count), p90: new Float64Array(count) };
  const start = dateParts(from);
  const originDay = dayNumber(curve.originDate);
  // Calendar stepping kept local and incremental (day number of each month's 1st plus the
  // clamped day): no string parsing and no cross-module call per month.
  let year = start.year;
  let month = start.month;
  let firstOfMonth = epochDay(year, month, 1);
  const conditionFactor = curve.conditionFactors[condition];
  const { logIntercept, decayPerYear, noiseVariance, varIntercept, covInterceptDecay, varDecay, driftVariancePerYear, asOfAgeYears, bandMultiplier } = curve;
  const stepAge = curve.successorStep === null ? Number.POSITIVE_INFINITY : curve.successorStep.ageYears;
  const stepFactor = curve.successorStep === null ? 1 : curve.successorStep.factor;
  for (let m = 0; m < count; m++) {
    const length = month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : (MONTH_LENGTHS[month - 1] ?? 31);
    const age = (firstOfMonth + (start.day < length ? start.day : length) - 1 - originDay) / DAYS_PER_YEAR;
    firstOfMonth += length;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    const x = age > 0 ? age : 0;
    const beyond = x - asOfAgeYears;
    const variance = noiseVariance + varIntercept - 2 * x * covInterceptDecay + x * x * varDecay + (beyond > 0 ? driftVariancePerYear * beyond : 0);
    // Two exps, not three: exp(mean ± half) = exp(mean) × exp(±half).
    const spread = Math.exp(bandMultiplier * Math.sqrt(variance));
    const median = conditionFactor * (x >= stepAge ? stepFactor : 1) * Math.exp(logIntercept - decayPerYear * x);
    series.p10[m] = Math.floor(median / spread + 0.5);
    series.p50[m] = Math.floor(median + 0.5);
    series.p90[m] = Math.floor(median * spread + 0.5);
  }
  return series;
}
