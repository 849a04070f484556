/**
 * The `observed` event that records a market price on its model's history (entity 'model',
 * lotId = modelId), as the app's market commands, the demo, an own sale (issue 12) and the
 * command line write it.
 */
import type { LotEvent } from './events';
import type { ChangeContext } from './lotChanges';
import { CONDITION_LABELS, type MarketObservation } from './market';
import { formatMoney } from './money';

/** The event that records a market price seen (on the model's history). */
export function observedEvent(ctx: ChangeContext, o: MarketObservation, seq: number, note: string): LotEvent {
  return {
    id: ctx.newId(),
    hlc: '',
    entity: 'model',
    lotId: o.modelId,
    seq,
    at: ctx.now,
    date: o.date,
    actor: ctx.actor,
    type: 'observed',
    from: null,
    to: null,
    quantity: o.quantity,
    before: null,
    // The event log shares the lot event shape; replay of lots never reads model events.
    after: o as unknown as LotEvent['after'],
    relatedLotId: null,
    note,
  };
}

export function describeObservation(o: MarketObservation): string {
  return `Market price ${formatMoney(o.unitPrice, o.currency)} × ${o.quantity} (${CONDITION_LABELS[o.condition]}) seen ${o.date} at ${o.source}`;
}

