/** The refresh calendar of the Forecast & refresh view, and its scenario input, as plain functions. */
import type { LotForecast } from '../../../shared/forecast/fleetForecast';
import { addTo } from '../../components/Money';

/** "2027-03" → "2027 Q1" (calendar quarters, as refresh budgets are usually planned). */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)} Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** A quarter of the refresh calendar: its lots and their sums, per currency. */
export interface CalendarQuarter {
  quarter: string;
  lots: LotForecast[];
  proceeds: Map<string, number>;
  capex: Map<string, number>;
  energySaved: Map<string, number>;
  /** MWh a year of the lots whose saving is known; null when no lot's is. */
  energySavedMwh: number | null;
  /** Lots whose replacement could not be priced (no successor, or no successor price). */
  unpriced: number;
  /**
   * Lots whose energy saving is not known (no successor, a power draw or the site's energy price
   * unknown): left out of the sums, and said so, not counted as saving nothing.
   */
  energyUnknown: number;
}

/** Lots due for refresh within the horizon, by calendar quarter, with proceeds, capex and energy saved. */
export function refreshCalendar(lots: readonly LotForecast[]): CalendarQuarter[] {
  const quarters = new Map<string, CalendarQuarter>();
  for (const lot of lots) {
    const r = lot.refresh;
    if (r.recommendedMonth === null) continue;
    const key = quarterOf(r.recommendedMonth);
    let q = quarters.get(key);
    if (q === undefined) {
      q = { quarter: key, lots: [], proceeds: new Map(), capex: new Map(), energySaved: new Map(), energySavedMwh: null, unpriced: 0, energyUnknown: 0 };
      quarters.set(key, q);
    }
    q.lots.push(lot);
    if (r.proceeds !== null) addTo(q.proceeds, lot.currency, r.proceeds);
    if (r.replacementCapex !== null) addTo(q.capex, lot.currency, r.replacementCapex);
    else q.unpriced += 1;
    if (r.energySavedPerYear !== null) addTo(q.energySaved, lot.currency, r.energySavedPerYear);
    if (r.energySavedMwhPerYear !== null) q.energySavedMwh = (q.energySavedMwh ?? 0) + r.energySavedMwhPerYear;
    if (r.energySavedPerYear === null || r.energySavedMwhPerYear === null) q.energyUnknown += 1;
  }
  for (const q of quarters.values()) q.lots.sort((a, b) => (a.refresh.recommendedMonth ?? '').localeCompare(b.refresh.recommendedMonth ?? '') || a.lotCode.localeCompare(b.lotCode));
  return [...quarters.values()].sort((a, b) => a.quarter.localeCompare(b.quarter));
}

/** "12.3 MWh", one decimal; negative when the replacement draws more. */
export function formatMwh(mwh: number): string {
  const tenths = Math.round(mwh * 10);
  return `${(tenths === 0 ? 0 : tenths / 10).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MWh`;
}

/** Hold-until age typed in years (decimals allowed), as whole months; '' is no limit. */
export function parseHoldUntil(text: string): { ok: true; months: number | null } | { ok: false } {
  const t = text.trim();
  if (t === '') return { ok: true, months: null };
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/u.test(t)) return { ok: false };
  const years = Number(t);
  const months = Math.round(years * 12);
  // Less than half a month is a typo (0.04 for 4?), not "refresh everything now": only 0 means that.
  if (years > 0 && months === 0) return { ok: false };
  return months >= 0 && months <= 600 ? { ok: true, months } : { ok: false };
}
