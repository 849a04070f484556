import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  answerChecklist,
  checklistFor,
  checklistRefusal,
  DEFAULT_CHECKLISTS,
  describeChecklist,
  isChecklists,
  MAX_ITEMS,
  MAX_LABEL_LENGTH,
  settleAnswers,
  validateChecklist,
  validateChecklists,
  type ChecklistItem,
} from '../../shared/checklists';
import { LOT_STATUSES, MOVE_TARGET_STATUSES, TRANSITIONS } from '../../shared/lifecycle';

const item = (label: string, required = false): ChecklistItem => ({ label, required });

describe('MOVE_TARGET_STATUSES', () => {
  it('is every status some move leads into, in lifecycle order: all but planned', () => {
    const targets = new Set(Object.values(TRANSITIONS).flat());
    expect(MOVE_TARGET_STATUSES).toEqual(LOT_STATUSES.filter((s) => targets.has(s)));
    expect(MOVE_TARGET_STATUSES).not.toContain('planned');
    expect(MOVE_TARGET_STATUSES).toContain('in-service');
  });
});

describe('defaults', () => {
  it('are valid, all optional, and cover the examples of the issue', () => {
    for (const status of LOT_STATUSES) {
      const r = validateChecklist(DEFAULT_CHECKLISTS[status]);
      expect(r.ok, status).toBe(true);
      // Optional, so existing flows and scripted moves are never blocked by a fresh install.
      expect(DEFAULT_CHECKLISTS[status].every((i) => !i.required), status).toBe(true);
    }
    expect(DEFAULT_CHECKLISTS['in-service'].map((i) => i.label)).toEqual(expect.arrayContaining(['Racked', 'Cabled', 'Burn-in passed']));
    expect(DEFAULT_CHECKLISTS.received.map((i) => i.label)).toEqual(expect.arrayContaining(['Packing list matches the PO', 'Visual damage check']));
    expect(DEFAULT_CHECKLISTS.draining.map((i) => i.label)).toContain('Workloads drained');
    expect(DEFAULT_CHECKLISTS.sanitised.map((i) => i.label)).toContain('Data sanitised');
    expect(DEFAULT_CHECKLISTS.disposed.map((i) => i.label)).toContain('Asset tags removed');
    for (const status of MOVE_TARGET_STATUSES) expect(DEFAULT_CHECKLISTS[status].length, status).toBeGreaterThan(0);
  });

  it('avoid the words of the move dialog’s own fields, so a checkbox never reads like one', () => {
    const fieldWords = ['site', 'quantity', 'date', 'note', 'po number', 'disposition', 'proceeds', 'replacement plan'];
    for (const status of LOT_STATUSES) {
      for (const { label } of DEFAULT_CHECKLISTS[status]) {
        for (const word of fieldWords) expect(label.toLowerCase(), `${status}: ${label}`).not.toContain(word);
      }
    }
  });

  it('stand in for a status the settings do not hold; an emptied list stays empty', () => {
    expect(checklistFor({}, 'in-service')).toBe(DEFAULT_CHECKLISTS['in-service']);
    expect(checklistFor({ 'in-service': [] }, 'in-service')).toEqual([]);
    expect(checklistFor({ 'in-service': [item('Racked', true)] }, 'in-service')).toEqual([item('Racked', true)]);
  });
});

describe('validateChecklist', () => {
  it('trims labels and keeps order and required flags', () => {
    expect(validateChecklist([item('  Racked ', true), item('Cabled')])).toEqual({ ok: true, value: [item('Racked', true), item('Cabled')] });
    expect(validateChecklist([])).toEqual({ ok: true, value: [] });
  });

  it('names each item that is empty, too long or a repeat (case-insensitive)', () => {
    const r = validateChecklist([item('Racked'), item('   '), item('x'.repeat(MAX_LABEL_LENGTH + 1)), item(' racked'), item('x'.repeat(MAX_LABEL_LENGTH))]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([
      { index: 1, message: 'Item 2 needs a label.' },
      { index: 2, message: `Item 3 is ${MAX_LABEL_LENGTH + 1} characters long; keep it to ${MAX_LABEL_LENGTH}.` },
      { index: 3, message: 'Item 4 repeats item 1 (“racked”).' },
    ]);
  });

  it('refuses more than the maximum number of items, as a problem of the list', () => {
    const many = Array.from({ length: MAX_ITEMS + 1 }, (_, i) => item(`Step ${i + 1}`));
    const r = validateChecklist(many);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([{ index: null, message: `A checklist holds at most ${MAX_ITEMS} items; this one has ${MAX_ITEMS + 1}.` }]);
    expect(validateChecklist(many.slice(0, MAX_ITEMS)).ok).toBe(true);
  });

  it('groups problems by status across every list', () => {
    const r = validateChecklists({ 'in-service': [item('Racked')], disposed: [item('')] });
    expect(r).toEqual({ ok: false, error: { disposed: [{ index: 0, message: 'Item 1 needs a label.' }] } });
    expect(validateChecklists({ 'in-service': [item(' Racked ')] })).toEqual({ ok: true, value: { 'in-service': [item('Racked')] } });
  });

  it('accepts exactly the lists of distinct, non-empty, short labels (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ label: fc.string({ maxLength: MAX_LABEL_LENGTH + 5 }), required: fc.boolean() }), { maxLength: MAX_ITEMS + 2 }), (items) => {
        const labels = items.map((i) => i.label.trim());
        const acceptable =
          items.length <= MAX_ITEMS &&
          labels.every((l) => l !== '' && l.length <= MAX_LABEL_LENGTH) &&
          new Set(labels.map((l) => l.toLowerCase())).size === labels.length;
        const r = validateChecklist(items);
        expect(r.ok).toBe(acceptable);
        if (r.ok) {
          expect(r.value.map((i) => i.label)).toEqual(labels);
          // Tidy output is a fixed point: validating it again changes nothing.
          expect(validateChecklist(r.value)).toEqual(r);
        }
      }),
    );
  });
});

describe('isChecklists (stored settings are checked, not trusted)', () => {
  it('accepts the defaults, an empty record and tidy edited lists', () => {
    expect(isChecklists(DEFAULT_CHECKLISTS)).toBe(true);
    expect(isChecklists({})).toBe(true);
    expect(isChecklists({ 'in-service': [item('Racked', true)], disposed: [] })).toBe(true);
  });

  it('refuses wrong shapes, invalid lists and untidy labels; ignores keys it does not know', () => {
    expect(isChecklists(null)).toBe(false);
    expect(isChecklists([])).toBe(false);
    expect(isChecklists({ 'in-service': 'Racked' })).toBe(false);
    expect(isChecklists({ 'in-service': [{ label: 'Racked' }] })).toBe(false);
    expect(isChecklists({ 'in-service': [item('Racked'), item('racked')] })).toBe(false);
    expect(isChecklists({ 'in-service': [item(' Racked')] })).toBe(false);
    expect(isChecklists({ 'some-future-status': [item('x')], 'in-service': [item('Racked')] })).toBe(true);
  });
});

describe('answering and refusing', () => {
  const list = [item('Racked', true), item('Cabled', true), item('Burn-in passed')];

  it('answers by label', () => {
    expect(answerChecklist(list, new Set(['Cabled', 'Not on the list']))).toEqual([
      { label: 'Racked', required: true, ticked: false },
      { label: 'Cabled', required: true, ticked: true },
      { label: 'Burn-in passed', required: false, ticked: false },
    ]);
  });

  it('names the unticked required items; optional ones never block', () => {
    expect(checklistRefusal(answerChecklist(list, new Set()), 'in-service')).toBe(
      'Tick the required checklist items before moving to In service: Racked, Cabled.',
    );
    expect(checklistRefusal(answerChecklist(list, new Set(['Racked'])), 'in-service')).toBe(
      'Tick the required checklist item before moving to In service: Cabled.',
    );
    expect(checklistRefusal(answerChecklist(list, new Set(['Racked', 'Cabled'])), 'in-service')).toBeNull();
    expect(checklistRefusal([], 'in-service')).toBeNull();
  });

  it('refuses an answered list that is itself invalid', () => {
    expect(checklistRefusal([{ label: '', required: false, ticked: true }], 'spare')).toBe('The checklist is not valid: Item 1 needs a label.');
  });

  it('describes a record in one line, with who ticked', () => {
    expect(describeChecklist({ items: answerChecklist(list, new Set(['Racked', 'Cabled'])), actor: 'Alice' })).toBe(
      'Checklist: ✓ Racked, ✓ Cabled, ✗ Burn-in passed — by Alice',
    );
  });
});

describe('settleAnswers: the stored checklist decides what is required', () => {
  const items = [
    { label: 'Racked', required: true },
    { label: 'Cabled', required: false },
  ];

  it('takes the ticks from the caller but the required flags from the stored list', () => {
    const forged = [
      { label: 'Racked', required: false, ticked: false },
      { label: 'Cabled', required: false, ticked: true },
      { label: 'Not on the list', required: false, ticked: true },
    ];
    expect(settleAnswers(items, forged)).toEqual([
      { label: 'Racked', required: true, ticked: false },
      { label: 'Cabled', required: false, ticked: true },
    ]);
    expect(checklistRefusal(settleAnswers(items, forged) ?? [], 'in-service')).toBe('Tick the required checklist item before moving to In service: Racked.');
  });

  it('judges a move without answers against the required items, and leaves optional-only lists unrecorded', () => {
    expect(settleAnswers(items, undefined)).toEqual([
      { label: 'Racked', required: true, ticked: false },
      { label: 'Cabled', required: false, ticked: false },
    ]);
    expect(settleAnswers([{ label: 'Cabled', required: false }], undefined)).toBeUndefined();
    expect(settleAnswers([], undefined)).toBeUndefined();
  });
});
