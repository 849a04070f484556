// @vitest-environment jsdom
/**
 * The revision dialog takes the new useful life in years. Typed above the longest life accepted
 * (100 years), it was refused with the engine's message in months ("lifeMonths: must be a whole
 * number of months from 1 to 1200 (got 1212)"), a unit and a field name the person never typed. It
 * now names the field and the limit in years, and records nothing.
 */
import { act } from 'react';
import { afterEach, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { AdjustDialog } from '../../../renderer/features/finance/AdjustDialog';
import { computeSchedules } from '../../../renderer/features/finance/schedules';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, settle, typeInto, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  await db.lots.clear();
});

async function reviseLife(years: string): Promise<string> {
  const lot = makeLot({ id: 'adjust-life-lot', inServiceDate: '2026-01-01' });
  await db.lots.put(lot);
  const schedule = computeSchedules([lot], 1).get(lot.id)?.book;
  if (!schedule) throw new Error('no schedule');
  shown = await render(<AdjustDialog lot={lot} book="book" kind="revision" schedule={schedule} today="2026-06-01" fiscalYearStart={1} onClose={() => {}} />);
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent === 'New useful life (years)');
  const input = label ? document.getElementById(label.htmlFor) : null;
  if (!input) throw new Error('no life field');
  await typeInto(input, years);
  const form = document.querySelector('form');
  await act(async () => {
    form?.requestSubmit();
  });
  await settle();
  return document.querySelector('[role="alert"]')?.textContent ?? '';
}

it('a life over 100 years is refused in years, the unit typed, and nothing is recorded', async () => {
  expect(await reviseLife('101')).toBe('Not recorded: Useful life: at most 100 years (got 101).');
  expect((await db.lots.get('adjust-life-lot'))?.adjustments).toEqual([]);
});

it('100 years is accepted', async () => {
  expect(await reviseLife('100')).toBe('');
  expect((await db.lots.get('adjust-life-lot'))?.adjustments.map((a) => a.change)).toEqual([{ type: 'revision', date: '2026-06-01', lifeMonths: 1200 }]);
});
