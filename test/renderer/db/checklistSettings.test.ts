/** The `checklists` setting: stored, read back, checked on the way out; a move through storage records it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, FleetDb } from '../../../renderer/db/database';
import { createLotCommand, lotEvents, moveLotCommand } from '../../../renderer/db/lotCommands';
import { answerChecklist, checklistFor, DEFAULT_CHECKLISTS, type Checklists } from '../../../shared/checklists';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import { replayLot } from '../../../shared/lotChanges';
import { TEAM_SETTINGS_ENTITY_ID } from '../../../shared/ledger/teamSettings';
import { uniqueDbName } from './migrationHarness';

let db: FleetDb;

beforeEach(async () => {
  db = new FleetDb(uniqueDbName('checklists'));
  await db.open();
});

afterEach(async () => {
  db.close();
  await db.delete();
});

const EDITED: Checklists = {
  'in-service': [
    { label: 'Racked', required: true },
    { label: 'Photos of the rack front', required: false },
  ],
  disposed: [],
};

describe('checklists setting', () => {
  it('defaults to the built-in checklists', async () => {
    expect(DEFAULT_SETTINGS.checklists).toBe(DEFAULT_CHECKLISTS);
    expect((await db.getSettings()).checklists).toEqual(DEFAULT_CHECKLISTS);
  });

  it('keeps an edited set across a reopen; statuses never edited still follow the defaults', async () => {
    await db.setSetting('checklists', EDITED);
    db.close();
    await db.open();
    const stored = (await db.getSettings()).checklists;
    expect(stored).toEqual(EDITED);
    expect(checklistFor(stored, 'in-service')).toEqual(EDITED['in-service']);
    expect(checklistFor(stored, 'disposed')).toEqual([]);
    expect(checklistFor(stored, 'draining')).toBe(DEFAULT_CHECKLISTS.draining);
  });

  it('refuses to store an invalid set and keeps the previous one', async () => {
    await db.setSetting('checklists', EDITED);
    const duplicate = { 'in-service': [{ label: 'Racked', required: true }, { label: 'racked', required: false }] };
    await expect(db.setSetting('checklists', duplicate)).rejects.toThrow(/Invalid value for setting "checklists"/u);
    expect(await db.getSetting('checklists')).toEqual(EDITED);
  });

  it('reads a damaged row (an old build, a hand-edited backup) as the defaults', async () => {
    await db.settings.put({ key: 'checklists', value: { 'in-service': [{ label: '', required: true }] } });
    expect(await db.getSetting('checklists')).toEqual(DEFAULT_CHECKLISTS);
    await db.settings.put({ key: 'checklists', value: 'racked, cabled' });
    expect((await db.getSettings()).checklists).toEqual(DEFAULT_CHECKLISTS);
  });
});

describe('a move through storage', () => {
  it('refuses with the unticked required items, then stores the record on the event and replays', async () => {
    await db.setSetting('checklists', EDITED);
    const created = await createLotCommand(
      db,
      {
        code: 'CHK-1', modelId: 'model-1', quantity: 3, unitCost: 100_00, extraCosts: 0, currency: 'USD', purchaseDate: '2025-01-01',
        receivedDate: '2025-02-01', inServiceDate: null, siteId: null, supplier: '', poNumber: 'PO-1', warrantyEnd: null, salvageValue: 0,
        powerWatts: null, supportCostPerYear: 0, status: 'received', disposition: null, disposedDate: null, proceeds: null,
        replacementPlan: '', notes: '', tags: [], demo: false,
        book: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].book), tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax),
      },
      'tech',
    );
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const lotId = created.value.id;
    const items = EDITED['in-service'] ?? [];
    const move = (ticked: string[]) =>
      moveLotCommand(db, lotId, { to: 'in-service', quantity: 3, date: '2025-03-01', siteId: 'site-1', checklist: answerChecklist(items, new Set(ticked)) }, 'Alice');

    const refused = await move([]);
    expect(refused).toEqual({ ok: false, error: 'Tick the required checklist item before moving to In service: Racked.' });
    expect((await lotEvents(db, lotId)).map((e) => e.type)).toEqual(['created']);
    // What is required is the stored checklist's to say: no answers at all (a script, the
    // planner's button) or answers claiming nothing is required are refused the same way.
    const bare = { to: 'in-service' as const, quantity: 3, date: '2025-03-01', siteId: 'site-1' };
    expect(await moveLotCommand(db, lotId, bare, 'Script')).toEqual(refused);
    const forged = [{ label: 'Racked', required: false, ticked: false }];
    expect(await moveLotCommand(db, lotId, { ...bare, checklist: forged }, 'Script')).toEqual(refused);
    expect((await lotEvents(db, lotId)).map((e) => e.type)).toEqual(['created']);

    const done = await move(['Racked']);
    expect(done.ok).toBe(true);
    const events = await lotEvents(db, lotId);
    expect(events.map((e) => e.type)).toEqual(['created', 'transitioned']);
    expect(events[1]?.checklist).toEqual({
      items: [
        { label: 'Racked', required: true, ticked: true },
        { label: 'Photos of the rack front', required: false, ticked: false },
      ],
      actor: 'Alice',
    });
    expect(replayLot(events)).toEqual(await db.lots.get(lotId));
  });
});

describe('a setting changed from what is stored (setSetting with a function)', () => {
  it('builds on the stored value: two quick edits of different parts both stand, each one event', async () => {
    const policy = DEFAULT_SETTINGS.compliancePolicy;
    // Both computed from the same (stale) screen, as the Compliance card's fields were: the second undid the first.
    await Promise.all([
      db.setSetting('compliancePolicy', (stored) => ({ ...stored, trustedOrigins: ['US', 'TW'] })),
      db.setSetting('compliancePolicy', (stored) => ({ ...stored, licenceClassifications: ['4A090'] })),
    ]);
    expect((await db.getSettings()).compliancePolicy).toEqual({ ...policy, trustedOrigins: ['US', 'TW'], licenceClassifications: ['4A090'] });
    const events = (await lotEvents(db, TEAM_SETTINGS_ENTITY_ID)).filter((e) => e.type === 'settings-changed');
    expect(events.map((e) => e.after)).toEqual([
      { compliancePolicy: { ...policy, trustedOrigins: ['US', 'TW'] } },
      { compliancePolicy: { ...policy, trustedOrigins: ['US', 'TW'], licenceClassifications: ['4A090'] } },
    ]);
  });

  it('refuses what the function makes of it when that is not a valid value, and writes nothing', async () => {
    await db.setSetting('checklists', EDITED);
    const duplicate = { 'in-service': [{ label: 'Racked', required: true }, { label: 'racked', required: false }] } as Checklists;
    await expect(db.setSetting('checklists', () => duplicate)).rejects.toThrow(/Invalid value for setting "checklists"/u);
    expect((await db.getSettings()).checklists).toEqual(EDITED);
    // A personal setting too.
    await db.setSetting('actorName', (stored) => `${stored}Ada`);
    expect(await db.getSetting('actorName')).toBe('Ada');
  });
});
