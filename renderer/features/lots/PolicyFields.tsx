import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  CONVENTIONS,
  CONVENTION_LABELS,
  DEPRECIATION_METHODS,
  DEPRECIATION_METHOD_LABELS,
  MACRS_RECOVERY_YEARS,
  MAX_LIFE_MONTHS,
  type Convention,
  type DepreciationMethod,
  type DepreciationPolicy,
  type MacrsRecoveryYears,
  type MonthlyUsage,
} from '../../../shared/depreciation';
import { FIRST_YEAR, LAST_YEAR } from '../../../shared/dates';
import { isYearMonth } from '../../../shared/depreciation/fiscal-calendar';
import type { PolicyTemplate, SalvageRule } from '../../../shared/depreciation/policies';
import { Field, FieldError, FieldErrorAnnouncement } from '../../components/Field';

/** "5 y, straight-line, full month, 10 % salvage": a template in one line. */
export function describeTemplate(t: PolicyTemplate): string {
  const p = t.policy;
  const life = 'lifeMonths' in p ? `${formatYears(p.lifeMonths)} y` : '';
  const salvage = t.salvage.kind === 'percent-of-cost' ? `${t.salvage.basisPoints / 100} % salvage` : t.salvage.kind === 'lot' ? 'lot salvage' : 'no salvage';
  switch (p.method) {
    case 'macrs':
      return `MACRS ${p.recoveryYears}-year, ${CONVENTION_LABELS[p.convention].toLowerCase()}`;
    case 'none':
      return 'Not depreciated';
    case 'declining-balance':
      return `${life} declining balance ×${p.factor}${p.switchToStraightLine ? ' (switch to SL)' : ''}, ${CONVENTION_LABELS[p.convention].toLowerCase()}, ${salvage}`;
    case 'units-of-production':
      return `${life} units of production (${p.totalUnits} units), ${salvage}`;
    default:
      return `${life} ${DEPRECIATION_METHOD_LABELS[p.method].toLowerCase()}, ${CONVENTION_LABELS[p.convention].toLowerCase()}, ${salvage}`;
  }
}

/** Months as years for a policy line: 60 → "5", 54 → "4.5", 55 → "4.58". */
export function formatYears(months: number): string {
  return Number.isInteger(months / 12) ? String(months / 12) : (months / 12).toFixed(2).replace(/0+$/u, '');
}

/** A policy of `method` keeping what carries over from `from` (life, convention). */
export function policyWithMethod(from: DepreciationPolicy, method: DepreciationMethod): DepreciationPolicy {
  const lifeMonths = 'lifeMonths' in from ? from.lifeMonths : 60;
  const convention: Convention = 'convention' in from ? from.convention : 'full-month';
  switch (method) {
    case 'straight-line':
    case 'sum-of-years-digits':
    case 'fixed-declining':
      return { method, lifeMonths, convention };
    case 'declining-balance':
      return { method, lifeMonths, convention, factor: 2, switchToStraightLine: true };
    case 'macrs':
      return { method, recoveryYears: 5, convention: convention === 'mid-quarter' ? 'mid-quarter' : 'half-year' };
    case 'units-of-production':
      return { method, lifeMonths, totalUnits: 1000, usage: [] };
    case 'none':
      return { method };
    default: {
      const never: never = method;
      return never;
    }
  }
}

interface Props {
  legend: string;
  value: PolicyTemplate;
  onChange: (value: PolicyTemplate) => void;
  error?: string | undefined;
  disabled?: boolean;
  /**
   * Told the first problem of the fields shown (null when there is none): a field it marks keeps
   * its last good value in `value`, so a save must wait until it is fixed rather than store that.
   */
  onProblem?: (problem: string | null) => void;
}

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/u;

type Book = 'book' | 'tax';

/**
 * The problems the book and tax PolicyFields of one form report (onProblem), as that form's
 * errors: a save is refused while either has one, as for any other field.
 */
export function usePolicyProblems(labels: Record<Book, string> = { book: 'Book depreciation', tax: 'Tax depreciation' }): {
  errors: Partial<Record<Book, string>>;
  report: (book: Book, problem: string | null) => void;
} {
  const [problems, setProblems] = useState<Record<Book, string | null>>({ book: null, tax: null });
  const report = useCallback((book: Book, problem: string | null) => setProblems((cur) => (cur[book] === problem ? cur : { ...cur, [book]: problem })), []);
  const { book, tax } = labels;
  const errors = useMemo(
    () => ({ ...(problems.book === null ? {} : { book: `${book}: ${problems.book}` }), ...(problems.tax === null ? {} : { tax: `${tax}: ${problems.tax}` }) }),
    [problems, book, tax],
  );
  return { errors, report };
}

/** Edits one book's policy: method, life, convention, factor, MACRS class, salvage rule. */
export function PolicyFields({ legend, value, onChange, error, disabled, onProblem }: Props) {
  const p = value.policy;
  const [lifeText, setLifeText] = useState('lifeMonths' in p ? formatYears(p.lifeMonths) : '5');
  const [salvageText, setSalvageText] = useState(value.salvage.kind === 'percent-of-cost' ? String(value.salvage.basisPoints / 100) : '10');
  const [lifeError, setLifeError] = useState<string | null>(null);
  const [factorError, setFactorError] = useState<string | null>(null);
  const [unitsError, setUnitsError] = useState<string | null>(null);
  const [usageError, setUsageError] = useState<string | null>(null);
  const [salvageError, setSalvageError] = useState<string | null>(null);
  // When the policy changes from outside (a template applied), show its life, unless the text
  // already says it (the person is typing it).
  const lifeMonths = 'lifeMonths' in p ? p.lifeMonths : null;
  const [shownLife, setShownLife] = useState(lifeMonths);
  if (lifeMonths !== shownLife) {
    setShownLife(lifeMonths);
    if (lifeMonths !== null && Math.round(Number(lifeText) * 12) !== lifeMonths) {
      setLifeText(formatYears(lifeMonths));
      setLifeError(null);
    }
  }
  const setPolicy = (policy: DepreciationPolicy) => onChange({ ...value, policy });
  const setSalvage = (salvage: SalvageRule) => onChange({ ...value, salvage });
  // Only the fields shown count: a method or salvage rule chosen since hides the others' text.
  const salvageShown = p.method !== 'macrs' && p.method !== 'none' && value.salvage.kind === 'percent-of-cost';
  const problem =
    ('lifeMonths' in p ? lifeError : null) ??
    (p.method === 'declining-balance' ? factorError : null) ??
    (p.method === 'units-of-production' ? unitsError ?? usageError : null) ??
    (salvageShown ? salvageError : null);
  useEffect(() => onProblem?.(problem), [onProblem, problem]);

  const onLife = (text: string) => {
    setLifeText(text);
    const years = Number(text);
    const months = Math.round(years * 12);
    if (!/^\d+(\.\d+)?$/u.test(text.trim()) || months < 1 || Math.abs(years * 12 - months) > 1e-9) {
      setLifeError('Life in years, in whole months (e.g. 5 or 2.5).');
      return;
    }
    // The engine's limit is in months ("lifeMonths: … from 1 to 1200"); the person typed years.
    if (months > MAX_LIFE_MONTHS) {
      setLifeError(`Useful life: at most ${MAX_LIFE_MONTHS / 12} years (got ${text.trim()}).`);
      return;
    }
    setLifeError(null);
    if ('lifeMonths' in p) setPolicy({ ...p, lifeMonths: months });
  };

  return (
    <fieldset className="policy-fields" disabled={disabled}>
      <legend>{legend}</legend>
      <div className="form-grid">
        <Field label="Method">
          <select className="select" value={p.method} onChange={(e) => {
            const policy = policyWithMethod(p, e.target.value as DepreciationMethod);
            // MACRS always depreciates to zero.
            onChange({ policy, salvage: policy.method === 'macrs' ? { kind: 'zero' } : value.salvage });
          }}>
            {DEPRECIATION_METHODS.map((m) => (
              <option key={m} value={m}>{DEPRECIATION_METHOD_LABELS[m]}</option>
            ))}
          </select>
        </Field>
        {'lifeMonths' in p && (
          <Field label="Useful life (years)" error={lifeError ?? undefined}>
            <input className="input" inputMode="decimal" value={lifeText} onChange={(e) => onLife(e.target.value)} />
          </Field>
        )}
        {p.method === 'macrs' ? (
          <>
            <Field label="Recovery period">
              <select className="select" value={p.recoveryYears} onChange={(e) => setPolicy({ ...p, recoveryYears: Number(e.target.value) as MacrsRecoveryYears })}>
                {MACRS_RECOVERY_YEARS.map((y) => (
                  <option key={y} value={y}>{y}-year</option>
                ))}
              </select>
            </Field>
            <Field label="Convention">
              <select className="select" value={p.convention} onChange={(e) => setPolicy({ ...p, convention: e.target.value as 'half-year' | 'mid-quarter' })}>
                <option value="half-year">Half-year</option>
                <option value="mid-quarter">Mid-quarter</option>
              </select>
            </Field>
          </>
        ) : (
          'convention' in p && (
            <Field label="First-period convention">
              <select className="select" value={p.convention} onChange={(e) => setPolicy({ ...p, convention: e.target.value as Convention })}>
                {CONVENTIONS.map((c) => (
                  <option key={c} value={c}>{CONVENTION_LABELS[c]}</option>
                ))}
              </select>
            </Field>
          )
        )}
        {p.method === 'declining-balance' && (
          <>
            <Field label="Factor" hint="2 = double-declining, 1.5 = 150 %." error={factorError ?? undefined}>
              <input className="input" inputMode="decimal" defaultValue={String(p.factor)}
                onChange={(e) => {
                  const t = e.target.value.trim();
                  const f = Number(t);
                  if (!DECIMAL.test(t) || !(f > 0) || f > 100) return setFactorError('Factor: a number above 0 and at most 100, e.g. 2 or 1.5.');
                  setFactorError(null);
                  setPolicy({ ...p, factor: f });
                }} />
            </Field>
            <label className="field checkbox-field">
              <input type="checkbox" checked={p.switchToStraightLine} onChange={(e) => setPolicy({ ...p, switchToStraightLine: e.target.checked })} />
              Switch to straight-line when larger (VDB)
            </label>
          </>
        )}
        {p.method === 'units-of-production' && (
          <>
            <Field label="Total units of production" error={unitsError ?? undefined}>
              <input className="input" inputMode="numeric" defaultValue={String(p.totalUnits)}
                onChange={(e) => {
                  const t = e.target.value.trim();
                  const n = Number(t);
                  if (!/^\d+$/u.test(t) || !Number.isSafeInteger(n) || n < 1) return setUnitsError('Total units: a whole number above 0.');
                  setUnitsError(null);
                  setPolicy({ ...p, totalUnits: n });
                }} />
            </Field>
            <UsageField usage={p.usage} onChange={(usage) => setPolicy({ ...p, usage })} onProblem={setUsageError} />
          </>
        )}
        {p.method !== 'macrs' && p.method !== 'none' && (
          <>
            <Field label="Salvage">
              <select className="select" value={value.salvage.kind} onChange={(e) => {
                const kind = e.target.value as SalvageRule['kind'];
                setSalvage(kind === 'percent-of-cost' ? { kind, basisPoints: Math.round(Number(salvageText || '0') * 100) } : { kind });
              }}>
                <option value="lot">The lot’s salvage value</option>
                <option value="percent-of-cost">A share of cost</option>
                <option value="zero">None</option>
              </select>
            </Field>
            {value.salvage.kind === 'percent-of-cost' && (
              <Field label="Salvage (% of cost)" error={salvageError ?? undefined}>
                <input className="input" inputMode="decimal" value={salvageText} onChange={(e) => {
                  setSalvageText(e.target.value);
                  const pct = Number(e.target.value.trim());
                  if (!/^\d+(\.\d{1,2})?$/u.test(e.target.value.trim()) || pct > 100) return setSalvageError('Salvage: a percentage of cost from 0 to 100, at most two decimals.');
                  setSalvageError(null);
                  setSalvage({ kind: 'percent-of-cost', basisPoints: Math.round(pct * 100) });
                }} />
              </Field>
            )}
          </>
        )}
      </div>
      {error && problem === null && <FieldError>{error}</FieldError>}
    </fieldset>
  );
}

/** Parses "2026-01 1200" lines (month, units used) into monthly usage, or says which line is wrong. */
export function parseUsage(text: string): { usage: MonthlyUsage[] } | { error: string } {
  const usage: MonthlyUsage[] = [];
  const lines = text.split(/\r?\n/u);
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const m = /^(\d{4}-\d{2})[\s,;]+(\d+)$/u.exec(line);
    if (!m || !isYearMonth(m[1] ?? '')) return { error: `Line ${i + 1}: write a month and the units used, e.g. 2026-01 1200.` };
    // The years every typed date takes: 0226-01 for 2026-01 would be a month the schedule never reaches, its units dropped unsaid.
    const year = Number((m[1] ?? '').slice(0, 4));
    if (year < FIRST_YEAR || year > LAST_YEAR) return { error: `Line ${i + 1}: ${m[1]} is not a month from ${FIRST_YEAR} to ${LAST_YEAR}.` };
    if (usage.some((u) => u.month === m[1])) return { error: `Line ${i + 1}: ${m[1]} appears twice.` };
    usage.push({ month: m[1] ?? '', units: Number(m[2]) });
  }
  return { usage: usage.sort((a, b) => (a.month < b.month ? -1 : 1)) };
}

function UsageField({ usage, onChange, onProblem }: { usage: readonly MonthlyUsage[]; onChange: (usage: MonthlyUsage[]) => void; onProblem: (problem: string | null) => void }) {
  const [text, setText] = useState(usage.map((u) => `${u.month} ${u.units}`).join('\n'));
  const parsed = parseUsage(text);
  // Parsed at each keystroke, wherever a policy is edited (a save waits for it: onProblem): tied to
  // the field (read when the person reaches it), never a live region that interrupts the typing.
  return (
    <FieldErrorAnnouncement.Provider value={WHILE_TYPING}>
      <Field label="Usage per month" className="span-all" error={'error' in parsed ? parsed.error : undefined}
        hint="One line per month: the month and the units used, e.g. 2026-01 1200. Later months can be added as they are known.">
        <textarea className="textarea mono" value={text} onChange={(e) => {
          setText(e.target.value);
          const r = parseUsage(e.target.value);
          onProblem('error' in r ? `Usage per month: ${r.error}` : null);
          if ('usage' in r) onChange(r.usage);
        }} />
      </Field>
    </FieldErrorAnnouncement.Provider>
  );
}

const WHILE_TYPING = { announce: false, attempt: 0 };
