// @vitest-environment jsdom
/**
 * The depreciation report's heading said "N depreciating lots", counting every lot with a schedule
 * in the book shown: lots disposed of years before the range, lots fully depreciated long ago and
 * lots on method none (which never depreciate) were all in it. It now counts the lots that book
 * depreciation in the range shown, and says which range.
 */
import { afterEach, expect, it } from 'vitest';
import type { Fleet } from '../../../renderer/db/queries';
import { FleetReport } from '../../../renderer/features/finance/FleetReport';
import type { Lot } from '../../../shared/lot';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { click, render, typeInto, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

function fleetOf(lots: Lot[]): Fleet {
  return { lots, models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };
}

const lots = [
  makeLot({ id: 'a', code: 'A', inServiceDate: '2026-01-01' }),
  makeLot({ id: 'b', code: 'B', purchaseDate: '2012-01-01', receivedDate: '2012-01-01', inServiceDate: '2012-01-01', status: 'disposed', disposition: 'sold', disposedDate: '2014-06-30', proceeds: 0 }),
  makeLot({ id: 'c', code: 'C', inServiceDate: '2026-01-01', book: { policy: { method: 'none' }, salvage: { kind: 'zero' } } }),
  makeLot({ id: 'd', code: 'D', purchaseDate: '2010-01-01', receivedDate: '2010-01-01', inServiceDate: '2010-01-01' }),
  makeLot({ id: 'e', code: 'E', status: 'received', inServiceDate: null }),
];

async function countIn(from: string, to: string): Promise<string> {
  const input = (id: string) => {
    const el = document.getElementById(id);
    if (!el) throw new Error(`no #${id}`);
    return el;
  };
  await typeInto(input('report-from'), from);
  await typeInto(input('report-to'), to);
  return shown?.container.querySelector('.page-header .muted')?.textContent ?? '';
}

it('counts the lots that book depreciation in the range shown, in the book shown', async () => {
  shown = await render(<FleetReport fleet={fleetOf(lots)} />);
  // Only A depreciates in 2026 on the book: B was disposed of in 2014, C is on method none, D was fully depreciated by 2015, E is not in service.
  expect(await countIn('2026-01-01', '2026-12-31')).toBe('1 lot depreciating from 2026-01-01 to 2026-12-31');
  // B and D depreciated in 2012; after B's disposal in 2014, D alone.
  expect(await countIn('2012-01-01', '2012-12-31')).toBe('2 lots depreciating from 2012-01-01 to 2012-12-31');
  expect(await countIn('2014-07-01', '2014-12-31')).toBe('1 lot depreciating from 2014-07-01 to 2014-12-31');
  // The tax book depreciates C (MACRS) as well as A.
  await click(shown.container, 'Tax');
  expect(await countIn('2026-01-01', '2026-12-31')).toBe('2 lots depreciating from 2026-01-01 to 2026-12-31');
});
