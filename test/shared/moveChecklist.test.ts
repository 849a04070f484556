/** moveLot and checklists: refusing while required items are unticked, recording the answers. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answerChecklist, type ChecklistItem, type ChecklistTick } from '../../shared/checklists';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../shared/depreciation/policies';
import type { LotEvent } from '../../shared/events';
import type { Lot } from '../../shared/lot';
import { createLot, moveGuards, moveLot, replayLot, type ChangeContext, type LotDraft } from '../../shared/lotChanges';

function context(actor = 'Alice'): ChangeContext {
  let n = 0;
  return {
    now: '2026-11-29T10:00:00.000Z',
    newId: () => {
      n += 1;
      return `id-${String(n).padStart(6, '0')}`;
    },
    actor,
  };
}

function receivedLot(ctx: ChangeContext, quantity = 10): { lot: Lot; events: LotEvent[] } {
  const draft: LotDraft = {
    code: 'GPU-001', modelId: 'model-1', quantity, unitCost: 30_000_00, extraCosts: 1_234_57, currency: 'USD',
    purchaseDate: '2025-01-15', receivedDate: '2025-02-01', inServiceDate: null, siteId: null, supplier: 'Supermicro',
    poNumber: 'PO-1', warrantyEnd: null, salvageValue: 3_000_00, powerWatts: null, supportCostPerYear: 0, status: 'received',
    disposition: null, disposedDate: null, proceeds: null, replacementPlan: '', notes: '', tags: [], demo: false,
    book: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].book), tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax),
  };
  const r = createLot(draft, ctx, new Set());
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return { lot: r.value.lots[0]!, events: r.value.events };
}

const LIST: ChecklistItem[] = [
  { label: 'Racked', required: true },
  { label: 'Cabled', required: true },
  { label: 'Burn-in passed', required: false },
];
const toService = (quantity: number, checklist: ChecklistTick[] | undefined) =>
  ({ to: 'in-service', quantity, date: '2025-03-01', siteId: 'site-1', checklist }) as const;

describe('moveLot with a checklist', () => {
  it('refuses while required items are unticked, naming them, and changes nothing', () => {
    const ctx = context();
    const { lot } = receivedLot(ctx);
    const before = structuredClone(lot);
    const r = moveLot(lot, 1, toService(10, answerChecklist(LIST, new Set(['Cabled', 'Burn-in passed']))), ctx, { takenCodes: new Set() });
    expect(r).toEqual({ ok: false, error: 'Tick the required checklist item before moving to In service: Racked.' });
    expect(lot).toEqual(before);
  });

  it('reports a missing guard field before the checklist', () => {
    const { lot } = receivedLot(context());
    const r = moveGuards(lot, { ...toService(10, answerChecklist(LIST, new Set())), siteId: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/needs a site/u);
  });

  it('records every item, ticked or not, and who ticked, on the transition', () => {
    const ctx = context('Alice');
    const { lot } = receivedLot(ctx);
    const r = moveLot(lot, 1, toService(10, answerChecklist(LIST, new Set(['Racked', 'Cabled']))), ctx, { takenCodes: new Set() });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [event] = r.value.events;
    expect(event).toMatchObject({ type: 'transitioned', to: 'in-service', actor: 'Alice' });
    expect(event?.checklist).toEqual({
      items: [
        { label: 'Racked', required: true, ticked: true },
        { label: 'Cabled', required: true, ticked: true },
        { label: 'Burn-in passed', required: false, ticked: false },
      ],
      actor: 'Alice',
    });
    // The record is history, not state: nothing of it reaches the lot.
    expect(r.value.lots[0]).not.toHaveProperty('checklist');
  });

  it('records it on the parent’s split and the child’s transition of a part-move, not on the child’s creation', () => {
    const ctx = context('Bob');
    const { lot } = receivedLot(ctx);
    const r = moveLot(lot, 1, toService(4, answerChecklist(LIST, new Set(['Racked', 'Cabled']))), ctx, { takenCodes: new Set([lot.code]) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [split, childCreated, moved] = r.value.events;
    expect(split?.type).toBe('split');
    expect(split?.checklist?.actor).toBe('Bob');
    expect(childCreated?.type).toBe('created');
    expect(childCreated).not.toHaveProperty('checklist');
    expect(moved?.type).toBe('transitioned');
    expect(moved?.checklist).toEqual(split?.checklist);
  });

  it('writes no checklist field when the move had none (older callers, empty lists)', () => {
    for (const checklist of [undefined, []]) {
      const ctx = context();
      const { lot } = receivedLot(ctx);
      const r = moveLot(lot, 1, toService(10, checklist), ctx, { takenCodes: new Set() });
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value.events[0]).not.toHaveProperty('checklist');
    }
  });

  it('an older event without the field still replays', () => {
    const ctx = context();
    const { lot, events } = receivedLot(ctx);
    const r = moveLot(lot, 1, toService(10, undefined), ctx, { takenCodes: new Set() });
    if (!r.ok) throw new Error(r.error);
    expect(replayLot([...events, ...r.value.events])).toEqual(r.value.lots[0]);
  });

  it('replay ignores the record: any ticks give the same lots as no checklist at all (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.subarray(LIST.map((i) => i.label)), fc.string({ minLength: 1, maxLength: 20 }), (quantity, ticked, actor) => {
        const answers = answerChecklist(LIST, new Set(ticked));
        const refusal = !ticked.includes('Racked') || !ticked.includes('Cabled');
        const withList = context(actor);
        const a = receivedLot(withList);
        const r = moveLot(a.lot, 1, toService(quantity, answers), withList, { takenCodes: new Set([a.lot.code]) });
        expect(r.ok).toBe(!refusal);
        if (!r.ok) return;
        const plain = context(actor);
        const b = receivedLot(plain);
        const s = moveLot(b.lot, 1, toService(quantity, undefined), plain, { takenCodes: new Set([b.lot.code]) });
        if (!s.ok) throw new Error(s.error);
        expect(r.value.lots).toEqual(s.value.lots);
        const events = [...a.events, ...r.value.events];
        for (const l of r.value.lots) expect(replayLot(events.filter((e) => e.lotId === l.id))).toEqual(l);
      }),
      { numRuns: 100 },
    );
  });
});
