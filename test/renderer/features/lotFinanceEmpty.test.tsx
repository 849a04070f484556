import { expect, it } from 'vitest';
import { noScheduleReason } from '../../../renderer/features/finance/LotFinance';
import { makeLot } from '../../shared/depreciation/lotFactory';

it('says why a book has no schedule: not in service yet, disposed without ever being in service, or method none', () => {
  const received = makeLot({ status: 'received', inServiceDate: null });
  expect(noScheduleReason(received)).toBe('Depreciation starts when the lot is put in service.');
  // Sold straight from the pallet: it will never be put in service, and the page must not say it will.
  const sold = { ...received, status: 'disposed' as const, disposedDate: '2026-03-31' };
  expect(noScheduleReason(sold)).toBe('The lot was disposed of on 2026-03-31 without ever being put in service, so it was never depreciated.');
  expect(noScheduleReason({ ...received, inServiceDate: '2026-01-01', status: 'in-service' })).toBe('This book does not depreciate the lot (method: none).');
});
