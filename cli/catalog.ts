/**
 * `fleetledger catalog --from netbox-yaml <file or folder…> [--json]` (issue 15): what the app's
 * NetBox device-type import would create, read from the device-type library's YAML files
 * (shared/netbox.ts).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { catalogJson, MAX_DEVICE_TYPE_BYTES, readDeviceTypes, type NetBoxProblem } from '../shared/netbox';
import { ok } from '../shared/result';
import { readCommandLine } from './args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { headedTable } from './textTable';
import { utf8TextOrLine } from './textFile';

export const CATALOG_HELP = `Usage: fleetledger catalog --from netbox-yaml <file or folder>… [--json]

Reads NetBox device types — the YAML files of the device-type library
(device-types/<Manufacturer>/*.yaml), one or many files, or folders searched for .yaml and .yml
files — and prints the models the app's import would create: manufacturer, model, part number,
rack units and power per unit.

Power: where power ports give allocated_draw, the largest of them (redundant supplies each carry
the whole load); otherwise, where they give maximum_draw, half the sum of the supplies' ratings,
an estimate; no figure otherwise.

  --from netbox-yaml   the input format (the only one)
  --json               {"models":[{"manufacturer","model","partNumber","rackUnits","powerWatts",
                       "powerSource"}],"problems":[{"file","line","message"}]}, powerSource one of
                       "allocated", "estimate" or null (powerWatts null then)
  -h, --help           show this help

Exit codes: 0 every file read; 1 a file had a problem (each named with its file and line; the
models are printed all the same); 2 bad arguments or a path that cannot be read.
`;

const OPTIONS = {
  from: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const YAML_FILE = /\.ya?ml$/iu;

async function yamlFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  // Hidden files and folders inside a folder are passed over, as the app's folder import does
  // (electron/ipcHandlers.ts): a clone of the device-type library holds .github/workflows/*.yml and
  // .pre-commit-config.yaml, which are no device types. A hidden file named on the command line is read.
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => (e.isDirectory() ? yamlFiles(join(path, e.name)) : Promise.resolve(YAML_FILE.test(e.name) ? [join(path, e.name)] : []))),
  );
  return nested.flat();
}

export async function runCatalog(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code = EXIT_USAGE): number => {
    io.stderr(`fleetledger catalog: ${message}\n`);
    return code;
  };
  const parsed = readCommandLine(argv, OPTIONS, true);
  if (!parsed.ok) return fail(parsed.error);
  const { values, positionals } = parsed.value;
  if (values.help === true) {
    io.stdout(CATALOG_HELP);
    return EXIT_OK;
  }
  if (values.from !== 'netbox-yaml') return fail(`--from: required, and "netbox-yaml" is the one format (got ${values.from === undefined ? 'nothing' : `"${values.from}"`})`);
  if (positionals.length === 0) return fail('one or more YAML files or folders are required');
  const files: { name: string; text: string }[] = [];
  // A file in a legacy code page is refused, as the app refuses it (electron/ipcHandlers.ts openYamlFiles), not read with U+FFFD.
  const notUtf8: NetBoxProblem[] = [];
  for (const path of positionals) {
    let found: string[];
    try {
      found = await yamlFiles(path);
    } catch (error) {
      return fail(`${path} cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
    for (const file of found) {
      const name = relative(process.cwd(), file) || file;
      try {
        const size = (await stat(file)).size;
        const text = size > MAX_DEVICE_TYPE_BYTES ? ok('x'.repeat(MAX_DEVICE_TYPE_BYTES + 1)) : utf8TextOrLine(await readFile(file));
        if (text.ok) files.push({ name, text: text.value });
        else notUtf8.push({ file: name, line: text.error, message: 'is not UTF-8 text (saved in a legacy encoding?); save it as UTF-8' });
      } catch (error) {
        return fail(`${file} cannot be read (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
  const types = readDeviceTypes(files);
  const catalog = { ...types, problems: [...notUtf8, ...types.problems] };
  if (values.json === true) io.stdout(`${JSON.stringify(catalogJson(catalog))}\n`);
  else {
    const rows = catalog.models.map((m) => [m.manufacturer, m.model, m.partNumber, m.rackUnits === null ? '' : String(m.rackUnits), m.powerWatts === null ? '' : `${m.powerWatts} W${m.powerSource === 'estimate' ? ' (estimate)' : ''}`]);
    io.stdout(headedTable(['manufacturer', 'model', 'part number', 'U', 'power'], rows, 3));
    const read = files.length + notUtf8.length;
    io.stdout(`${catalog.models.length} model${catalog.models.length === 1 ? '' : 's'} from ${read} file${read === 1 ? '' : 's'}.\n`);
  }
  for (const p of catalog.problems) io.stderr(`${p.file}:${p.line}: ${p.message}\n`);
  return catalog.problems.length > 0 ? EXIT_FAILURE : EXIT_OK;
}

export const catalogCommand: CliCommand = {
  name: 'catalog',
  summary: 'print the models NetBox device-type YAML files would create',
  run: runCatalog,
};
