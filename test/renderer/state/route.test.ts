import { describe, expect, it } from 'vitest';
import { parseHash, routeHash } from '../../../renderer/state/route';

describe('the shipment route', () => {
  it('is #/shipment both ways', () => {
    expect(parseHash('#/shipment')).toEqual({ name: 'shipment' });
    expect(routeHash({ name: 'shipment' })).toBe('#/shipment');
    expect(parseHash(routeHash({ name: 'shipment' }))).toEqual({ name: 'shipment' });
  });
});
