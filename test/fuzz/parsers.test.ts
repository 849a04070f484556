/**
 * Fuzzing every parser of outside input (issue 14): the CSV formats (lots, units, market prices,
 * utilisation, rental prices), a backup's header and body, a team folder's manifest, head and
 * segment files. On arbitrary text and on mutations of a valid file, each must return — never
 * throw — either a whole result or its problems, a CSV problem naming a row. Runs are bounded
 * here (FUZZ_RUNS, default 150 per property); `npm run fuzz` runs many more. Inputs are up to
 * 4,000 characters: every parser reads its whole input, so time grows with size, not with tricks.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBackup, encodeBackupTextV1, readBackupHeader } from '../../shared/ledger/backupFormat';
import { formatHlc } from '../../shared/ledger/clock';
import { foldLedger } from '../../shared/ledger/fold';
import type { CsvRowError } from '../../shared/csv';
import { demoFleet } from '../../shared/demoFleet';
import { exportLots } from '../../shared/ledger/ledgerExport';
import { lotsToCsv, parseLotCsv } from '../../shared/lotCsv';
import { parseMarketCsv } from '../../shared/marketCsv';
import { parseRentalPriceCsv, rentalPricesToCsv } from '../../shared/rentalPriceCsv';
import { decodeSegmentText, encodeHead, encodeManifest, readHead, readManifest } from '../../shared/sync/folderFormat';
import { parseUnitCsv } from '../../shared/unitCsv';
import { parseUtilisationCsv, utilisationToCsv } from '../../shared/utilisation';
import { migrationLots } from '../../shared/migrationExport';
import { readDeviceType } from '../../shared/netbox';
import { convertSnipeItAssets, defaultSnipeItMapping, readSnipeItAssets, snipeItAssetsCsv } from '../../shared/snipeit';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const MAX = 4_000;
let n = 0;
const demo = demoFleet({ today: '2026-12-06', now: '2026-12-06T09:00:00.000Z', newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` });
const DEVICE = '11111111-1111-4111-8111-111111111111';

/** A valid file of each format, to mutate. */
const SAMPLES = {
  lots: lotsToCsv(exportLots(demo.lots.filter((l) => l.status !== 'disposed').slice(0, 6), demo.models, demo.sites, demo.suppliers)),
  market: 'manufacturer,model,date,unit_price,currency,condition,quantity,source\nDell,PowerEdge R760,2026-01-05,9000.00,USD,used,2,Broker\n',
  units: 'lot_code,serial,asset_tag,rack\nGPU-1,SN0001,AT-1,B07\nGPU-1,SN0002,,B07\n',
  utilisation: utilisationToCsv(demo.lots.slice(0, 3).map((l) => ({ ...l, utilisation: { '2026-10': 72.5, '2026-11': 80 } }))),
  rental: rentalPricesToCsv(demo.models),
  manifest: encodeManifest({ ledgerId: '22222222-2222-4222-8222-222222222222', ledgerName: 'Acme', createdAt: '2026-12-06T09:00:00.000Z' }),
  snipeit: snipeItAssetsCsv(migrationLots(demo.lots.slice(0, 8), demo.models, demo.sites, [], demo.suppliers), { allItems: true }).split('\r\n').slice(0, 30).join('\r\n'),
  netbox: 'manufacturer: Dell\nmodel: PowerEdge R750\npart_number: R750\nu_height: 2.0\npower-ports:\n  - name: PSU1\n    maximum_draw: 1400\n    allocated_draw: 700\n  - name: PSU2\n    maximum_draw: 1400\n',
  head: encodeHead({ device: DEVICE, name: 'hall', segments: 2, lastHash: 'a'.repeat(64), lastCounter: 12, writtenAt: '2026-12-06T09:00:00.000Z' }),
};

const SPECIAL = [',', ';', '"', '\n', '\r', '\r\n', '\0', '\uFEFF', '=', ' ', '\t', 'é', '{', '}', ':', '.', '-', '9', '\\', '\u2028'];
/** Random edits of a text: insert, delete, replace, duplicate a slice. */
function mutated(sample: string): fc.Arbitrary<string> {
  const edit = fc.record({ op: fc.constantFrom('insert', 'delete', 'replace', 'duplicate'), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }), text: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 8 })) });
  return fc.array(edit, { minLength: 1, maxLength: 8 }).map((edits) => {
    let s = sample;
    for (const e of edits) {
      const at = s.length === 0 ? 0 : e.at % s.length;
      if (e.op === 'insert') s = s.slice(0, at) + e.text + s.slice(at);
      else if (e.op === 'delete') s = s.slice(0, at) + s.slice(at + e.length);
      else if (e.op === 'replace') s = s.slice(0, at) + e.text + s.slice(at + e.text.length);
      else s = s.slice(0, at) + s.slice(at, at + e.length) + s.slice(at);
    }
    return s.slice(0, MAX);
  });
}
const anyText = fc.string({ unit: 'binary', maxLength: MAX });
const inputsOf = (sample: string) => fc.oneof(anyText, mutated(sample));

/** A CSV result is rows, or problems that each name a row (≥ 1) and say what is wrong. */
function wellFormedCsv(r: { ok: true } | { ok: false; errors: readonly CsvRowError[] }): void {
  if (r.ok) return;
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(Number.isInteger(e.row) && e.row >= 1).toBe(true);
    expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
  }
}
/** A Result is a value, or an error in words. */
function wellFormed(r: { ok: true } | { ok: false; error: string }): void {
  if (!r.ok) expect(typeof r.error === 'string' && r.error.length > 0).toBe(true);
}

const lotsById = new Map(demo.lots.map((l) => [l.code, { id: l.id, code: l.code, quantity: l.quantity, trackedUnits: 0, status: l.status, siteId: l.siteId, format: null }]));
const sha256 = async (text: string) => createHash('sha256').update(text).digest('hex');

describe('fuzzing the parsers of outside input', () => {
  it('starts from valid files (so a mutation is a near miss, not noise)', () => {
    expect(parseLotCsv(SAMPLES.lots, { existingCodes: new Set() }).ok).toBe(true);
    expect(parseMarketCsv(SAMPLES.market, { asOf: '2026-12-06' }).ok).toBe(true);
    expect(parseUtilisationCsv(SAMPLES.utilisation, demo.lots, '2026-12-06').ok).toBe(true);
    expect(parseRentalPriceCsv(SAMPLES.rental, demo.models).ok).toBe(true);
    expect(readManifest(SAMPLES.manifest).ok).toBe(true);
    expect(readHead(SAMPLES.head, DEVICE).ok).toBe(true);
    expect(readSnipeItAssets(SAMPLES.snipeit, 'USD').ok).toBe(true);
    expect(readDeviceType('a.yaml', SAMPLES.netbox).problems).toEqual([]);
  });

  it('Snipe-IT asset CSV, and what it converts to is a lots CSV the import accepts', () => {
    fc.assert(
      fc.property(inputsOf(SAMPLES.snipeit), (text) => {
        const read = readSnipeItAssets(text, 'USD');
        if (!read.ok) return wellFormedCsv({ ok: false, errors: read.error });
        const converted = convertSnipeItAssets(read.value, defaultSnipeItMapping(read.value), { currency: 'USD', existingCodes: new Set(), fileName: 'f.csv' });
        if (!converted.ok) return wellFormedCsv({ ok: false, errors: converted.error });
        const lots = parseLotCsv(converted.value.lotsCsv, { existingCodes: new Set() });
        expect(lots.ok ? [] : lots.errors).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('NetBox device-type YAML', () => {
    fc.assert(
      fc.property(inputsOf(SAMPLES.netbox), (text) => {
        const { model, problems } = readDeviceType('f.yaml', text);
        for (const p of problems) {
          expect(Number.isInteger(p.line) && p.line >= 1).toBe(true);
          expect(p.file).toBe('f.yaml');
          expect(p.message.length).toBeGreaterThan(0);
        }
        if (model !== null) {
          expect(model.manufacturer.length > 0 && model.model.length > 0).toBe(true);
          expect(model.rackUnits === null || Number.isInteger(model.rackUnits)).toBe(true);
          expect(model.powerWatts === null || (Number.isInteger(model.powerWatts) && model.powerWatts >= 0)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('lots CSV', () => {
    fc.assert(fc.property(inputsOf(SAMPLES.lots), (text) => wellFormedCsv(parseLotCsv(text, { existingCodes: new Set(['GPU-A100-2022-01']) }))), { numRuns: RUNS });
  });
  it('units CSV', () => {
    fc.assert(fc.property(inputsOf(SAMPLES.units), (text) => wellFormedCsv(parseUnitCsv(text, { lots: lotsById as never, sites: new Map(), knownSerials: () => null, knownAssetTags: () => null }))), { numRuns: RUNS });
  });
  it('market prices CSV', () => {
    fc.assert(fc.property(inputsOf(SAMPLES.market), (text) => wellFormedCsv(parseMarketCsv(text, { asOf: '2026-12-06', knownModels: demo.models }))), { numRuns: RUNS });
  });
  it('utilisation CSV', () => {
    fc.assert(fc.property(inputsOf(SAMPLES.utilisation), (text) => wellFormedCsv(parseUtilisationCsv(text, demo.lots, '2026-12-06'))), { numRuns: RUNS });
  });
  it('rental prices CSV', () => {
    fc.assert(fc.property(inputsOf(SAMPLES.rental), (text) => wellFormedCsv(parseRentalPriceCsv(text, demo.models))), { numRuns: RUNS });
  });
  it('a team folder’s manifest, head and segment files', () => {
    fc.assert(fc.property(inputsOf(SAMPLES.manifest), (text) => wellFormed(readManifest(text))), { numRuns: RUNS });
    fc.assert(fc.property(inputsOf(SAMPLES.head), (text) => wellFormed(readHead(text, DEVICE))), { numRuns: RUNS });
    fc.assert(fc.property(inputsOf(`${SAMPLES.head}${SAMPLES.manifest}`), (text) => wellFormed(decodeSegmentText(text, DEVICE))), { numRuns: RUNS });
  });
  it('a backup’s header and body', async () => {
    // A real backup of a small ledger: a header line, then the body the header's SHA-256 covers.
    const events = demo.lots.slice(0, 3).map((l, i) => ({ id: `${DEVICE}:${i + 1}`, hlc: formatHlc({ ms: 1_765_000_000_000 + i, counter: 0, device: DEVICE }), entity: 'lot' as const, lotId: l.id, seq: 1, at: '2026-12-06T09:00:00.000Z', date: null, actor: 'ada', type: 'created' as const, from: null, to: l.status, quantity: l.quantity, before: null, after: { ...l }, relatedLotId: null, note: '' }));
    const backup = await encodeBackupTextV1({ ledgerId: '22222222-2222-4222-8222-222222222222', ledgerName: 'Acme', schemaVersion: 9, createdAt: '2026-12-06T09:00:00.000Z' }, events, foldLedger(events), sha256);
    const whole = await decodeBackup(backup.text, sha256, 9);
    expect(whole.ok ? '' : whole.error).toBe('');
    await fc.assert(
      fc.asyncProperty(inputsOf(backup.text.slice(0, MAX)), async (text) => {
        wellFormed(readBackupHeader(text, 9));
        wellFormed(await decodeBackup(text, sha256, 9));
      }),
      { numRuns: RUNS },
    );
  });
});
