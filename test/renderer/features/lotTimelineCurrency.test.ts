// @vitest-environment jsdom
/**
 * A lot's history says each amount in the currency the lot had when it was recorded
 * (renderer/features/lots/LotDetail.tsx eventCurrencies): after the lot's currency was edited,
 * its earlier costs were shown in the first event's currency and its later ones too.
 */
import { describe, expect, it } from 'vitest';
import type { LotEvent } from '../../../shared/events';
import { eventCurrencies } from '../../../renderer/features/lots/LotDetail';

const event = (id: string, after: Record<string, unknown>, before: Record<string, unknown> | null = null): LotEvent => ({ id, after, before }) as unknown as LotEvent;

describe('the currency of a lot history’s amounts', () => {
  it('follows the lot’s currency from event to event: an edit of it says the old amounts in the old one, the new in the new', () => {
    const events = [
      event('d:1', { currency: 'USD', unitCost: 1_000_00 }),
      event('d:2', { unitCost: 1_200_00 }, { unitCost: 1_000_00 }),
      event('d:3', { currency: 'JPY', unitCost: 150_000 }, { currency: 'USD', unitCost: 1_200_00 }),
      event('d:4', { extraCosts: 20_000 }, { extraCosts: 0 }),
    ];
    const c = eventCurrencies(events, 'JPY');
    expect([...c.values()]).toEqual([
      { before: 'USD', after: 'USD' },
      { before: 'USD', after: 'USD' },
      { before: 'USD', after: 'JPY' },
      { before: 'JPY', after: 'JPY' },
    ]);
  });

  it('takes the lot’s currency where no event says one (a history that starts with an edit)', () => {
    expect(eventCurrencies([event('d:5', { unitCost: 5 }, { unitCost: 4 })], 'KWD').get('d:5')).toEqual({ before: 'KWD', after: 'KWD' });
  });
});
