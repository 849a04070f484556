import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import {
  discardDraft,
  draftWriter,
  isScanSessionDraft,
  isMoveUnitsDraft,
  isShipmentDraft,
  loadDraft,
  moveUnitsDraft,
  readDraft,
  saveDraft,
  scanSessionDraft,
  SHIPMENT_DRAFT,
} from '../../../renderer/db/drafts';
import { uniqueDbName } from './migrationHarness';

// Work in progress kept across a crash (issue 9), on a real Dexie over fake-indexeddb.

let db: FleetDb;

beforeEach(async () => {
  db = new FleetDb(uniqueDbName('drafts'));
  await db.open();
});

afterEach(async () => {
  vi.restoreAllMocks();
  db.close();
  await db.delete();
});

const LOT_A = '3f1c9a52-0b7e-4d7a-9f0e-1a2b3c4d5e6f';
const LOT_B = '7d2e8b41-1c6f-4e8b-8a1d-2b3c4d5e6f70';

describe('keys', () => {
  it('keys a scan session by its lot, or by its PO (trimmed)', () => {
    expect(scanSessionDraft({ lotId: LOT_A }).key).toBe(`scan-session:${LOT_A}`);
    expect(scanSessionDraft({ poNumber: ' PO-4500 ' }).key).toBe('scan-session:po:PO-4500');
    expect(SHIPMENT_DRAFT.key).toBe('shipment');
    expect(moveUnitsDraft(LOT_A).key).toBe(`move-units:${LOT_A}`);
  });
});

describe('saveDraft / loadDraft / discardDraft', () => {
  it('gives back what was saved, with when', async () => {
    const kind = scanSessionDraft({ lotId: LOT_A });
    await saveDraft(db, kind, { serials: ['U001', 'U002'] }, new Date('2026-03-12T14:02:00Z'));
    expect(await loadDraft(db, kind)).toEqual({ value: { serials: ['U001', 'U002'] }, savedAt: '2026-03-12T14:02:00.000Z' });
    expect(await readDraft(db, kind)).toEqual(await loadDraft(db, kind));
    // Another lot's session has its own draft.
    expect(await loadDraft(db, scanSessionDraft({ lotId: LOT_B }))).toBeNull();
  });

  it('replaces the draft on each save and removes it on discard', async () => {
    await saveDraft(db, SHIPMENT_DRAFT, { serials: ['A1'], reference: '' });
    await saveDraft(db, SHIPMENT_DRAFT, { serials: ['A1', 'B2'], reference: 'BOL 7' });
    expect((await loadDraft(db, SHIPMENT_DRAFT))?.value).toEqual({ serials: ['A1', 'B2'], reference: 'BOL 7' });
    expect(await db.drafts.count()).toBe(1);
    await discardDraft(db, SHIPMENT_DRAFT);
    expect(await loadDraft(db, SHIPMENT_DRAFT)).toBeNull();
    // Discarding what is not there is fine.
    await discardDraft(db, SHIPMENT_DRAFT);
  });

  it('refuses to save a value it would not give back (a bug, not data)', async () => {
    await expect(saveDraft(db, SHIPMENT_DRAFT, { serials: ['a1'], reference: '' })).rejects.toThrow('Invalid draft for "shipment"');
    expect(await db.drafts.count()).toBe(0);
  });

  const malformed: [string, unknown, unknown][] = [
    ['not an object', 'U001', '2026-03-12T14:02:00.000Z'],
    ['no serials', {}, '2026-03-12T14:02:00.000Z'],
    ['serials not a list', { serials: 'U001' }, '2026-03-12T14:02:00.000Z'],
    ['a serial not a string', { serials: ['U001', 2] }, '2026-03-12T14:02:00.000Z'],
    ['an empty serial', { serials: [''] }, '2026-03-12T14:02:00.000Z'],
    ['a serial not canonical', { serials: ['u001'] }, '2026-03-12T14:02:00.000Z'],
    ['a serial twice', { serials: ['U001', 'U001'] }, '2026-03-12T14:02:00.000Z'],
    ['no savedAt', { serials: ['U001'] }, undefined],
    ['a savedAt that is no time', { serials: ['U001'] }, 'yesterday-ish'],
  ];
  it.each(malformed)('ignores and deletes a malformed draft: %s', async (_, value, savedAt) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const kind = scanSessionDraft({ lotId: LOT_A });
    await db.drafts.put({ key: kind.key, value, savedAt } as never);
    // Read-only look (as useLiveQuery does): none, and left alone.
    expect(await readDraft(db, kind)).toBeNull();
    expect(await db.drafts.count()).toBe(1);
    expect(await loadDraft(db, kind)).toBeNull();
    expect(await db.drafts.get(kind.key)).toBeUndefined();
    expect(warn).toHaveBeenCalledOnce();
  });

  it('checks a shipment draft’s reference too', async () => {
    await db.drafts.put({ key: 'shipment', value: { serials: ['A1'], reference: 7 }, savedAt: '2026-03-12T14:02:00.000Z' });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await loadDraft(db, SHIPMENT_DRAFT)).toBeNull();
    expect(await db.drafts.count()).toBe(0);
  });

  it('tells the two kinds apart', () => {
    expect(isScanSessionDraft({ serials: ['U1'] })).toBe(true);
    expect(isShipmentDraft({ serials: ['U1'] })).toBe(false);
    expect(isShipmentDraft({ serials: [], reference: '' })).toBe(true);
    expect(isScanSessionDraft(null)).toBe(false);
    expect(isScanSessionDraft([['U1']])).toBe(false);
  });

  it('checks a move draft’s serials and place', async () => {
    expect(isMoveUnitsDraft({ serials: ['U1', 'U2'], room: 'Cage 4', rack: '' })).toBe(true);
    expect(isMoveUnitsDraft({ serials: ['U1'] })).toBe(false);
    expect(isMoveUnitsDraft({ serials: ['U1', 'U1'], room: '', rack: '' })).toBe(false);
    expect(isMoveUnitsDraft({ serials: ['u1'], room: '', rack: '' })).toBe(false);
    const kind = moveUnitsDraft(LOT_A);
    await saveDraft(db, kind, { serials: ['U2', 'U1'], room: 'Cage 4', rack: 'R09' }, new Date('2026-03-12T14:02:00.000Z'));
    expect(await loadDraft(db, kind)).toEqual({ value: { serials: ['U2', 'U1'], room: 'Cage 4', rack: 'R09' }, savedAt: '2026-03-12T14:02:00.000Z' });
    // Another lot's move is its own draft.
    expect(await loadDraft(db, moveUnitsDraft(LOT_B))).toBeNull();
  });
});

describe('draftWriter', () => {
  it('returns at once, writes in order, and keeps only the latest value asked for meanwhile', async () => {
    const kind = scanSessionDraft({ lotId: LOT_A });
    const puts = vi.spyOn(db.drafts, 'put');
    const writer = draftWriter(db, kind);
    const serials: string[] = [];
    for (let i = 1; i <= 50; i++) {
      serials.push(`U${String(i).padStart(3, '0')}`);
      writer.save({ serials: [...serials] });
    }
    await writer.settled();
    expect((await loadDraft(db, kind))?.value.serials).toHaveLength(50);
    // The first scan's put, then the latest of the 49 asked for while it ran.
    expect(puts).toHaveBeenCalledTimes(2);
    expect(writer.error()).toBeNull();
  });

  it('lets the last word stand: a discard after saves leaves no draft', async () => {
    const writer = draftWriter(db, SHIPMENT_DRAFT);
    writer.save({ serials: ['A1'], reference: '' });
    writer.save({ serials: ['A1', 'B2'], reference: '' });
    writer.discard();
    await writer.settled();
    expect(await db.drafts.count()).toBe(0);
    writer.save({ serials: ['C3'], reference: '' });
    await writer.settled();
    expect((await loadDraft(db, SHIPMENT_DRAFT))?.value.serials).toEqual(['C3']);
  });

  it('keeps a failed write as its error, tells subscribers, and clears it when a write succeeds', async () => {
    const writer = draftWriter(db, SHIPMENT_DRAFT);
    const told = vi.fn();
    const unsubscribe = writer.subscribe(told);
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    vi.spyOn(db.drafts, 'put').mockRejectedValueOnce(full);
    writer.save({ serials: ['A1'], reference: '' });
    await writer.settled();
    expect(writer.error()).toBe(full);
    expect(told).toHaveBeenCalledTimes(1);

    writer.save({ serials: ['A1', 'B2'], reference: '' });
    await writer.settled();
    expect(writer.error()).toBeNull();
    expect(told).toHaveBeenCalledTimes(2);
    expect((await loadDraft(db, SHIPMENT_DRAFT))?.value.serials).toEqual(['A1', 'B2']);

    unsubscribe();
    vi.spyOn(db.drafts, 'delete').mockRejectedValueOnce(new Error('disk gone'));
    writer.discard();
    await writer.settled();
    expect(writer.error()).toEqual(new Error('disk gone'));
    expect(told).toHaveBeenCalledTimes(2);
  });
});
