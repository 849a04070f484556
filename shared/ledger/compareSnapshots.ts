/**
 * What differs between two snapshots of the ledger, in words: *Verify ledger* (tables against
 * the events), a restore (the events of a backup against its snapshot), and tests.
 */
import { canonicalJson, sameJsonValue } from './canonicalJson';
import type { LedgerSnapshot } from './fold';

/** Which part of the ledger a difference is in. */
export type SnapshotPart = 'Lot' | 'Model' | 'Site' | 'Supplier' | 'Market price' | 'Unit' | 'Team settings';

export interface SnapshotDifference {
  part: SnapshotPart;
  /** E.g. "lot GPU-2024-001", "unit S1234", "team setting baseCurrency". */
  what: string;
  /** One sentence. */
  message: string;
}

type Keyed = { readonly key: string; readonly label: string; readonly value: Readonly<Record<string, unknown>> };

function fieldsDiffer(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const k in a) if (Object.hasOwn(a, k) && !sameJsonValue(a[k], b[k])) out.push(k);
  for (const k in b) if (Object.hasOwn(b, k) && !Object.hasOwn(a, k) && !sameJsonValue(undefined, b[k])) out.push(k);
  return out.sort();
}

function show(v: unknown): string {
  const text = v === undefined ? 'absent' : canonicalJson(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function compareKind(kind: SnapshotPart, expected: readonly Keyed[], actual: readonly Keyed[], expectedName: string, actualName: string, out: SnapshotDifference[]): void {
  const want = new Map(expected.map((r) => [r.key, r]));
  const have = new Map(actual.map((r) => [r.key, r]));
  for (const [key, e] of want) {
    const a = have.get(key);
    if (a === undefined) {
      out.push({ part: kind, what: `${kind} ${e.label}`, message: `${kind} ${e.label} is in the ${expectedName} but missing from the ${actualName}.` });
      continue;
    }
    const fields = fieldsDiffer(e.value, a.value);
    for (const f of fields) {
      out.push({
        part: kind,
        what: `${kind} ${e.label}`,
        message: `${kind} ${e.label}: ${f} is ${show(a.value[f])} in the ${actualName} but ${show(e.value[f])} in the ${expectedName}.`,
      });
    }
  }
  for (const [key, a] of have) {
    if (!want.has(key)) out.push({ part: kind, what: `${kind} ${a.label}`, message: `${kind} ${a.label} is in the ${actualName} but not in the ${expectedName}.` });
  }
}

/**
 * Every difference between `expected` (e.g. folded from the events) and `actual` (e.g. the
 * tables), named as `expectedName` / `actualName` say. Empty when they are equal.
 */
export function compareSnapshots(expected: LedgerSnapshot, actual: LedgerSnapshot, expectedName = 'events', actualName = 'tables'): SnapshotDifference[] {
  const out: SnapshotDifference[] = [];
  const rec = (r: object): Readonly<Record<string, unknown>> => r as Readonly<Record<string, unknown>>;
  compareKind('Lot', expected.lots.map((l) => ({ key: l.id, label: l.code, value: rec(l) })), actual.lots.map((l) => ({ key: l.id, label: l.code, value: rec(l) })), expectedName, actualName, out);
  const modelLabel = (m: LedgerSnapshot['models'][number]) => `${m.manufacturer} ${m.name}`;
  compareKind('Model', expected.models.map((m) => ({ key: m.id, label: modelLabel(m), value: rec(m) })), actual.models.map((m) => ({ key: m.id, label: modelLabel(m), value: rec(m) })), expectedName, actualName, out);
  compareKind('Site', expected.sites.map((s) => ({ key: s.id, label: s.code, value: rec(s) })), actual.sites.map((s) => ({ key: s.id, label: s.code, value: rec(s) })), expectedName, actualName, out);
  compareKind('Supplier', expected.suppliers.map((s) => ({ key: s.id, label: s.name, value: rec(s) })), actual.suppliers.map((s) => ({ key: s.id, label: s.name, value: rec(s) })), expectedName, actualName, out);
  const obsLabel = (o: LedgerSnapshot['observations'][number]) => `${o.date} ${o.source} (${o.id.slice(0, 8)})`;
  compareKind('Market price', expected.observations.map((o) => ({ key: o.id, label: obsLabel(o), value: rec(o) })), actual.observations.map((o) => ({ key: o.id, label: obsLabel(o), value: rec(o) })), expectedName, actualName, out);
  compareKind('Unit', expected.units.map((u) => ({ key: u.serial, label: u.serial, value: rec(u) })), actual.units.map((u) => ({ key: u.serial, label: u.serial, value: rec(u) })), expectedName, actualName, out);
  compareKind('Team settings', [{ key: 's', label: '', value: rec(expected.settings) }], [{ key: 's', label: '', value: rec(actual.settings) }], expectedName, actualName, out);
  return out.map((d) => ({ ...d, what: d.what.trim(), message: d.message.replace('Team settings :', 'Team settings:') }));
}
