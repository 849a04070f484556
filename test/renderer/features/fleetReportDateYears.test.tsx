// @vitest-environment jsdom
/**
 * The depreciation report's From, To and As of take the years every typed date takes (1900–2199).
 * A year typed digit by digit passes through 0002, 0020 and 0202 (the date field's value at each
 * keystroke), and a report from 0002-01-01 laid out some 24,000 months as columns; 9999-12-31 (a "no
 * end") as many to the end. The report now says which date is wrong and lays nothing out.
 */
import { afterEach, expect, it } from 'vitest';
import type { Fleet } from '../../../renderer/db/queries';
import { FleetReport } from '../../../renderer/features/finance/FleetReport';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, typeInto, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

const fleet: Fleet = { lots: [makeLot({ id: 'a', code: 'A', inServiceDate: '2026-01-01' })], models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };

function input(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no #${id}`);
  return el;
}

const periodColumns = () => document.querySelectorAll('table[aria-label="Expense by period"] thead th').length;
const rangeAlert = () => document.getElementById('report-range-error')?.textContent ?? null;

it('a From or To outside 1900–2199 is named, and no period is laid out', async () => {
  shown = await render(<FleetReport fleet={fleet} />);
  await typeInto(input('report-from'), '0002-01-01');
  await typeInto(input('report-to'), '2026-12-31');
  expect(rangeAlert()).toBe('From: "0002-01-01" is not a date from 1900 to 2199.');
  expect(input('report-from').getAttribute('aria-invalid')).toBe('true');
  expect(periodColumns()).toBe(0);
  await typeInto(input('report-from'), '2026-01-01');
  await typeInto(input('report-to'), '9999-12-31');
  expect(rangeAlert()).toBe('To: "9999-12-31" is not a date from 1900 to 2199.');
  expect(input('report-to').getAttribute('aria-invalid')).toBe('true');
  expect(periodColumns()).toBe(0);
  await typeInto(input('report-to'), '2026-12-31');
  expect(rangeAlert()).toBeNull();
  expect(periodColumns()).toBeGreaterThan(0);
});

it('an As of outside 1900–2199 is named, and no value is given', async () => {
  shown = await render(<FleetReport fleet={fleet} />);
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent === 'As of');
  const asOf = label ? document.getElementById(label.htmlFor) : null;
  if (!asOf) throw new Error('no As of field');
  await typeInto(asOf, '9999-12-31');
  expect(shown.text()).toContain('As of: "9999-12-31" is not a date from 1900 to 2199.');
  expect(document.querySelector('[data-testid="nbv-as-of"]')).toBeNull();
});
