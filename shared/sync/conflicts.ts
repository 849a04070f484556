/**
 * Conflicts a team's ledger can hold after devices merged changes they made apart (issue 10,
 * LEDGER.md §4), in words. Shown to people, never resolved silently. For now: a lot code or a
 * site code created on two devices before they saw each other's (one device alone cannot do
 * it: its commands refuse a code that is taken). Crossing moves and edits of one field fold to
 * the later change by the clock, with both in the history.
 */
export interface CodeConflict {
  kind: 'lot-code' | 'site-code';
  code: string;
  ids: string[];
  message: string;
}

function duplicates(records: readonly { id: string; code: string }[]): Map<string, string[]> {
  const byCode = new Map<string, string[]>();
  for (const r of records) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r.id]);
  for (const [code, ids] of byCode) if (ids.length < 2) byCode.delete(code);
  return byCode;
}

export function codeConflicts(lots: readonly { id: string; code: string }[], sites: readonly { id: string; code: string }[]): CodeConflict[] {
  const out: CodeConflict[] = [];
  for (const [code, ids] of [...duplicates(lots)].sort(([a], [b]) => a.localeCompare(b))) {
    out.push({ kind: 'lot-code', code, ids: [...ids].sort(), message: `Lot code ${code} is used by ${ids.length} lots, created on different devices before they synced. Rename all but one (Edit lot).` });
  }
  for (const [code, ids] of [...duplicates(sites)].sort(([a], [b]) => a.localeCompare(b))) {
    out.push({ kind: 'site-code', code, ids: [...ids].sort(), message: `Site code ${code} is used by ${ids.length} sites, created on different devices before they synced. Rename all but one (Sites).` });
  }
  return out;
}
