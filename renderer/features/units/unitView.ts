/**
 * Pure helpers of the Units tab, the scan session and the printable views: how a unit's place
 * and sanitisation read, how many units a lot tracks, label-sheet pagination, a blank
 * sanitisation form. No React, no database: unit-tested in test/renderer/features/unitView.test.ts.
 */
import type { IsoDate } from '../../../shared/dates';
import type { ScanOutcomeKind } from '../../../shared/scanSession';
import { err, ok, type Result } from '../../../shared/result';
import { isVerifiedSanitised, normaliseCode, type SanitisationRecord, type Unit } from '../../../shared/units';

/** "FRA1 · Room 2 · Rack B07 · U12"; the lot's site when the unit has none of its own; '—' when nothing is known. */
export function unitLocation(unit: Pick<Unit, 'siteId' | 'room' | 'rack' | 'u'>, lotSiteId: string | null, siteCode: (id: string) => string | undefined): string {
  const siteId = unit.siteId ?? lotSiteId;
  const parts: string[] = [];
  if (siteId) parts.push(siteCode(siteId) ?? '?');
  if (unit.room) parts.push(`Room ${unit.room}`);
  if (unit.rack) parts.push(`Rack ${unit.rack}`);
  if (unit.u !== null) parts.push(`U${unit.u}`);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

export type SanitisationState = 'none' | 'verified' | 'failed';

export function sanitisationState(unit: Pick<Unit, 'sanitisation'>): SanitisationState {
  if (unit.sanitisation === null) return 'none';
  return isVerifiedSanitised(unit) ? 'verified' : 'failed';
}

/** "Purge (cryptographic erase) · 2026-11-02", "Not recorded", "Failed verification …". */
export function sanitisationText(unit: Pick<Unit, 'sanitisation'>): string {
  const r = unit.sanitisation;
  if (r === null) return 'Not recorded';
  const what = `${r.method.charAt(0).toUpperCase()}${r.method.slice(1)} (${r.technique}) · ${r.performedAt}`;
  return r.verificationResult === 'passed' ? what : `Verification failed: ${what}`;
}

/** "512 of 512 tracked", "300 of 512 tracked (212 by count only)", "Tracked by count only (512)". */
export function trackedSummary(tracked: number, quantity: number): string {
  if (tracked === 0) return `Tracked by count only (${quantity.toLocaleString('en-US')})`;
  const base = `${tracked.toLocaleString('en-US')} of ${quantity.toLocaleString('en-US')} tracked`;
  return tracked < quantity ? `${base} (${(quantity - tracked).toLocaleString('en-US')} by count only)` : base;
}

/** Splits a list into pages (label sheets of 21, certificate pages…). */
export function pages<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new RangeError('A page holds at least one item.');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Avery L7160-like: 3 × 7 labels of 63.5 × 38.1 mm on A4. */
export const LABELS_PER_SHEET = 21;

/** What a label's QR code encodes: the asset tag when there is one (the organisation's own label), else the serial. Both are found by scan-to-find. */
export function labelCode(unit: Pick<Unit, 'serial' | 'assetTag'>): string {
  return unit.assetTag !== '' ? unit.assetTag : unit.serial;
}

/** A blank sanitisation form: today, the current user, a purge by cryptographic erase verified in full. */
export function blankSanitisation(today: IsoDate, performedBy: string): SanitisationRecord {
  return {
    method: 'purge',
    technique: 'cryptographic erase',
    tool: '',
    toolVersion: '',
    verificationMethod: 'full',
    verificationResult: 'passed',
    performedBy,
    verifiedBy: '',
    performedAt: today,
    mediaSerial: '',
    note: '',
  };
}

/** Short labels for a scan outcome in the session log. */
export const SCAN_OUTCOME_LABELS: Readonly<Record<ScanOutcomeKind, string>> = {
  accepted: 'Accepted',
  duplicate: 'Duplicate in this session',
  'in-fleet': 'Already in the fleet',
  'bad-format': 'Unknown format',
  'over-quantity': 'Over the lot’s quantity',
  empty: 'Empty',
};

/** Whether typed text looks like a serial or asset tag worth a unit look-up (palette scan-to-find). */
export function looksLikeCode(text: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9\-_./]{2,39}$/u.test(text.trim());
}

/**
 * Adds a scanned serial or asset tag to the units named for a move: it must be a unit of the
 * lot and not named already. Returns the new list (serials, canonical) or why not.
 */
export function nameUnit(named: readonly string[], raw: string, units: readonly Pick<Unit, 'serial' | 'assetTag'>[], lotCode: string): Result<string[]> {
  const code = normaliseCode(raw);
  if (code === '') return err('Nothing was scanned.');
  const unit = units.find((u) => u.serial === code) ?? units.find((u) => u.assetTag !== '' && u.assetTag === code);
  if (!unit) return err(`${code} is not a unit of ${lotCode}.`);
  if (named.includes(unit.serial)) return err(`${unit.serial} is already named.`);
  return ok([...named, unit.serial]);
}
