import { ledgerInMemory } from './scripts/benchLedger';
import { generateFleet } from './scripts/benchFleet';
import { blocksOf, parseEventLines } from './shared/ledger/logBlocks';
import { gzipSync, gunzipSync } from 'fflate';
import { foldLedger } from './shared/ledger/fold';
import * as zlib from 'node:zlib';
const t = () => performance.now();
let a = t();
const { events } = ledgerInMemory(generateFleet(2000, 100_000), 500_000);
console.log('gen', t() - a);
a = t(); const drafts = blocksOf(events); console.log('blocksOf', t() - a, drafts.length, drafts.reduce((s, d) => s + d.text.length, 0));
const texts = drafts.map((d) => d.text);
a = t(); for (const x of texts) JSON.parse(`[${x.slice(0, -1).replaceAll('\n', ',')}]`); console.log('parse+replace', t() - a);
a = t(); for (const x of texts) JSON.parse(`[${x.slice(0, -1)}]`.replaceAll('\n', ',')); console.log('parse (again)', t() - a);
a = t(); for (const x of texts) x.slice(0, -1).replaceAll('\n', ','); console.log('replace only', t() - a);
a = t(); for (const x of texts) parseEventLines(x); console.log('parseEventLines', t() - a);
const enc = new TextEncoder();
const bytes = texts.map((x) => enc.encode(x));
for (const lvl of [1, 3, 6] as const) { a = t(); const gz = bytes.map((b) => gzipSync(b, { level: lvl, mtime: 0 })); console.log('fflate gzip', lvl, t() - a, gz.reduce((s, g) => s + g.length, 0)); }
for (const lvl of [1, 6]) { a = t(); const gz = bytes.map((b) => zlib.gzipSync(b, { level: lvl })); console.log('zlib gzip', lvl, t() - a, gz.reduce((s, g) => s + g.length, 0)); }
const gz6 = bytes.map((b) => gzipSync(b, { level: 6, mtime: 0 }));
a = t(); for (const g of gz6) gunzipSync(g); console.log('fflate gunzip', t() - a);
a = t(); for (const g of gz6) zlib.gunzipSync(g); console.log('zlib gunzip', t() - a);
a = t(); foldLedger(events); console.log('fold', t() - a);
