/**
 * The team folder's format (shared/sync/folderFormat.ts): file names a sync tool leaves, and a
 * device's hash chain of segments read back whole, or stopped at the first segment that is torn,
 * altered or not there yet, with the device and segment named.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { eventWith, numberedFromOne, type LotEvent } from '../../../shared/events';
import { canonicalJson } from '../../../shared/ledger/canonicalJson';
import { eventLine, eventLineFrom } from '../../../shared/ledger/logBlocks';
import { inflateInTurn } from '../../../shared/ledger/backupFormat';
import { eventId, formatHlc } from '../../../shared/ledger/clock';
import {
  classifyDeviceFile,
  decodeSegmentText,
  encodeHead,
  encodeSegmentText,
  portableEvent,
  portableLineOf,
  readDeviceChain,
  sameEventContent,
  segmentBatches,
  segmentFileName,
  SEGMENT_MAX_EVENTS,
  type ChainDeps,
} from '../../../shared/sync/folderFormat';

const deps: ChainDeps = {
  gunzip: (b) => gunzipSync(b),
  sha256Bytes: (b) => Promise.resolve(createHash('sha256').update(b).digest('hex')),
  utf8: { encode: (t) => new TextEncoder().encode(t), decode: (b) => new TextDecoder('utf-8', { fatal: true }).decode(b) },
};
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const DEVICE = 'dev-a';
function events(device: string, from: number, n: number): LotEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const counter = from + i;
    return {
      ...eventWith({ entity: 'lot', lotId: `lot-${counter % 3}`, seq: counter, at: '2026-12-05T10:00:00.000Z', actor: 'ada', type: 'edited', after: { notes: `note ${counter}` }, before: { notes: '' } }),
      id: eventId(device, counter),
      hlc: formatHlc({ ms: 1_780_000_000_000 + counter, counter: 0, device }),
    };
  });
}

/** A device folder of `batches` segments, as a writer leaves it: segments, then the head. */
function deviceFolder(device: string, batches: LotEvent[][]): { name: string; bytes: Uint8Array }[] {
  const files: { name: string; bytes: Uint8Array }[] = [];
  let prev: string | null = null;
  batches.forEach((batch, i) => {
    const bytes = new Uint8Array(gzipSync(encodeSegmentText(device, i + 1, prev, batch).text));
    files.push({ name: segmentFileName(i + 1), bytes });
    prev = sha(bytes);
  });
  const last = batches.at(-1)?.at(-1);
  files.push({ name: 'head.json', bytes: new TextEncoder().encode(encodeHead({ device, name: 'Ada’s laptop', segments: batches.length, lastHash: prev, lastCounter: last ? Number(last.id.split(':')[1]) : 0, writtenAt: '2026-12-05T10:00:00.000Z' })) });
  return files;
}

const three = [events(DEVICE, 1, 4), events(DEVICE, 5, 3), events(DEVICE, 8, 5)];
const all = three.flat();
const withoutSeq = (list: LotEvent[]): unknown[] => list.map(({ seq: _seq, ...rest }) => rest);

describe('file names in a device folder', () => {
  it('knows segments and the head, ignores temporary files, and recognises sync tools’ conflict copies', () => {
    expect(classifyDeviceFile('00000001.jsonl.gz')).toEqual({ kind: 'segment', index: 1 });
    expect(classifyDeviceFile('head.json')).toEqual({ kind: 'head' });
    for (const name of ['~syncthing~00000002.jsonl.gz.tmp', '.syncthing.00000002.jsonl.gz.tmp', '.00000002.jsonl.gz.tmp-5f2c', '00000002.jsonl.gz.part', '.DS_Store', 'Thumbs.db', 'desktop.ini']) {
      expect(classifyDeviceFile(name), name).toEqual({ kind: 'ignored' });
    }
    for (const name of ['00000003.jsonl.sync-conflict-20261205-101010-ABCDEFG.gz', '00000003.sync-conflict-20261205-101010-ABCDEFG.jsonl.gz', '00000003 (Ada’s conflicted copy 2026-12-05).jsonl.gz', '00000003 (1).jsonl.gz']) {
      expect(classifyDeviceFile(name), name).toEqual({ kind: 'conflict-copy', of: { kind: 'segment', index: 3 } });
    }
    expect(classifyDeviceFile('head.sync-conflict-20261205-101010-ABCDEFG.json')).toEqual({ kind: 'conflict-copy', of: { kind: 'head' } });
    expect(classifyDeviceFile('notes.txt')).toEqual({ kind: 'unknown' });
    expect(classifyDeviceFile('00000000.jsonl.gz')).toEqual({ kind: 'unknown' });
  });
});

describe('a segment', () => {
  it('holds its device’s consecutive events without seq, and reads back', () => {
    const { header, text } = encodeSegmentText(DEVICE, 2, 'a'.repeat(64), events(DEVICE, 5, 3));
    expect(header).toMatchObject({ device: DEVICE, index: 2, first: 5, last: 7, count: 3 });
    expect(text).not.toContain('"seq"');
    const read = decodeSegmentText(text, DEVICE);
    expect(read.ok && withoutSeq(read.value.events)).toEqual(withoutSeq(events(DEVICE, 5, 3)));
    expect(() => encodeSegmentText(DEVICE, 1, null, [...events(DEVICE, 1, 2), ...events(DEVICE, 4, 1)])).toThrow('not consecutive');
    expect(() => encodeSegmentText(DEVICE, 1, null, events('dev-b', 1, 1))).toThrow("is not device dev-a's");
  });

  it('keeps each event’s text, from which a first sync makes its log lines with the seq put in', () => {
    const written = events(DEVICE, 1, 4);
    written[1] = { ...written[1]!, note: 'Moved "B" → R07', type: 'units-updated', serials: ['S1'], unitChanges: [{ serial: 'S1', before: { rack: 'R06' }, after: { rack: 'R07' } }] } as LotEvent;
    const read = decodeSegmentText(encodeSegmentText(DEVICE, 1, null, written).text, DEVICE);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.events.map((e) => portableLineOf(e))).toEqual(written.map((e) => canonicalJson(portableEvent(e))));
    const numbered = numberedFromOne(read.value.events);
    expect(numbered.map((e, i) => eventLineFrom(e, portableLineOf(read.value.events[i]!)))).toEqual(numbered.map(eventLine));
    expect(portableLineOf(written[0]!)).toBeUndefined();
  });

  it('is refused when it is another device’s, cut mid-line, or its events do not match its header', () => {
    const { text } = encodeSegmentText(DEVICE, 1, null, events(DEVICE, 1, 3));
    expect(decodeSegmentText(text, 'dev-b')).toEqual({ ok: false, error: 'its header names device dev-a, not the folder it is in' });
    expect(decodeSegmentText(text.slice(0, -20), DEVICE)).toMatchObject({ ok: false, error: expect.stringMatching(/^line 4: it ends in the middle of a line/u) });
    const dropped = text.split('\n').filter((_, i) => i !== 2).join('\n');
    expect(decodeSegmentText(dropped, DEVICE)).toMatchObject({ ok: false, error: 'line 3: event dev-a:3 should be dev-a:2' });
  });

  it('batches are cut at the event limit', () => {
    const many = events(DEVICE, 1, SEGMENT_MAX_EVENTS + 5);
    expect(segmentBatches(many).map((b) => b.length)).toEqual([SEGMENT_MAX_EVENTS, 5]);
  });

  it('two events with the same id are the same when all but seq agree', () => {
    const [a] = events(DEVICE, 1, 1) as [LotEvent];
    expect(sameEventContent(a, { ...a, seq: 9 })).toBe(true);
    expect(sameEventContent(a, { ...a, note: 'changed' })).toBe(false);
  });
});

describe('a device’s chain', () => {
  it('reads every segment of a whole folder, in order, with the device’s name', async () => {
    const chain = await readDeviceChain(DEVICE, deviceFolder(DEVICE, three), deps);
    expect(chain.problems).toEqual([]);
    expect(chain.waitingFor).toEqual([]);
    expect(chain.segments).toBe(3);
    expect(chain.name).toBe('Ada’s laptop');
    expect(withoutSeq(chain.events)).toEqual(withoutSeq(all));
  });

  it('stops at a torn segment, naming the device and segment, and applies nothing after it', async () => {
    const files = deviceFolder(DEVICE, three);
    const torn = files.map((f) => (f.name === segmentFileName(2) ? { ...f, bytes: f.bytes.slice(0, f.bytes.length - 30) } : f));
    const chain = await readDeviceChain(DEVICE, torn, deps);
    // Segment 1 cannot be confirmed by a torn segment 2 either: nothing is applied.
    expect(chain.segments).toBe(0);
    expect(chain.events).toEqual([]);
    expect(chain.problems).toEqual([{ device: DEVICE, segment: 2, file: '00000002.jsonl.gz', message: 'Device dev-a, segment 2 is torn or damaged (it cannot be decompressed). Nothing after it from this device is applied until it is whole, nor segment 1 before it, which only segment 2 confirms.' }]);
  });

  it('reads the same when the segments are decompressed ahead (the renderer\'s worker), a torn one included', async () => {
    const ahead: ChainDeps = { ...deps, inflate: inflateInTurn((b) => gunzipSync(b)) };
    const files = deviceFolder(DEVICE, three);
    expect(await readDeviceChain(DEVICE, files, ahead)).toEqual(await readDeviceChain(DEVICE, files, deps));
    for (const damaged of [1, 2, 3]) {
      const torn = files.map((f) => (f.name === segmentFileName(damaged) ? { ...f, bytes: f.bytes.slice(0, f.bytes.length - 30) } : f));
      expect(await readDeviceChain(DEVICE, torn, ahead)).toEqual(await readDeviceChain(DEVICE, torn, deps));
      // A sync tool's whole copy stands in for the torn original: what follows it is read too.
      const copy = { name: `${segmentFileName(damaged).replace('.gz', '')}.sync-conflict-20261205-101010-ABCDEFG.gz`, bytes: files.find((f) => f.name === segmentFileName(damaged))!.bytes };
      const repaired = await readDeviceChain(DEVICE, [...torn, copy], ahead);
      expect(repaired).toEqual(await readDeviceChain(DEVICE, [...torn, copy], deps));
      expect(repaired.segments).toBe(3);
    }
  });

  it('detects an altered segment by the next segment’s hash, and applies nothing of it', async () => {
    const files = deviceFolder(DEVICE, three);
    // Segment 2 rewritten with one event changed: a valid segment that no longer has the hash segment 3 names.
    const altered = events(DEVICE, 5, 3).map((e, i) => (i === 1 ? { ...e, note: 'forged' } : e));
    const prev1 = sha(files[0]!.bytes);
    const forged = files.map((f) => (f.name === segmentFileName(2) ? { ...f, bytes: new Uint8Array(gzipSync(encodeSegmentText(DEVICE, 2, prev1, altered).text)) } : f));
    const chain = await readDeviceChain(DEVICE, forged, deps);
    expect(chain.segments).toBe(1);
    expect(withoutSeq(chain.events)).toEqual(withoutSeq(three[0]!));
    expect(chain.problems.map((p) => [p.segment, p.message])).toEqual([[2, 'Device dev-a, segment 2 is not the one segment 3 names: it was altered or replaced. Nothing after it from this device is applied until it is whole.']]);
  });

  it('detects an altered newest segment by the head', async () => {
    const files = deviceFolder(DEVICE, three);
    const prev2 = sha(files[1]!.bytes);
    const altered = events(DEVICE, 8, 5).map((e, i) => (i === 0 ? { ...e, note: 'forged' } : e));
    const forged = files.map((f) => (f.name === segmentFileName(3) ? { ...f, bytes: new Uint8Array(gzipSync(encodeSegmentText(DEVICE, 3, prev2, altered).text)) } : f));
    const chain = await readDeviceChain(DEVICE, forged, deps);
    expect(chain.segments).toBe(2);
    expect(chain.problems.map((p) => p.message)).toEqual(['Device dev-a, segment 3 is not the one the device’s head names: it was altered or replaced. Nothing after it from this device is applied until it is whole.']);
  });

  it('waits, without a problem, for a segment not copied yet, and for a newest segment whose head has not arrived', async () => {
    const files = deviceFolder(DEVICE, three);
    // Segment 2 not there yet: segment 1 is not confirmed by anything either, so all three wait.
    const gap = await readDeviceChain(DEVICE, files.filter((f) => f.name !== segmentFileName(2)), deps);
    expect([gap.segments, gap.waitingFor, gap.problems]).toEqual([0, [1, 2, 3], []]);
    // The newest not there yet: the one before it waits to be confirmed by it.
    const newestMissing = await readDeviceChain(DEVICE, files.filter((f) => f.name !== segmentFileName(3)), deps);
    expect([newestMissing.segments, newestMissing.waitingFor, newestMissing.problems]).toEqual([1, [2, 3], []]);
    // The writer renames segment 3 into place, then rewrites its head: here the head is still the old one.
    const oldHead = deviceFolder(DEVICE, three.slice(0, 2)).find((f) => f.name === 'head.json')!;
    const early = await readDeviceChain(DEVICE, [...files.filter((f) => f.name !== 'head.json'), oldHead], deps);
    expect([early.segments, early.waitingFor, early.problems]).toEqual([2, [3], []]);
  });

  it('reads a conflict copy in place of a torn original, and the events of other copies as extra input', async () => {
    const files = deviceFolder(DEVICE, three);
    const original2 = files.find((f) => f.name === segmentFileName(2))!;
    const torn = files.map((f) => (f === original2 ? { ...f, bytes: f.bytes.slice(0, 10) } : f));
    const repaired = await readDeviceChain(DEVICE, [...torn, { name: '00000002.jsonl.sync-conflict-20261205-101010-ABCDEFG.gz', bytes: original2.bytes }], deps);
    expect(repaired.segments).toBe(3);
    expect(withoutSeq(repaired.events)).toEqual(withoutSeq(all));
    expect(repaired.problems.map((p) => p.message)).toEqual(['Device dev-a, segment 2 is not whole or not the one that links; a sync tool’s copy of it (00000002.jsonl.sync-conflict-20261205-101010-ABCDEFG.gz) was read instead.']);
    // A copy that does not fit the chain: its events come back as extra input, to merge by id.
    const other = new Uint8Array(gzipSync(encodeSegmentText(DEVICE, 2, 'b'.repeat(64), events(DEVICE, 5, 3)).text));
    const extra = await readDeviceChain(DEVICE, [...files, { name: '00000002 (1).jsonl.gz', bytes: other }], deps);
    expect(extra.problems).toEqual([]);
    expect(extra.segments).toBe(3);
    expect(extra.extra.map((e) => e.id)).toEqual(['dev-a:5', 'dev-a:6', 'dev-a:7']);
  });

  it('reports files that are not part of the format, and a folder not named as a device', async () => {
    const chain = await readDeviceChain(DEVICE, [...deviceFolder(DEVICE, three), { name: 'notes.txt', bytes: new Uint8Array([65]) }], deps);
    expect(chain.segments).toBe(3);
    expect(chain.problems.map((p) => p.file)).toEqual(['notes.txt']);
    const bad = await readDeviceChain('not a device', [], deps);
    expect(bad.problems[0]?.message).toMatch(/is not named as a device/u);
  });
});
