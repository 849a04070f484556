// @vitest-environment jsdom
/**
 * MACRS tax depreciation takes no impairment (its recovery is the IRS table's; the engine refuses
 * one, shared/depreciation/schedule.ts). The Finance tab must not offer to record one in a MACRS
 * book only to refuse it once filled in: the button is off there, and says why.
 */
import { afterEach, expect, it } from 'vitest';
import { LotFinance } from '../../../renderer/features/finance/LotFinance';
import { computeSchedules } from '../../../renderer/features/finance/schedules';
import { lotSchedule } from '../../../shared/depreciation/lotSchedule';
import { makeLot, adjustment } from '../../shared/depreciation/lotFactory';
import { click, render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

function button(label: string): HTMLButtonElement {
  const found = [...(shown?.container.querySelectorAll('button') ?? [])].find((b) => (b.textContent ?? '').includes(label));
  if (!found) throw new Error(`No button "${label}"`);
  return found;
}

it('the engine refuses an impairment in a MACRS book (what the button would lead to)', () => {
  const lot = makeLot({ inServiceDate: '2026-01-01' });
  expect(lot.tax.policy.method).toBe('macrs');
  const r = lotSchedule({ ...lot, adjustments: [adjustment('tax', { type: 'impairment', date: '2026-06-01', amount: 100 })] }, 'tax', 1);
  expect(r.ok).toBe(false);
});

it('Record impairment… is off in a MACRS tax book, with the reason; on in a straight-line book', async () => {
  const lot = makeLot({ inServiceDate: '2026-01-01' });
  shown = await render(<LotFinance lot={lot} books={computeSchedules([lot], 1).get(lot.id)} fiscalYearStart={1} />);
  expect(button('Record impairment…').disabled).toBe(false);
  await click(shown.container, 'Tax');
  expect(button('Record impairment…').disabled).toBe(true);
  expect(button('Record impairment…').title).toContain('MACRS');
  expect(button('Revise life or salvage…').title).toContain('MACRS');
});
