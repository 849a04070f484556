import { describe, expect, it } from 'vitest';
import { createScanSession, scanMany } from '../../../shared/scanSession';
import type { LotEvent } from '../../../shared/events';
import { bareUnit, serialFormat, unitHistory, type SanitisationRecord } from '../../../shared/units';
import {
  blankSanitisation,
  draftSavedText,
  labelCode,
  looksLikeCode,
  nameUnit,
  namedAgain,
  pages,
  receivedText,
  sanitisationState,
  sanitisationText,
  selectedText,
  selectShown,
  serialsText,
  trackedSummary,
  unitHistoryLines,
  unitLocation,
} from '../../../renderer/features/units/unitView';
import { DEFAULT_LABEL_LAYOUT, LABEL_LAYOUTS, labelLayout, labelsPerSheet, layoutFits } from '../../../renderer/features/units/labelLayouts';

const record: SanitisationRecord = { ...blankSanitisation('2026-11-02', 'Ada'), tool: 'nvme-cli', toolVersion: '2.8' };

describe('unitLocation', () => {
  const codes = new Map([['site-1', 'FRA1'], ['site-2', 'AMS2']]);
  const code = (id: string) => codes.get(id);
  it('falls back to the lot’s site and lists room, rack and U', () => {
    expect(unitLocation({ siteId: null, room: '2', rack: 'B07', u: 12 }, 'site-1', code)).toBe('FRA1 · Room 2 · Rack B07 · U12');
  });
  it('prefers the unit’s own site', () => {
    expect(unitLocation({ siteId: 'site-2', room: '', rack: '', u: null }, 'site-1', code)).toBe('AMS2');
  });
  it('says so when nothing is known', () => {
    expect(unitLocation({ siteId: null, room: '', rack: '', u: null }, null, code)).toBe('—');
  });
});

describe('sanitisation state and text', () => {
  it('distinguishes none, verified and failed', () => {
    expect(sanitisationState({ sanitisation: null })).toBe('none');
    expect(sanitisationState({ sanitisation: record })).toBe('verified');
    expect(sanitisationState({ sanitisation: { ...record, verificationResult: 'failed' } })).toBe('failed');
  });
  it('reads as method, technique and date', () => {
    expect(sanitisationText({ sanitisation: null })).toBe('Not recorded');
    expect(sanitisationText({ sanitisation: record })).toBe('Purge (cryptographic erase) · 2026-11-02');
    expect(sanitisationText({ sanitisation: { ...record, verificationResult: 'failed' } })).toMatch(/^Verification failed: /u);
  });
});

describe('trackedSummary', () => {
  it('covers count-only, partly and fully tracked lots', () => {
    expect(trackedSummary(0, 512)).toBe('Tracked by count only (512)');
    expect(trackedSummary(300, 512)).toBe('300 of 512 tracked (212 by count only)');
    expect(trackedSummary(1200, 1200)).toBe('1,200 of 1,200 tracked');
  });
});

describe('pages', () => {
  it('splits into label sheets of 21', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(pages(items, labelsPerSheet(DEFAULT_LABEL_LAYOUT)).map((p) => p.length)).toEqual([21, 21, 8]);
    expect(pages([], 21)).toEqual([]);
    expect(() => pages(items, 0)).toThrow(RangeError);
  });
});

describe('labelCode', () => {
  it('encodes the asset tag when there is one, else the serial', () => {
    expect(labelCode({ serial: 'SN1', assetTag: 'IT-0042' })).toBe('IT-0042');
    expect(labelCode({ serial: 'SN1', assetTag: '' })).toBe('SN1');
  });
});

describe('nameUnit', () => {
  const units = [{ ...bareUnit('M0001'), assetTag: 'TAG-1' }, bareUnit('M0002')];
  it('adds a unit of the lot by serial or asset tag, in canonical form', () => {
    expect(nameUnit([], ' m0002\r', units, 'LOT-1')).toEqual({ ok: true, value: ['M0002'] });
    expect(nameUnit(['M0002'], 'tag-1', units, 'LOT-1')).toEqual({ ok: true, value: ['M0002', 'M0001'] });
  });
  it('refuses strangers, repeats and empty scans with a reason', () => {
    expect(nameUnit([], 'X999', units, 'LOT-1')).toEqual({ ok: false, error: 'X999 is not a unit of LOT-1.' });
    expect(nameUnit(['M0001'], 'M0001', units, 'LOT-1')).toEqual({ ok: false, error: 'M0001 is already named.' });
    expect(nameUnit([], '\t', units, 'LOT-1').ok).toBe(false);
  });
});

describe('looksLikeCode', () => {
  it('accepts serial- and tag-like text, not words with spaces', () => {
    expect(looksLikeCode('S3Z1NX0T123456')).toBe(true);
    expect(looksLikeCode(' it-0042 ')).toBe(true);
    expect(looksLikeCode('new lot')).toBe(false);
    // Asset tags may be as short as one character: those are looked up too.
    expect(looksLikeCode('42')).toBe(true);
    expect(looksLikeCode('7')).toBe(true);
    expect(looksLikeCode('')).toBe(false);
    expect(looksLikeCode('-42')).toBe(false);
  });
});

describe('blankSanitisation', () => {
  it('starts from today and the current user, verified in full', () => {
    expect(blankSanitisation('2026-11-29', 'Ada')).toMatchObject({ performedAt: '2026-11-29', performedBy: 'Ada', verificationMethod: 'full', verificationResult: 'passed' });
  });
});

describe('label sheet layouts', () => {
  it('every layout fits its paper, QR code inside the label, ids unique', () => {
    expect(new Set(LABEL_LAYOUTS.map((l) => l.id)).size).toBe(LABEL_LAYOUTS.length);
    for (const layout of LABEL_LAYOUTS) expect(layoutFits(layout), layout.id).toBe(true);
  });

  it('catches a layout that would run off the page', () => {
    expect(layoutFits({ ...DEFAULT_LABEL_LAYOUT, rows: 8 })).toBe(false);
    expect(layoutFits({ ...DEFAULT_LABEL_LAYOUT, qrMm: 40 })).toBe(false);
  });

  it('counts labels per sheet and falls back to the default for an unknown id', () => {
    expect(labelsPerSheet(labelLayout('avery-l7160'))).toBe(21);
    expect(labelsPerSheet(labelLayout('avery-5160'))).toBe(30);
    expect(labelsPerSheet(labelLayout('avery-l7651'))).toBe(65);
    expect(labelLayout('no-such-sheet')).toBe(DEFAULT_LABEL_LAYOUT);
  });
});

describe('draftSavedText / serialsText', () => {
  // Built from local date parts, so the test reads the same in any time zone.
  const saved = new Date(2026, 2, 12, 14, 2, 30).toISOString();
  it('gives the local time of a draft saved today, and the date too otherwise', () => {
    expect(draftSavedText(saved, new Date(2026, 2, 12, 18, 0))).toBe('at 14:02');
    expect(draftSavedText(saved, new Date(2026, 2, 13, 8, 30))).toBe('on 2026-03-12 at 14:02');
    expect(draftSavedText(new Date(2026, 0, 5, 9, 7).toISOString(), new Date(2026, 0, 5, 9, 8))).toBe('at 09:07');
  });
  it('counts serials', () => {
    expect(serialsText(1)).toBe('1 serial');
    expect(serialsText(37)).toBe('37 serials');
    expect(serialsText(1024)).toBe('1,024 serials');
  });
});

describe('namedAgain', () => {
  const units = [{ ...bareUnit('S1'), assetTag: 'AT-1' }, { ...bareUnit('S2'), assetTag: 'S9' }, bareUnit('S3')];
  it('names a move draft’s serials again in their order, leaving out those no longer in the lot', () => {
    expect(namedAgain(['S3', 'S1', 'GONE', 'S1'], units)).toEqual({ named: ['S3', 'S1'], left: ['GONE'] });
  });
  it('matches serials only: a unit whose asset tag equals a serial that left is not named in its place', () => {
    expect(namedAgain(['S9'], units)).toEqual({ named: [], left: ['S9'] });
  });
});

describe('receivedText (the toast of a committed scan session)', () => {
  it('says what is still expected for the whole PO, lots that got no scan included', () => {
    const drives = serialFormat('^S3Z[0-9A-Z]{5}$');
    if (!drives.ok) throw new Error('pattern');
    const session = createScanSession({
      targets: [
        { lotId: 'a', lotCode: 'DRV-1', remaining: 2, format: drives.value },
        { lotId: 'b', lotCode: 'SRV-1', remaining: 3 },
      ],
      knownSerials: () => null,
    });
    // Today's pallet holds only the drives: SRV-1's three servers are still to come.
    const s = scanMany(session, 'S3Z0000A\nS3Z0000B').session;
    expect(receivedText(s, 2, 'PO-77')).toBe('Received 2 units into DRV-1; 3 still expected for PO PO-77');
    const both = scanMany(s, 'SRV00001').session;
    expect(receivedText(both, 3, 'PO-77')).toBe('Received 3 units into 2 lots of PO PO-77; 2 still expected for PO PO-77');
  });

  it('for one lot: one unit, and nothing still expected once the lot is full', () => {
    const session = createScanSession({ targets: [{ lotId: 'a', lotCode: 'GPU-1', remaining: 2 }], knownSerials: () => null });
    expect(receivedText(scanMany(session, 'SN0001').session, 1)).toBe('Received 1 unit into GPU-1; 1 still expected');
    expect(receivedText(scanMany(session, 'SN0001\nSN0002').session, 2)).toBe('Received 2 units into GPU-1');
  });
});

describe('selectShown', () => {
  it('adds or takes out only the units shown, keeping those selected under another filter', () => {
    const earlier = new Set(['A1', 'A2']);
    expect([...selectShown(earlier, ['B1', 'B2'], true)].sort()).toEqual(['A1', 'A2', 'B1', 'B2']);
    expect([...selectShown(new Set(['A1', 'A2', 'B1', 'B2']), ['B1', 'B2'], false)].sort()).toEqual(['A1', 'A2']);
    expect([...selectShown(earlier, [], false)].sort()).toEqual(['A1', 'A2']);
  });
  it('says how many of the selected units the filter hides', () => {
    expect(selectedText(0, 0)).toBe('0 selected');
    expect(selectedText(4, 0)).toBe('4 selected');
    expect(selectedText(1200, 1000)).toBe('1,200 selected, 1,000 of them not shown by the filter');
  });
});

describe('unitHistoryLines: a unit’s history dates a corrected move as the lot’s history does', () => {
  const base: Omit<LotEvent, 'type'> = { id: '', hlc: '', entity: 'lot', lotId: 'lot-1', seq: 0, at: '', date: null, actor: 'Ada', from: null, to: null, quantity: null, before: null, after: {}, relatedLotId: null, note: '' };
  const ev = (seq: number, fields: Partial<LotEvent> & Pick<LotEvent, 'type'>): LotEvent => ({ ...base, id: `e${seq}`, seq, at: `2026-0${seq}-01T09:00:00.000Z`, ...fields });
  it('shows the corrected date of a move, with the one first recorded, and says what the correction did', () => {
    const events = [
      ev(1, { type: 'imported', to: 'received', quantity: 1 }),
      { ...ev(2, { type: 'units-received', quantity: 1 }), serials: ['SN-1'] },
      // In service on 2026-03-01, typed 2026-01-03, then corrected (shared/lotChanges.ts correctMoveDate).
      ev(3, { type: 'transitioned', from: 'received', to: 'in-service', date: '2026-01-03', quantity: 1, after: { status: 'in-service', inServiceDate: '2026-01-03' } }),
      ev(4, { type: 'edited', from: 'received', to: 'in-service', date: '2026-03-01', before: { inServiceDate: '2026-01-03' }, after: { inServiceDate: '2026-03-01' } }),
    ];
    const lines = unitHistoryLines(unitHistory('SN-1', [{ lotId: 'lot-1', events }]));
    expect(lines.map((l) => `${l.what}${l.effective}`)).toEqual([
      'Date of the move to In service corrected from 2026-01-03 to 2026-03-01 · effective 2026-03-01',
      'Received → In service · effective 2026-03-01 (first recorded as 2026-01-03, corrected)',
      'Received',
      'Lot imported',
    ]);
  });
});
