// @vitest-environment jsdom
/**
 * The lot form's and the Settings templates' useful life is typed in years. Above the longest life
 * the engine takes (100 years), the form took it and the lot was refused with the engine's words in
 * months ("Book depreciation: lifeMonths: must be a whole number of months from 1 to 1200 (got
 * 1212)"), a field and a unit the person never typed. The field now says it in years, and the
 * policy keeps its last good life, so a save waits for the fix.
 */
import { afterEach, expect, it } from 'vitest';
import type { PolicyTemplate } from '../../../shared/depreciation/policies';
import { PolicyFields } from '../../../renderer/features/lots/PolicyFields';
import { render, typeInto, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

async function typeLife(years: string): Promise<{ text: string; problems: (string | null)[]; changes: PolicyTemplate[] }> {
  const problems: (string | null)[] = [];
  const changes: PolicyTemplate[] = [];
  const value: PolicyTemplate = { policy: { method: 'straight-line', lifeMonths: 60, convention: 'full-month' }, salvage: { kind: 'lot' } };
  shown = await render(<PolicyFields legend="Book depreciation" value={value} onChange={(v) => { changes.push(v); }} onProblem={(p) => { problems.push(p); }} />);
  const label = [...shown.container.querySelectorAll('label')].find((l) => l.textContent === 'Useful life (years)');
  const input = label ? document.getElementById(label.htmlFor) : null;
  if (!input) throw new Error('no life field');
  await typeInto(input, years);
  return { text: shown.text(), problems, changes };
}

it('a life over 100 years is refused in years, the unit typed, and not passed on', async () => {
  const r = await typeLife('101');
  expect(r.text).toContain('Useful life: at most 100 years (got 101).');
  expect(r.problems.at(-1)).toBe('Useful life: at most 100 years (got 101).');
  expect(r.changes).toEqual([]);
});

it('100 years is taken', async () => {
  const r = await typeLife('100');
  expect(r.problems.at(-1)).toBeNull();
  expect(r.changes.map((c) => c.policy)).toEqual([{ method: 'straight-line', lifeMonths: 1200, convention: 'full-month' }]);
});
