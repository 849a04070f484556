/**
 * The log in blocks (shared/ledger/logBlocks.ts): appending one event at a time or all at once
 * gives the same blocks, every block but the last is full, and the lines parse back to the events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventWith, type LotEvent } from '../../../shared/events';
import { appendToBlocks, BLOCK_MAX_CHARS, BLOCK_MAX_EVENTS, blocksOf, eventLine, EventLinesError, parseEventLines, type BlockDraft } from '../../../shared/ledger/logBlocks';

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
});
