/**
 * `fleetledger export lots|units|events --ledger <file.fleetledger> [--csv | --json]`: a
 * backup's records on stdout, in the documented formats.
 *
 *   fleetledger export lots --ledger acme-2026-11-29.fleetledger > lots.csv
 *   fleetledger export events --ledger acme-2026-11-29.fleetledger | jq -c 'select(.type == "transitioned")'
 *
 * - lots: the lots CSV (shared/lotCsv.ts, what the app's Export CSV writes), by lot code;
 *   `--json`: an array of objects with the same column names.
 * - units: the units CSV (shared/unitCsv.ts), by lot code then serial; `--json` likewise.
 * - events: JSON Lines by default, one event per line in canonical JSON (as in the backup), in
 *   clock order; `--csv`: their scalar fields (shared/ledger/ledgerExport.ts).
 *
 * The backup is verified first, as `backup verify` does: a damaged file exports nothing.
 */
import { canonicalJson } from '../shared/ledger/canonicalJson';
import { eventsToCsv, exportLots } from '../shared/ledger/ledgerExport';
import type { LedgerSnapshot } from '../shared/ledger/fold';
import type { LotEvent } from '../shared/events';
import { lotsToCsv, type ExportLot } from '../shared/lotCsv';
import { migrationLots } from '../shared/migrationExport';
import { formatDecimal } from '../shared/money';
import { tagsText } from '../shared/lot';
import { NETBOX_VERSIONS, netBoxDevicesExport, type NetBoxVersion } from '../shared/netbox';
import { snipeItAssetsCsv, snipeItCurrencyNote } from '../shared/snipeit';
import { err, ok, type Result } from '../shared/result';
import { unitsToCsv } from '../shared/unitCsv';
import type { Unit } from '../shared/units';
import { readCommandLine } from './args';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { ledgerSourceOf, readLedgerSource, type LedgerSource } from './ledgerSource';

export const EXPORT_HELP = `Usage: fleetledger export lots|units|events (--ledger <file.fleetledger> | --folder <dir>) [--csv | --json]
       fleetledger export --format snipeit|netbox-devices (--ledger <file.fleetledger> | --folder <dir>) [--all-items] [--netbox-version 3|4]

Prints a backup's lots, units or events on stdout; or, with --format, the fleet in another
tool's import format.

  lots                       the lots CSV (the app's Export CSV and import format), by lot code;
                             disposed lots are included (they do not import back)
  units                      the units CSV (the units import format), by lot code and serial
  events                     every event in clock order, as JSON Lines (one canonical JSON
                             event per line, as in the backup) or, with --csv, as CSV with the
                             columns id, hlc, at, date, entity, lotId, seq, type, from, to,
                             quantity, actor, note

  --ledger <file>            the .fleetledger backup to read; it is verified first, as
                             \`fleetledger backup verify\` does
  --folder <dir>             or a team's shared folder (Settings → Team sync): every device's
                             segments, checked and merged (what cannot be read is named on
                             stderr and left out)
  --csv                      CSV (the default for lots and units)
  --json                     lots, units: a JSON array of objects keyed by the CSV column names,
                             amounts as decimal strings; events: JSON Lines (the default)
  --format snipeit           Snipe-IT's asset import CSV: one row per unit (Asset Tag, Asset
                             Name = the lot code, Model Name, Model No., Category, Manufacturer,
                             Serial Number, Purchase Date, Purchase Cost, Order Number, Supplier,
                             Location, Status, Warranty in months, Asset Notes = the lot it came
                             from); it imports back into the same lots and units
  --all-items                with snipeit: also a row for each item of a lot that has no unit
                             record, with a generated asset tag <lot code>-<n> and no serial
  --format netbox-devices    NetBox's device import CSV: name, role, manufacturer, device_type,
                             status, site, location, rack, position, face, serial, asset_tag,
                             comments; one row per unit, and one per item of a lot without units
  --netbox-version 3|4       with netbox-devices: the NetBox release to import into (default 4);
                             3 names the role column device_role, as NetBox before 4.0 wants it
  -h, --help                 show this help
`;

const KINDS = ['lots', 'units', 'events'] as const;
type Kind = (typeof KINDS)[number];

const OPTIONS = {
  format: { type: 'string' },
  'all-items': { type: 'boolean' },
  'netbox-version': { type: 'string' },
  ledger: { type: 'string' },
  folder: { type: 'string' },
  csv: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FORMATS = ['snipeit', 'netbox-devices'] as const;
type ForeignFormat = (typeof FORMATS)[number];

export interface ExportOptions {
  kind: Kind | ForeignFormat;
  allItems?: boolean;
  /** With netbox-devices: the NetBox release the CSV is for. */
  netBoxVersion?: NetBoxVersion;
  /** A backup to read, or a team folder. */
  source: LedgerSource;
  format: 'csv' | 'json';
}

export function parseExportArgs(argv: readonly string[]): Result<ExportOptions | 'help'> {
  const parsed = readCommandLine(argv, OPTIONS, true);
  if (!parsed.ok) return parsed;
  const { values, positionals } = parsed.value;
  if (values.help === true) return ok('help');
  const [kind, extra] = positionals;
  if (values.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(values.format)) return err(`--format: "${values.format}" is not a format (${FORMATS.join(', ')})`);
    if (kind !== undefined) return err(`unexpected argument "${kind}" (--format exports the whole fleet)`);
    if (values.csv === true || values.json === true) return err('--format writes CSV; --csv and --json are for lots, units and events');
    if (values['all-items'] === true && values.format !== 'snipeit') return err('--all-items: only with --format snipeit');
    const version = values['netbox-version'];
    if (version !== undefined && values.format !== 'netbox-devices') return err('--netbox-version: only with --format netbox-devices');
    const netBoxVersion = NETBOX_VERSIONS.find((v) => String(v) === version);
    if (version !== undefined && netBoxVersion === undefined) return err(`--netbox-version: "${version}" is not a NetBox release this export knows (${NETBOX_VERSIONS.join(' or ')})`);
    const source = ledgerSourceOf(values);
    if (!source.ok) return source;
    return ok({ kind: values.format as ForeignFormat, source: source.value, format: 'csv', allItems: values['all-items'] === true, ...(netBoxVersion === undefined ? {} : { netBoxVersion }) });
  }
  if (values['all-items'] === true) return err('--all-items: only with --format snipeit');
  if (values['netbox-version'] !== undefined) return err('--netbox-version: only with --format netbox-devices');
  if (kind === undefined) return err(`what to export: required (${KINDS.join(', ')}), or --format ${FORMATS.join('|')}`);
  if (!(KINDS as readonly string[]).includes(kind)) return err(`"${kind}" is not something to export (${KINDS.join(', ')})`);
  if (extra !== undefined) return err(`unexpected argument "${extra}" (one of ${KINDS.join(', ')} at a time)`);
  const source = ledgerSourceOf(values);
  if (!source.ok) return source;
  if (values.csv === true && values.json === true) return err('--json: give --csv or --json, not both');
  const format = values.csv === true ? 'csv' : values.json === true ? 'json' : kind === 'events' ? 'json' : 'csv';
  return ok({ kind: kind as Kind, source: source.value, format });
}

/** A lot as JSON: the lots CSV's columns, amounts as decimal strings, empty dates and power as null. */
function lotJson(l: ExportLot): Record<string, string | number | null> {
  return {
    lot_code: l.lotCode,
    manufacturer: l.manufacturer,
    model: l.model,
    category: l.category,
    quantity: l.quantity,
    unit_cost: formatDecimal(l.unitCost, l.currency),
    currency: l.currency,
    purchase_date: l.purchaseDate,
    status: l.status,
    site: l.siteCode,
    in_service_date: l.inServiceDate,
    po_number: l.poNumber,
    supplier: l.supplier,
    salvage_value: formatDecimal(l.salvageValue, l.currency),
    warranty_end: l.warrantyEnd,
    power_watts: l.powerWatts,
    notes: l.notes,
    received_date: l.receivedDate,
    extra_costs: formatDecimal(l.extraCosts, l.currency),
    support_cost_per_year: formatDecimal(l.supportCostPerYear, l.currency),
    replacement_plan: l.replacementPlan,
    country_of_origin: l.countryOfOrigin,
    export_classification: l.exportClassification,
    hs_code: l.hsCode,
    site_country: l.siteCountry,
    supplier_country: l.supplierCountry,
    supplier_channel: l.supplierChannel,
    tags: tagsText(l.tags),
  };
}

/** A JSON array with one record per line: valid JSON, and readable and diffable as text. */
function jsonArray(records: readonly unknown[]): string {
  return records.length === 0 ? '[]\n' : `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}

const byCode = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

export function exportLotsText(s: LedgerSnapshot, format: 'csv' | 'json'): string {
  const rows = exportLots(s.lots, s.models, s.sites, s.suppliers).sort((a, b) => byCode(a.lotCode, b.lotCode));
  return format === 'csv' ? lotsToCsv(rows) : jsonArray(rows.map(lotJson));
}

function exportUnitsText(s: LedgerSnapshot, format: 'csv' | 'json'): string {
  const lotCodes = new Map(s.lots.map((l) => [l.id, l.code]));
  const siteCodes = new Map(s.sites.map((x) => [x.id, x.code]));
  const lotCodeOf = (id: string): string => lotCodes.get(id) ?? '';
  const siteCodeOf = (id: string): string => siteCodes.get(id) ?? '';
  const units: Unit[] = [...s.units].sort((a, b) => byCode(lotCodeOf(a.lotId), lotCodeOf(b.lotId)) || (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
  if (format === 'csv') return unitsToCsv(units, lotCodeOf, siteCodeOf);
  return jsonArray(
    units.map((u) => ({
      lot_code: lotCodeOf(u.lotId),
      serial: u.serial,
      asset_tag: u.assetTag,
      site: u.siteId === null ? '' : siteCodeOf(u.siteId),
      room: u.room,
      rack: u.rack,
      u: u.u,
      status: u.status,
      notes: u.notes,
    })),
  );
}

function exportEventsText(events: readonly LotEvent[], format: 'csv' | 'json'): string {
  if (format === 'csv') return eventsToCsv(events);
  return events.map((e) => `${canonicalJson(e)}\n`).join('');
}

export async function runExport(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`fleetledger export: ${message}\n`);
    return EXIT_USAGE;
  };
  const parsed = parseExportArgs(argv);
  if (!parsed.ok) return fail(parsed.error);
  if (parsed.value === 'help') {
    io.stdout(EXPORT_HELP);
    return EXIT_OK;
  }
  const { kind, source, format } = parsed.value;
  const read = await readLedgerSource(source, (text) => io.stderr(`fleetledger export: ${text}\n`));
  if (!read.ok) return fail(read.error);
  const { snapshot, events } = read.value;
  switch (kind) {
    case 'snipeit': {
      const lots = migrationLots(snapshot.lots, snapshot.models, snapshot.sites, snapshot.units, snapshot.suppliers);
      const options = { allItems: parsed.value.allItems === true };
      io.stdout(snipeItAssetsCsv(lots, options));
      const note = snipeItCurrencyNote(lots, options);
      if (note !== null) io.stderr(`fleetledger export: ${note}\n`);
      break;
    }
    case 'netbox-devices': {
      const { csv, note } = netBoxDevicesExport(migrationLots(snapshot.lots, snapshot.models, snapshot.sites, snapshot.units, snapshot.suppliers), parsed.value.netBoxVersion);
      io.stdout(csv);
      if (note !== null) io.stderr(`fleetledger export: ${note}\n`);
      break;
    }
    case 'lots':
      io.stdout(exportLotsText(snapshot, format));
      break;
    case 'units':
      io.stdout(exportUnitsText(snapshot, format));
      break;
    case 'events':
      io.stdout(exportEventsText(events, format));
      break;
    default: {
      const never: never = kind;
      throw new Error(`Unhandled export ${String(never)}`);
    }
  }
  return EXIT_OK;
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'print a backup\'s lots, units (CSV or JSON) or events (JSON Lines or CSV), or the fleet as Snipe-IT or NetBox CSV',
  run: runExport,
};
