/**
 * The log in blocks (shared/ledger/logBlocks.ts): appending one event at a time or all at once
 * gives the same blocks, every block but the last is full, and the lines parse back to the events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventWith, withSeq, type LotEvent } from '../../../shared/events';
import { canonicalJson, parseCanonicalJson } from '../../../shared/ledger/canonicalJson';
import { appendToBlocks, BLOCK_MAX_CHARS, BLOCK_MAX_EVENTS, blocksOf, cutBlocks, eventLine, eventLineFrom, EventLinesError, parseEventLines, parseRecordLines, seqPlace, type BlockDraft } from '../../../shared/ledger/logBlocks';

function events(n: number, noteLength = 10): LotEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    ...eventWith({ entity: 'lot', lotId: `lot-${i % 7}`, seq: Math.floor(i / 7) + 1, at: '2026-01-01T00:00:00.000Z', actor: 't', type: 'edited', after: {}, note: 'n'.repeat(noteLength) }),
    id: `dev:${i + 1}`,
    hlc: `${String(1_700_000_000_000 + i).padStart(15, '0')}-000000-dev`,
  }));
}

/** Appends in transactions of the given sizes, as appendEvents does, keeping the stored blocks by key. */
function appendInTransactions(all: readonly LotEvent[], sizes: readonly number[]): BlockDraft[] {
  const stored = new Map<string, BlockDraft>();
  let at = 0;
  for (const size of sizes) {
    const last = [...stored.values()].at(-1) ?? null;
    for (const b of appendToBlocks(last && !last.full ? last : null, all.slice(at, at + size))) {
      // A continued block names only the records of the events appended now: the index adds them to what it had.
      const before = stored.get(b.first)?.entities ?? [];
      stored.set(b.first, { ...b, entities: [...new Set([...before, ...b.entities])].sort() });
    }
    at += size;
  }
  return [...stored.values()];
}

describe('log blocks', () => {
  it('are the same whether the events come one transaction at a time or all at once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        const all = events(sizes.reduce((a, b) => a + b, 0));
        const together = blocksOf(all);
        expect(appendInTransactions(all, sizes)).toEqual(together);
        expect(together.slice(0, -1).every((b) => b.full)).toBe(true);
        expect(together.map((b) => b.count).reduce((a, b) => a + b, 0)).toBe(all.length);
        expect(together.flatMap((b) => parseEventLines(b.text))).toEqual(all);
      }),
      { numRuns: 40 },
    );
  });

  it('are sealed at BLOCK_MAX_EVENTS events or BLOCK_MAX_CHARS characters', () => {
    for (const noteLength of [0, 10, 300]) {
      const all = events(BLOCK_MAX_EVENTS * 2 + 1, noteLength);
      const blocks = blocksOf(all);
      for (const b of blocks.slice(0, -1)) {
        // Full, and was not full one event earlier.
        expect(b.count === BLOCK_MAX_EVENTS || b.text.length >= BLOCK_MAX_CHARS).toBe(true);
        const lastLine = eventLine(parseEventLines(b.text).at(-1) as LotEvent);
        expect(b.count - 1 < BLOCK_MAX_EVENTS && b.text.length - lastLine.length < BLOCK_MAX_CHARS).toBe(true);
      }
      expect(blocks.at(-1)?.full).toBe(false);
    }
    const long = events(40, 20_000);
    const blocks = blocksOf(long);
    expect(blocks.length).toBeGreaterThan(2);
    for (const b of blocks.slice(0, -1)) expect(b.text.length).toBeGreaterThanOrEqual(BLOCK_MAX_CHARS);
    expect(blocks[0]?.entities).toEqual([...new Set(long.slice(0, blocks[0]?.count).map((e) => e.lotId))].sort());
    expect(blocks.map((b) => b.first)).toEqual(blocks.map((b) => parseEventLines(b.text)[0]).map((e) => (e as LotEvent).hlc));
  });

  it('parse typed arrays back, and name the line that is not an event', () => {
    const withUnits = { ...events(1)[0]!, units: { columns: new Uint8Array([1, 2, 3]), ids: new Uint16Array([7, 65_535]) } } as unknown as LotEvent;
    expect(parseEventLines(eventLine(withUnits))).toEqual([withUnits]);
    const text = events(3).map(eventLine).join('');
    const broken = text.replace(/\n(?=.*\n$)/u, '\n{"lot":{}}\n');
    expect(() => parseEventLines(broken)).toThrow(EventLinesError);
    expect(() => parseEventLines(`${text}{"event":{"id":}\n`)).toThrow(/line 4: not valid JSON/u);
    expect(() => parseEventLines(text.slice(0, -5))).toThrow(/line 3: it ends in the middle of a line/u);
    expect(() => parseEventLines(`${text}{"lot":{}}\n`)).toThrow(/line 4: a "lot" record among the events/u);
    expect(parseEventLines('')).toEqual([]);
  });

  it('take exactly one value per line: two on a line, or an empty line, name that line', () => {
    const [a, b] = events(2).map(eventLine) as [string, string];
    expect(() => parseEventLines(`${a}${a.slice(0, -1)},${b}`)).toThrow(/line 2: not valid JSON/u);
    expect(() => parseEventLines(`${a}\n${b}`)).toThrow(/line 2: not valid JSON/u);
    expect(() => parseEventLines(`${a}{"event":{},"lot":{}}\n`)).toThrow(/line 2: not one record/u);
    expect(() => parseEventLines(`${a}{}\n`)).toThrow(/line 2: not one record/u);
    expect(() => parseRecordLines('1\n2 3\n')).toThrow(/line 2: not valid JSON/u);
    expect(parseRecordLines('1\n"x"\r\n{"a":[2]}\n')).toEqual([1, 'x', { a: [2] }]);
  });
});

/** An event as a segment holds it (no seq), its text there, and the event read back from that text. */
function portable(e: LotEvent): { text: string; read: LotEvent } {
  const { seq: _seq, ...rest } = e;
  const text = canonicalJson(rest);
  return { text, read: parseCanonicalJson(text) as LotEvent };
}

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), text, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(text, tie('value'), { maxKeys: 3 })),
})).value;

describe('a block line made from the text an event was read from (a first team sync)', () => {
  it('is the line the event would be written as, whatever its fields hold', () => {
    const arbitraryEvent = fc.record({
      type: fc.constantFrom('edited', 'units-updated', 'sanitised', 'transitioned'),
      note: text,
      after: fc.dictionary(text, json, { maxKeys: 4 }),
      before: fc.option(fc.dictionary(text, json, { maxKeys: 3 })),
      seq: fc.integer({ min: 1, max: 1_000_000 }),
      // Members that sort after seq, with values that hold what a key after seq looks like.
      serials: fc.option(fc.array(text, { maxLength: 4 }), { nil: undefined }),
      unitChanges: fc.option(fc.array(fc.record({ serial: text, before: fc.dictionary(text, json), after: fc.dictionary(fc.constantFrom('to', 'type', 'seq', 'units'), json) }), { maxLength: 3 }), { nil: undefined }),
      // And one that sorts before it.
      sanitisation: fc.option(fc.dictionary(fc.constantFrom('seq', 'to', 'method'), json), { nil: undefined }),
    });
    fc.assert(
      fc.property(arbitraryEvent, (r) => {
        const base = { ...events(1)[0]!, type: r.type, note: r.note, after: r.after as LotEvent['after'], before: r.before as LotEvent['before'] };
        const e = { ...base, ...(r.serials ? { serials: r.serials } : {}), ...(r.unitChanges ? { unitChanges: r.unitChanges } : {}), ...(r.sanitisation ? { sanitisation: r.sanitisation } : {}) } as LotEvent;
        const { text: line, read } = portable(e);
        const numbered = withSeq(read, r.seq);
        expect(eventLineFrom(numbered, line)).toBe(eventLine(numbered));
      }),
      { numRuns: 300 },
    );
  });

  it('puts the seq into the text it is given, and writes the event out whole where the text cannot take it', () => {
    const e = { ...events(1)[0]!, note: 'Rack "B" → R07\n', serials: ['S1', 'S2'] } as LotEvent;
    const { text: line, read } = portable(e);
    const numbered = withSeq(read, 42);
    // Made from the text, not written out again (the text is the caller's to give: the event's own).
    const other = line.replace('R07', 'R08');
    expect(eventLineFrom(numbered, other)).toBe(eventLine(numbered).replace('R07', 'R08'));
    // No text, a text not in canonical form, keys out of order, typed arrays: written out whole.
    expect(eventLineFrom(numbered, undefined)).toBe(eventLine(numbered));
    expect(eventLineFrom(numbered, JSON.stringify(JSON.parse(line), null, 1))).toBe(eventLine(numbered));
    const { type, ...rest } = numbered;
    const unordered = { type, ...rest } as LotEvent;
    expect(eventLineFrom(unordered, line)).toBe(eventLine(unordered));
    const received = { ...e, type: 'units-received', units: { columns: new Uint8Array([1, 2, 3]) } } as unknown as LotEvent;
    const r = portable(received);
    expect(eventLineFrom(withSeq(r.read, 3), r.text)).toBe(eventLine(withSeq(r.read, 3)));
    expect(parseEventLines(eventLineFrom(numbered, line))).toEqual([numbered]);
  });

  it('finds the place for seq by the top-level keys from the end, whatever the values hold', () => {
    // A canonical object's text, then perhaps one character put in or taken out anywhere. The
    // text a first sync gives has parsed as JSON already: where seqPlace accepts such a text, the
    // splice must parse to the object with seq, and for a canonical text be the canonical text.
    const object = fc.dictionary(fc.oneof(text, fc.constantFrom('to', 'type', 'units', 'serials', 'se', 'seq0', 'sep')), json, { maxKeys: 6 }).filter((o) => !('seq' in o));
    fc.assert(
      fc.property(object, fc.integer({ min: 0, max: 2 }), fc.nat(), fc.constantFrom(' ', '"', '\\', ',', '}', '{', ':', '[', ']', '0', 'a'), (o, change, where, ch) => {
        const canonical = canonicalJson(o);
        const at = where % (canonical.length + 1);
        const t = change === 0 ? canonical : change === 1 ? canonical.slice(0, at) + ch + canonical.slice(at) : canonical.slice(0, at) + canonical.slice(at + 1);
        const place = seqPlace(t);
        // (A key JSON escapes is left to writing the event out whole.)
        if (t === canonical && Object.keys(o).every((k) => JSON.stringify(k) === `"${k}"`)) expect(place).not.toBe(-1);
        let parsed: unknown;
        try {
          parsed = JSON.parse(t);
        } catch {
          return;
        }
        if (place === -1) return;
        const spliced = t.charCodeAt(place) === 34 ? `${t.slice(0, place)}"seq":7,${t.slice(place)}` : `${t.slice(0, place)}${place === 1 ? '' : ','}"seq":7}`;
        expect(JSON.parse(spliced)).toEqual({ ...(parsed as object), seq: 7 });
        if (t === canonical) expect(spliced).toBe(canonicalJson({ ...o, seq: 7 }));
      }),
      { numRuns: 3_000 },
    );
  });

  it('cuts the same blocks as the events written out', () => {
    const all = events(2_500);
    const texts = all.map((e) => portable(e));
    const numbered = texts.map((t, i) => withSeq(t.read, all[i]!.seq));
    expect([...cutBlocks(null, numbered, (e, i) => eventLineFrom(e, texts[i]!.text))]).toEqual(blocksOf(numbered));
  });
});
