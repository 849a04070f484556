/**
 * `fleetledger compliance (--ledger <file> | --folder <dir>) [--as-of] [--json | --csv]` (issue
 * 13): the compliance register — what the fleet owns by origin, export classification and site
 * country, at book value, and every transfer with its licence reference — and the supplier
 * scorecard, from a backup or a team folder; the same computation as the app's
 * (shared/complianceReports.ts).
 */
import type { IsoDate } from '../shared/dates';
import { fullBookSchedules } from '../shared/depreciation/lotSchedule';
import { complianceRegister, complianceRegisterCsv, supplierScorecard } from '../shared/complianceReports';
import { marketCurves } from '../shared/forecast/marketCurves';
import { isOwnedOn } from '../shared/depreciation/fleetValue';
import { formatDecimal } from '../shared/money';
import { SUPPLIER_CHANNEL_LABELS } from '../shared/suppliers';
import { err, ok, type Result } from '../shared/result';
import { asOfOption, readCommandLine } from './args';
import { headedTable } from './textTable';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { ledgerSourceOf, readLedgerSource, type LedgerSource } from './ledgerSource';
import { localDay, localToday } from './teamWrite';

export const COMPLIANCE_HELP = `Usage: fleetledger compliance (--ledger <file.fleetledger> | --folder <dir>) [options]

The compliance register: what the fleet owns on a date — lots, units and book value — by the
model's country of origin and export classification and the site's country, and every transfer
between countries the events record, with its licence reference; and the supplier scorecard:
lots and units bought, spend, lead time from order to receipt, RMA rate, price paid against list
price and market p50.

Options:
  --ledger <file>   a .fleetledger backup (verified first)
  --folder <dir>    or the folder a team shares
  --as-of <date>    YYYY-MM-DD (default today, local time)
  --json            JSON: the register and the scorecard
  --csv             CSV: the register (a row per holding and per transfer, column section)
  -h, --help        show this help
`;

const OPTIONS = {
  ledger: { type: 'string' },
  folder: { type: 'string' },
  'as-of': { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseArgs(argv: readonly string[], today: IsoDate): Result<{ source: LedgerSource; asOf: IsoDate; format: 'text' | 'json' | 'csv' } | 'help'> {
  const parsed = readCommandLine(argv, OPTIONS);
  if (!parsed.ok) return parsed;
  const v = parsed.value.values;
  if (v.help === true) return ok('help');
  const source = ledgerSourceOf(v);
  if (!source.ok) return source;
  const asOf = asOfOption(v['as-of'], today);
  if (!asOf.ok) return asOf;
  if (v.json === true && v.csv === true) return err('--json: give --json or --csv, not both');
  return ok({ source: source.value, asOf: asOf.value, format: v.json === true ? 'json' : v.csv === true ? 'csv' : 'text' });
}

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);


export async function runCompliance(argv: readonly string[], io: CliIo, today: IsoDate = localToday()): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`fleetledger compliance: ${message}\n`);
    return EXIT_USAGE;
  };
  const args = parseArgs(argv, today);
  if (!args.ok) return fail(args.error);
  if (args.value === 'help') {
    io.stdout(COMPLIANCE_HELP);
    return EXIT_OK;
  }
  const { asOf, format } = args.value;
  const read = await readLedgerSource(args.value.source, (text) => io.stderr(`fleetledger compliance: ${text}\n`));
  if (!read.ok) return fail(read.error);
  const { snapshot, events } = read.value;
  // Each split part's full history, as the depreciation report: the register may be of a date before a split.
  const schedules = fullBookSchedules(snapshot.lots, snapshot.settings.fiscalYearStart);
  const register = complianceRegister({ lots: snapshot.lots, models: snapshot.models, sites: snapshot.sites, events, schedules }, asOf, localDay);
  const curves = marketCurves({ models: snapshot.models, observations: snapshot.observations, ownedLots: snapshot.lots.filter((l) => isOwnedOn(l, asOf)), asOf });
  const suppliers = supplierScorecard({ lots: snapshot.lots, models: snapshot.models, suppliers: snapshot.suppliers, events }, (m, c) => curves(m, c).curve);
  if (format === 'csv') {
    io.stdout(complianceRegisterCsv(register));
    return EXIT_OK;
  }
  if (format === 'json') {
    const policy = snapshot.settings.compliancePolicy;
    io.stdout(`${JSON.stringify({
      asOf,
      // Its fields in one order: a backup's snapshot holds them sorted, a folder's ledger as set, and the same data must print the same JSON.
      policy: { trustedOrigins: policy.trustedOrigins, licenceClassifications: policy.licenceClassifications, licenceFreeDestinations: policy.licenceFreeDestinations },
      holdings: register.holdings.map((h) => ({ ...h, bookValue: formatDecimal(h.bookValue, h.currency) })),
      transfers: register.transfers,
      suppliers: suppliers.map((s) => ({ ...s, spend: Object.fromEntries(Object.entries(s.spend).map(([c, n]) => [c, formatDecimal(n, c)])) })),
    })}\n`);
    return EXIT_OK;
  }
  const blank = (s: string): string => (s === '' ? '—' : s);
  io.stdout(`Holdings on ${asOf} (owned lots, book value):\n`);
  io.stdout(headedTable(['ORIGIN', 'CLASSIFICATION', 'SITE COUNTRY', 'CUR', 'LOTS', 'UNITS', 'BOOK VALUE'], register.holdings.map((h) => [blank(h.origin), blank(h.classification), blank(h.siteCountry), h.currency, String(h.lots), String(h.units), formatDecimal(h.bookValue, h.currency)]), 4));
  io.stdout(`\nTransfers (${register.transfers.length}):\n`);
  if (register.transfers.length > 0) {
    io.stdout(headedTable(['DATE', 'LOT', 'FROM', 'TO', 'CLASSIFICATION', 'LICENCE', 'QTY'], register.transfers.map((t) => [t.date, t.lotCode, t.from, `${t.to}${t.toBuyer ? ' (buyer)' : ''}`, blank(t.classification), blank(t.licenceReference), t.quantity === null ? '' : String(t.quantity)]), 6));
  }
  io.stdout('\nSuppliers:\n');
  io.stdout(headedTable(['SUPPLIER', 'CHANNEL', 'COUNTRY', 'LOTS', 'UNITS', 'LEAD DAYS (MEDIAN/WORST)', 'RMA RATE', 'PAID/LIST', 'PAID/MARKET'], suppliers.map((s) => [s.supplier, s.channel === null ? '—' : SUPPLIER_CHANNEL_LABELS[s.channel], s.country ?? '—', String(s.lots), String(s.units), s.leadTimeDays.median === null ? '—' : `${s.leadTimeDays.median}/${s.leadTimeDays.worst}`, pct(s.rmaRate), pct(s.paidVsList), pct(s.paidVsMarket)]), 1));
  return EXIT_OK;
}

export const complianceCommand: CliCommand = {
  name: 'compliance',
  summary: 'the compliance register and supplier scorecard (--ledger <file> | --folder <dir>)',
  run: (argv, io) => runCompliance(argv, io),
};
