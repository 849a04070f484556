/**
 * `fleetledger own-vs-rent (--ledger <file> | --folder <dir>) [--as-of] [--horizon-months]
 * [--term] [--utilisation] [--interest-rate] [--energy-price] [--hold-months] [--json]`
 * (issue 12): what each owned lot has cost since it went into service and will cost over the
 * horizon, against renting the same work at its model's (or category's) price in the rental price
 * book; the break-even utilisation; savings per category and for the fleet; and, for every
 * planned purchase, the net present value of buying against renting. The same computation as the
 * app's (shared/ownVsRentFleet.ts, shared/ownVsRentPlan.ts), from a backup or a team folder.
 */
import type { IsoDate } from '../shared/dates';
import { formatDecimal, parseMoney } from '../shared/money';
import { RENTAL_TERMS, type RentalTerm } from '../shared/ownVsRent';
import { fullBookSchedules } from '../shared/depreciation/lotSchedule';
import { fleetOwnVsRent, type OwnVsRentTotal } from '../shared/ownVsRentFleet';
import { plannedPurchases } from '../shared/ownVsRentPlan';
import { err, ok, type Result } from '../shared/result';
import { asOfOption, readCommandLine } from './args';
import { headedTable } from './textTable';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { ledgerSourceOf, readLedgerSource, type LedgerSource } from './ledgerSource';
import { localToday } from './teamWrite';

export const OWN_VS_RENT_HELP = `Usage: fleetledger own-vs-rent (--ledger <file.fleetledger> | --folder <dir>) [options]

What each owned lot in service has cost since it went into service, and will cost over the
horizon — book depreciation + energy + support + space + interest on the book value — against
renting the same work at its model's rental price (or its category's, converted by performance),
with the break-even utilisation; the savings per category and for the fleet; and for each planned
or ordered lot, the net present value of buying it (price, running costs, resale at the market
curve's p50 at the end of the holding period) against renting the same work. Lots without a
rental price are costed but not compared. A month's utilisation is the lot's recorded figure,
else the assumption (the team's, unless --utilisation gives one), reported as assumed.

Options:
  --ledger <file>          a .fleetledger backup (verified first)
  --folder <dir>           or the folder a team shares
  --as-of <date>           YYYY-MM-DD (default today, local time)
  --horizon-months <n>     months ahead, 1–240 (default 36)
  --term <term>            the rental term to compare with: on-demand, 1-year or 3-year (default on-demand)
  --utilisation <percent>  the assumed utilisation, 0–100 (default: the team's setting, 70 unless changed)
  --interest-rate <r>      yearly cost of capital, e.g. 0.08 (default 0.08)
  --energy-price <amount>  per MWh in the base currency, e.g. 95.00: for every lot in that
                           currency instead of its site's price
  --hold-months <n>        how long a planned purchase is kept before it is sold, 1–240 (default: its book life)
  --json                   JSON: every lot, the totals and the planned purchases, with the scenario
  -h, --help               show this help
`;

const OPTIONS = {
  ledger: { type: 'string' },
  folder: { type: 'string' },
  'as-of': { type: 'string' },
  'horizon-months': { type: 'string' },
  term: { type: 'string' },
  utilisation: { type: 'string' },
  'interest-rate': { type: 'string' },
  'energy-price': { type: 'string' },
  'hold-months': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Args {
  source: LedgerSource;
  asOf: IsoDate;
  horizonMonths: number;
  term: RentalTerm;
  /** Percent; null: the team's setting. */
  utilisation: number | null;
  interestRate: number;
  /** The decimal text, read in each lot's currency; null: each site's price. */
  energyPrice: string | null;
  holdMonths: number | null;
  json: boolean;
}

function parseArgs(argv: readonly string[], today: IsoDate): Result<Args | 'help'> {
  const parsed = readCommandLine(argv, OPTIONS);
  if (!parsed.ok) return parsed;
  const v = parsed.value.values;
  if (v.help === true) return ok('help');
  const source = ledgerSourceOf(v);
  if (!source.ok) return source;
  const asOf = asOfOption(v['as-of'], today);
  if (!asOf.ok) return asOf;
  // Numbers are read as written, with a pattern first: Number() takes "" and " " for 0, "0x41" for 65, "1e1" for 10.
  const whole = (text: string | undefined): number => (text !== undefined && /^\d{1,4}$/u.test(text.trim()) ? Number(text) : Number.NaN);
  const decimal = (text: string | undefined): number => (text !== undefined && /^\d+(\.\d+)?$/u.test(text.trim()) ? Number(text) : Number.NaN);
  const horizon = v['horizon-months'] === undefined ? 36 : whole(v['horizon-months']);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 240) return err('--horizon-months: a whole number from 1 to 240');
  const term = v.term ?? 'on-demand';
  if (!(RENTAL_TERMS as readonly string[]).includes(term)) return err(`--term: one of ${RENTAL_TERMS.join(', ')}`);
  const percent = v.utilisation === undefined ? null : decimal(v.utilisation);
  if (percent !== null && (!Number.isFinite(percent) || percent < 0 || percent > 100)) return err('--utilisation: a percentage from 0 to 100');
  const rate = v['interest-rate'] === undefined ? 0.08 : decimal(v['interest-rate']);
  if (!Number.isFinite(rate) || rate < 0 || rate >= 1) return err('--interest-rate: a yearly rate from 0 to below 1, e.g. 0.08');
  const energy = v['energy-price'] ?? null;
  if (energy !== null && !/^\d+(\.\d+)?$/u.test(energy.trim())) return err('--energy-price: an amount per MWh, 0 or more, e.g. 95.00');
  const hold = v['hold-months'] === undefined ? null : whole(v['hold-months']);
  if (hold !== null && (!Number.isInteger(hold) || hold < 1 || hold > 240)) return err('--hold-months: a whole number from 1 to 240');
  return ok({ source: source.value, asOf: asOf.value, horizonMonths: horizon, term: term as RentalTerm, utilisation: percent, interestRate: rate, energyPrice: energy, holdMonths: hold, json: v.json === true });
}

const money = (n: number | null, currency: string): string => (n === null ? '—' : formatDecimal(n, currency));
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const spans = (t: OwnVsRentTotal) => ({
  toDate: { owned: formatDecimal(t.toDate.owned, t.currency), rental: formatDecimal(t.toDate.rental, t.currency), saving: formatDecimal(t.toDate.saving, t.currency) },
  ahead: { owned: formatDecimal(t.ahead.owned, t.currency), rental: formatDecimal(t.ahead.rental, t.currency), saving: formatDecimal(t.ahead.saving, t.currency) },
});

/** Lines of a right-aligned table (the first `left` columns left-aligned). */

export async function runOwnVsRent(argv: readonly string[], io: CliIo, today: IsoDate = localToday()): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`fleetledger own-vs-rent: ${message}\n`);
    return EXIT_USAGE;
  };
  const args = parseArgs(argv, today);
  if (!args.ok) return fail(args.error);
  if (args.value === 'help') {
    io.stdout(OWN_VS_RENT_HELP);
    return EXIT_OK;
  }
  const a = args.value;
  const read = await readLedgerSource(a.source, (text) => io.stderr(`fleetledger own-vs-rent: ${text}\n`));
  if (!read.ok) return fail(read.error);
  const { snapshot } = read.value;
  const utilisation = (a.utilisation ?? snapshot.settings.assumedUtilisationPercent) / 100;
  // The what-if energy price is in the base currency, for the lots in it; the others keep their sites' prices.
  const base = snapshot.settings.baseCurrency;
  const energy = a.energyPrice === null ? null : parseMoney(a.energyPrice, base);
  if (energy !== null && !energy.ok) return fail(`--energy-price: ${energy.error}`);
  const energyPrice = energy === null ? null : { currency: base, perMwh: energy.value };
  const schedules = fullBookSchedules(snapshot.lots, snapshot.settings.fiscalYearStart);
  const scenario = { asOf: a.asOf, horizonMonths: a.horizonMonths, term: a.term, interestRate: a.interestRate, assumedUtilisation: utilisation, energyPrice };
  const categoryPrices = snapshot.settings.categoryRentalPrices;
  const result = fleetOwnVsRent({ lots: snapshot.lots, models: snapshot.models, sites: snapshot.sites, schedules, categoryPrices }, scenario);
  const planned = plannedPurchases({ lots: snapshot.lots, models: snapshot.models, sites: snapshot.sites, observations: snapshot.observations, categoryPrices }, { ...scenario, holdMonths: a.holdMonths });
  if (a.json) {
    io.stdout(`${JSON.stringify({
      scenario: {
        asOf: a.asOf, horizonMonths: a.horizonMonths, term: a.term, interestRate: a.interestRate,
        utilisation: { value: utilisation, assumed: true, from: a.utilisation === null ? 'team setting' : 'command line' },
        energyPricePerMwh: energyPrice === null ? null : { currency: base, amount: formatDecimal(energyPrice.perMwh, base) },
        holdMonths: a.holdMonths,
      },
      lots: result.lots.map((l) => ({
        lotCode: l.lotCode,
        category: l.category,
        currency: l.currency,
        price: l.price === null ? null : { ...l.price, pricePerHour: formatDecimal(l.price.pricePerHour, l.currency) },
        utilisation: l.utilisation,
        breakEvenUtilisation: l.breakEven,
        costPerUsefulHour: l.perUsefulHour === null ? null : formatDecimal(Math.round(l.perUsefulHour), l.currency),
        toDate: { owned: formatDecimal(l.toDate.owned, l.currency), rental: l.toDate.rental === null ? null : formatDecimal(l.toDate.rental, l.currency), saving: l.toDate.saving === null ? null : formatDecimal(l.toDate.saving, l.currency) },
        ahead: { owned: formatDecimal(l.ahead.owned, l.currency), rental: l.ahead.rental === null ? null : formatDecimal(l.ahead.rental, l.currency), saving: l.ahead.saving === null ? null : formatDecimal(l.ahead.saving, l.currency) },
      })),
      byCategory: result.byCategory.map((t) => ({ category: t.key, currency: t.currency, lots: t.lots, ...spans(t) })),
      fleet: result.fleet.map((t) => ({ currency: t.currency, lots: t.lots, ...spans(t) })),
      planned: planned.map((r) =>
        r.ok
          ? {
              lotCode: r.value.lotCode, currency: r.value.currency, startMonth: r.value.startMonth, endMonth: r.value.endMonth, months: r.value.months, refreshMonth: r.value.refreshMonth,
              buy: Object.fromEntries(Object.entries(r.value.buy).map(([k, n]) => [k, formatDecimal(n, r.value.currency)])),
              rent: { total: formatDecimal(r.value.rent.total, r.value.currency), pv: formatDecimal(r.value.rent.pv, r.value.currency) },
              npv: formatDecimal(r.value.npv, r.value.currency),
              breakEvenUtilisation: r.value.breakEvenUtilisation,
              assumptions: r.value.assumptions,
            }
          : { lotCode: r.lotCode, notCompared: r.reason },
      ),
    })}\n`);
    return EXIT_OK;
  }
  io.stdout(headedTable(
    ['LOT', 'CUR', 'UTILISATION', 'BREAK-EVEN', 'OWNED TO DATE', 'SAVED TO DATE', `SAVED NEXT ${a.horizonMonths} MO`],
    result.lots.map((l) => [l.lotCode, l.currency, `${(l.utilisation.value * 100).toFixed(1)}% ${l.utilisation.assumed ? 'assumed' : 'recorded'}`, pct(l.breakEven), money(l.toDate.owned, l.currency), money(l.toDate.saving, l.currency), money(l.ahead.saving, l.currency)]),
    3,
  ));
  if (result.fleet.length > 0) {
    io.stdout('\n');
    io.stdout(headedTable(
      ['CATEGORY', 'CUR', 'LOTS', 'OWNED TO DATE', 'RENTED TO DATE', 'SAVED TO DATE', `SAVED NEXT ${a.horizonMonths} MO`],
      [...result.byCategory, ...result.fleet].map((t) => [t.key, t.currency, String(t.lots), money(t.toDate.owned, t.currency), money(t.toDate.rental, t.currency), money(t.toDate.saving, t.currency), money(t.ahead.saving, t.currency)]),
      2,
    ));
  }
  if (planned.length > 0) {
    io.stdout('\nPlanned purchases, buy against rent (net present value of buying; positive: buying costs less):\n');
    const compared = planned.flatMap((r) => (r.ok ? [r.value] : []));
    if (compared.length > 0) {
      io.stdout(headedTable(
        ['LOT', 'CUR', 'IN USE', 'PRICE', 'BUY (PV)', 'RENT (PV)', 'NPV OF BUYING'],
        compared.map((p) => [p.lotCode, p.currency, `${p.startMonth}..${p.endMonth} (${p.months} mo)`, money(p.buy.capex, p.currency), money(p.buy.pv, p.currency), money(p.rent.pv, p.currency), money(p.npv, p.currency)]),
        3,
      ));
    }
    for (const r of planned) if (!r.ok) io.stdout(`${r.lotCode}: not compared, ${r.reason}.\n`);
  }
  const unpriced = result.lots.filter((l) => l.price === null).length;
  const recorded = result.lots.filter((l) => l.utilisation.recordedMonths > 0).length;
  io.stdout(`\n${a.term} rental, utilisation ${Number((utilisation * 100).toFixed(2))}% assumed ${recorded === 0 ? 'for every lot' : `where none is recorded (${recorded} lot(s) have months recorded)`}, interest ${(a.interestRate * 100).toFixed(1)}%, as of ${a.asOf}.${unpriced > 0 ? ` ${unpriced} lot(s) have no rental price in the book (— above).` : ''} --json lists each planned purchase's assumptions.\n`);
  return EXIT_OK;
}

export const ownVsRentCommand: CliCommand = {
  name: 'own-vs-rent',
  summary: 'what owned lots cost against renting the same work (--ledger <file> | --folder <dir>)',
  run: (argv, io) => runOwnVsRent(argv, io),
};
