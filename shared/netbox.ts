/**
 * NetBox, in and out (issue 15; PRODUCT.md "Coming from other tools, and leaving").
 *
 * In: the device-type library's YAML files (netbox-community/devicetype-library,
 * `device-types/<Manufacturer>/*.yaml`) fill the model catalogue: manufacturer, model,
 * part_number, u_height (2 or 2.0; a half unit is not a whole rack unit and is left empty, said),
 * and power. Power: where power ports give `allocated_draw`, the largest of them — redundant
 * supplies each carry the whole load, so the figures are not added; otherwise, where they give
 * `maximum_draw`, half the sum of the supplies' ratings (redundant supplies share the load),
 * labelled an estimate; no figure otherwise. YAML is read with the `yaml` package: its errors
 * carry a line, and every problem here names the file and line.
 *
 * Out: NetBox's device import CSV, one row per unit (and one per item of a lot without units).
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import { type Category } from './catalog';
import { toCsv } from './csv';
import type { LotStatus } from './lifecycle';

export type PowerSource = 'allocated' | 'estimate';

/** One device type as the import would create it: exactly the shape `fleetledger catalog --json` prints. */
export interface NetBoxModel {
  manufacturer: string;
  model: string;
  partNumber: string;
  rackUnits: number | null;
  powerWatts: number | null;
  powerSource: PowerSource | null;
}

export interface NetBoxProblem {
  file: string;
  /** 1-based; 1 for a problem with the file as a whole. */
  line: number;
  message: string;
}

export interface NetBoxCatalog {
  models: (NetBoxModel & { file: string })[];
  problems: NetBoxProblem[];
}

/** A YAML file larger than this is not a device type (the library's largest are ~200 KB). */
export const MAX_DEVICE_TYPE_BYTES = 2 * 1024 * 1024;

function lineOf(counter: LineCounter, node: YamlNode | null | undefined): number {
  const start = node?.range?.[0];
  return start === undefined ? 1 : counter.linePos(start).line;
}

function wholeNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && Number.isInteger(value) ? value : null;
}

/** Reads one device-type file. Problems name the file and line; a model comes back when manufacturer and model are there. */
export function readDeviceType(file: string, text: string): { model: (NetBoxModel & { file: string }) | null; problems: NetBoxProblem[] } {
  const problems: NetBoxProblem[] = [];
  const problem = (line: number, message: string): void => {
    problems.push({ file, line, message });
  };
  if (text.length > MAX_DEVICE_TYPE_BYTES) {
    problem(1, `is ${text.length} characters long; a device type is far smaller (at most ${MAX_DEVICE_TYPE_BYTES})`);
    return { model: null, problems };
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors.slice(0, 5)) problem(counter.linePos(e.pos[0]).line, `is not valid YAML: ${e.message.split('\n')[0]}`);
    return { model: null, problems };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    problem(lineOf(counter, root as YamlNode | null), 'is not a device type: expected keys such as manufacturer, model and u_height');
    return { model: null, problems };
  }
  const pair = (key: string) => root.items.find((p) => isScalar(p.key) && p.key.value === key);
  const text_ = (key: string, required: boolean): string | null => {
    const p = pair(key);
    const value = isScalar(p?.value) ? p.value.value : undefined;
    if (value === undefined || value === null || value === '') {
      if (required) problem(lineOf(counter, (p?.key ?? root) as YamlNode), `${key} is missing; a device type needs its ${key}`);
      return null;
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      problem(lineOf(counter, p?.value as YamlNode), `${key} must be text`);
      return null;
    }
    // As written: `part_number: 0012345` is the text 0012345, not the number 12345.
    const written = isScalar(p?.value) && typeof p.value.source === 'string' && typeof value === 'number' ? p.value.source : String(value);
    return written.trim();
  };
  const manufacturer = text_('manufacturer', true);
  const model = text_('model', true);
  const partNumber = text_('part_number', false) ?? '';

  let rackUnits: number | null = null;
  const height = pair('u_height');
  if (height !== undefined) {
    const value = isScalar(height.value) ? height.value.value : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problem(lineOf(counter, height.value as YamlNode), `u_height must be a number of rack units, e.g. 2 or 2.0, not ${JSON.stringify(value ?? null)}`);
    } else if (!Number.isInteger(value)) {
      problem(lineOf(counter, height.value as YamlNode), `u_height ${value} is not a whole number of rack units; the model is imported without a height`);
    } else rackUnits = value;
  }

  let powerWatts: number | null = null;
  let powerSource: PowerSource | null = null;
  const ports = pair('power-ports');
  if (ports !== undefined && ports.value !== null) {
    if (!isSeq(ports.value)) problem(lineOf(counter, ports.value as YamlNode), 'power-ports must be a list of ports');
    else {
      const allocated: number[] = [];
      const maximum: number[] = [];
      for (const item of ports.value.items) {
        if (!isMap(item)) {
          problem(lineOf(counter, item as YamlNode), 'a power port must have keys such as name, maximum_draw and allocated_draw');
          continue;
        }
        for (const [key, list] of [['allocated_draw', allocated], ['maximum_draw', maximum]] as const) {
          const p = item.items.find((x) => isScalar(x.key) && x.key.value === key);
          if (p === undefined || (isScalar(p.value) && p.value.value === null)) continue;
          const watts = wholeNumber(isScalar(p.value) ? p.value.value : undefined);
          if (watts === null) problem(lineOf(counter, p.value as YamlNode), `${key} must be a whole number of watts`);
          else list.push(watts);
        }
      }
      if (allocated.length > 0) {
        powerWatts = Math.max(...allocated);
        powerSource = 'allocated';
      } else if (maximum.length > 0) {
        powerWatts = Math.round(maximum.reduce((a, b) => a + b, 0) / 2);
        powerSource = 'estimate';
      }
    }
  }
  if (manufacturer === null || model === null) return { model: null, problems };
  return { model: { manufacturer, model, partNumber, rackUnits, powerWatts, powerSource, file }, problems };
}

/**
 * Reads many device-type files. The same manufacturer and model twice (the library has a few
 * duplicates under two names) is a problem on the later file, which is left out.
 */
export function readDeviceTypes(files: readonly { name: string; text: string }[]): NetBoxCatalog {
  const models: NetBoxCatalog['models'] = [];
  const problems: NetBoxProblem[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const read = readDeviceType(f.name, f.text);
    problems.push(...read.problems);
    if (read.model === null) continue;
    const key = `${read.model.manufacturer.toLowerCase()}\u0000${read.model.model.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ file: f.name, line: 1, message: `${read.model.manufacturer} ${read.model.model} is also in ${earlier}; this file is left out` });
      continue;
    }
    seen.set(key, f.name);
    models.push(read.model);
  }
  return { models, problems };
}

/** What `fleetledger catalog --json` prints: the models without their files, and the problems. */
export function catalogJson(catalog: NetBoxCatalog): { models: NetBoxModel[]; problems: NetBoxProblem[] } {
  return {
    models: catalog.models.map((m) => ({ manufacturer: m.manufacturer, model: m.model, partNumber: m.partNumber, rackUnits: m.rackUnits, powerWatts: m.powerWatts, powerSource: m.powerSource })),
    problems: catalog.problems,
  };
}

/** A first guess of a device type's category (NetBox does not have one); the preview lets the person change it. */
export function guessDeviceCategory(model: Pick<NetBoxModel, 'model' | 'rackUnits'>): Category {
  const n = model.model.toLowerCase();
  if (/gpu|dgx|hgx|a100|h100|h200|b200|l40|mi300/u.test(n)) return 'gpu-server';
  if (/switch|nexus|catalyst|arista|dcs-|qfx|ex\d|sn\d{4}|router|firewall/u.test(n)) return 'network-switch';
  if (/storage|powervault|powerstore|netapp|nas|jbod|md1\d{3}/u.test(n)) return 'storage-server';
  if (model.rackUnits !== null && model.rackUnits > 0) return 'cpu-server';
  return 'other';
}

// ---- Device CSV export ------------------------------------------------------------------------

/**
 * The NetBox release a device CSV is written for. NetBox 4.0 renamed the import's `device_role`
 * column to `role`, and each release refuses the other's header, so the file names the one the
 * user's NetBox takes: 4 (the current releases) unless asked for 3.
 */
export type NetBoxVersion = 3 | 4;
export const NETBOX_VERSIONS: readonly NetBoxVersion[] = [3, 4];

/** The device import CSV's columns for NetBox `version`. */
export function netBoxDeviceColumns(version: NetBoxVersion = 4): string[] {
  return ['name', version === 3 ? 'device_role' : 'role', 'manufacturer', 'device_type', 'status', 'site', 'location', 'rack', 'position', 'face', 'serial', 'asset_tag', 'comments'];
}

/**
 * Lifecycle status → NetBox device status (its choices: offline, active, planned, staged,
 * failed, inventory, decommissioning).
 */
export const NETBOX_STATUS: Readonly<Record<LotStatus, string>> = {
  planned: 'planned',
  ordered: 'planned',
  received: 'inventory',
  staged: 'staged',
  'in-service': 'active',
  spare: 'inventory',
  rma: 'failed',
  'refresh-candidate': 'active',
  replacing: 'active',
  draining: 'decommissioning',
  sanitised: 'decommissioning',
  disposed: 'offline',
};

export interface NetBoxExportLot {
  code: string;
  manufacturer: string;
  model: string;
  category: Category;
  quantity: number;
  status: LotStatus;
  siteCode: string;
  units: readonly { serial: string; assetTag: string; siteCode: string; room: string; rack: string; u: number | null }[];
}

/**
 * NetBox device import CSV (for NetBox `version`): one row per unit, and one per item that has no unit record (named
 * `<lot code>-<n>`). A device's name is its asset tag, else its serial. The role is the
 * category, the device type the model (both must exist in NetBox, as its import requires);
 * comments carry the lot code.
 */
export function netBoxDevicesCsv(lots: readonly NetBoxExportLot[], version: NetBoxVersion = 4): string {
  return netBoxDevicesExport(lots, version).csv;
}

/**
 * {@link netBoxDevicesCsv}, with how many devices it holds and what it left out, in one pass:
 * NetBox requires a site for every device (its import refuses the whole file over one row
 * without), so a device with no site here (a planned or ordered lot not yet given one) is left
 * out, and `note` says how many and of which lots (null when none).
 */
export function netBoxDevicesExport(lots: readonly NetBoxExportLot[], version: NetBoxVersion = 4): { csv: string; devices: number; note: string | null } {
  const { rows, siteless } = deviceRows(lots);
  return { csv: toCsv(netBoxDeviceColumns(version), rows), devices: rows.length, note: sitelessNote(siteless) };
}

function deviceRows(lots: readonly NetBoxExportLot[]): { rows: string[][]; siteless: { lotCode: string; devices: number }[] } {
  const rows: string[][] = [];
  const siteless: { lotCode: string; devices: number }[] = [];
  for (const lot of lots) {
    const status = NETBOX_STATUS[lot.status];
    const comments = `Fleetledger lot ${lot.code}`;
    let left = 0;
    for (const u of lot.units) {
      const site = u.siteCode || lot.siteCode;
      if (site === '') left += 1;
      else rows.push([u.assetTag || u.serial, lot.category, lot.manufacturer, lot.model, status, site, u.room, u.rack, u.u === null ? '' : String(u.u), u.u === null ? '' : 'front', u.serial, u.assetTag, comments]);
    }
    // Items without a unit record, named by the lot (so none is silently left out).
    for (let n = lot.units.length + 1; n <= lot.quantity; n += 1) {
      if (lot.siteCode === '') left += 1;
      else rows.push([`${lot.code}-${n}`, lot.category, lot.manufacturer, lot.model, status, lot.siteCode, '', '', '', '', '', '', comments]);
    }
    if (left > 0) siteless.push({ lotCode: lot.code, devices: left });
  }
  return { rows, siteless };
}

/** What the NetBox export left out for want of a site, in a sentence; null when nothing. */
function sitelessNote(siteless: readonly { lotCode: string; devices: number }[]): string | null {
  if (siteless.length === 0) return null;
  const devices = siteless.reduce((n, l) => n + l.devices, 0);
  const named = siteless.slice(0, 5).map((l) => l.lotCode).join(', ') + (siteless.length > 5 ? ` and ${siteless.length - 5} more` : '');
  return `Left out ${devices} device${devices === 1 ? '' : 's'} with no site (lot${siteless.length === 1 ? '' : 's'} ${named}): NetBox needs a site for every device. Give ${siteless.length === 1 ? 'the lot' : 'those lots'} a site to export ${devices === 1 ? 'it' : 'them'}.`;
}
