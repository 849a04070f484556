/**
 * Team settings changed on two devices at once (LEDGER.md §1, §4): a setting that holds one entry
 * per category or status (depreciation templates, move checklists, category rental prices) is
 * changed one entry at a time, so two devices changing different entries both stand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readLog } from '../../../renderer/db/eventLog';
import { resolveConflictCommand } from '../../../renderer/db/ledger';
import { DEFAULT_CHECKLISTS } from '../../../shared/checklists';
import { copyTemplate } from '../../../shared/depreciation/policies';
import { ledgerConflicts } from '../../../shared/sync/conflicts';
import { currentConflicts } from '../../../renderer/features/conflicts/useConflicts';
import { testDatabases } from './migrationHarness';
import { converge } from './teamExchange';

const databases = testDatabases();
afterEach(databases.dropAll);


describe('team settings changed on two devices at once', () => {
  it('keeps both devices’ depreciation templates when they changed different categories', async () => {
    const a = await databases.open('a');
    const b = await databases.open('b');
    const templates = await a.getSetting('policyTemplates');
    const gpu = { ...templates['gpu-server'], book: { ...copyTemplate(templates['gpu-server'].book), policy: { method: 'straight-line' as const, lifeMonths: 48, convention: 'full-month' as const } } };
    const drive = { ...templates.drive, book: { ...copyTemplate(templates.drive.book), policy: { method: 'straight-line' as const, lifeMonths: 24, convention: 'full-month' as const } } };
    await a.setSetting('policyTemplates', { ...(await a.getSetting('policyTemplates')), 'gpu-server': gpu });
    await b.setSetting('policyTemplates', { ...(await b.getSetting('policyTemplates')), drive });
    await converge(a, b);
    const merged = await a.getSetting('policyTemplates');
    expect(merged['gpu-server']).toEqual(gpu);
    expect(merged.drive).toEqual(drive);
    expect(ledgerConflicts(await readLog(a))).toEqual([]);
    expect(await currentConflicts(a)).toEqual([]);
  });

  it('keeps both devices’ checklists when they changed different statuses', async () => {
    const a = await databases.open('a');
    const b = await databases.open('b');
    const inService = [...DEFAULT_CHECKLISTS['in-service'], { label: 'Photo of the rack', required: true }];
    const disposed = [{ label: 'Certificate of destruction', required: true }];
    await a.setSetting('checklists', { ...(await a.getSetting('checklists')), 'in-service': inService });
    await b.setSetting('checklists', { ...(await b.getSetting('checklists')), disposed });
    await converge(a, b);
    const merged = await a.getSetting('checklists');
    expect(merged['in-service']).toEqual(inService);
    expect(merged.disposed).toEqual(disposed);
    expect(ledgerConflicts(await readLog(a))).toEqual([]);
  });

  it('shows a conflict over the one category both changed, and settling it keeps the other categories', async () => {
    const a = await databases.open('a');
    const b = await databases.open('b');
    const templates = await a.getSetting('policyTemplates');
    const life = (category: 'gpu-server' | 'drive', lifeMonths: number) => ({
      ...templates[category],
      book: { ...copyTemplate(templates[category].book), policy: { method: 'straight-line' as const, lifeMonths, convention: 'full-month' as const } },
    });
    await a.setSetting('policyTemplates', { ...templates, 'gpu-server': life('gpu-server', 48), drive: life('drive', 24) });
    await b.setSetting('policyTemplates', { ...templates, 'gpu-server': life('gpu-server', 36) });
    await converge(a, b);
    const [conflict, ...more] = await currentConflicts(a);
    expect(more).toEqual([]);
    expect(conflict).toMatchObject({ kind: 'same-field', entity: 'settings' });
    // Whichever device wrote later holds the GPU servers' templates; both keep a's drive templates.
    const held = (await a.getSetting('policyTemplates'))['gpu-server'].book.policy;
    expect(held).toEqual(expect.objectContaining({ lifeMonths: expect.any(Number) }));
    expect((await a.getSetting('policyTemplates')).drive).toEqual(life('drive', 24));
    for (const key of ['keep-current', 'keep-earlier']) {
      const resolution = conflict!.resolutions.find((r) => r.key === key)!;
      // Every other category as it stands: only the GPU servers' templates are in question.
      const value = (resolution.after as { policyTemplates: typeof templates }).policyTemplates;
      expect(value.drive).toEqual(life('drive', 24));
      expect(value.nic).toEqual(templates.nic);
    }
    const chosen = conflict!.resolutions.find((r) => r.key === 'keep-earlier')!;
    const gpuChosen = (chosen.after as { policyTemplates: typeof templates }).policyTemplates['gpu-server'];
    expect(gpuChosen).not.toEqual((await a.getSetting('policyTemplates'))['gpu-server']);
    expect((await resolveConflictCommand(a, conflict!.id, 'keep-earlier', 'ada')).ok).toBe(true);
    await converge(a, b);
    expect((await b.getSetting('policyTemplates'))['gpu-server']).toEqual(gpuChosen);
    expect((await b.getSetting('policyTemplates')).drive).toEqual(life('drive', 24));
    expect(await currentConflicts(b)).toEqual([]);
  });

  it('keeps both devices’ compliance lists when they changed different lists', async () => {
    const a = await databases.open('a');
    const b = await databases.open('b');
    await a.setSetting('compliancePolicy', { ...(await a.getSetting('compliancePolicy')), trustedOrigins: ['US', 'TW'] });
    await b.setSetting('compliancePolicy', { ...(await b.getSetting('compliancePolicy')), licenceClassifications: ['3A090'] });
    await converge(a, b);
    expect(await a.getSetting('compliancePolicy')).toEqual({ trustedOrigins: ['US', 'TW'], licenceClassifications: ['3A090'], licenceFreeDestinations: [] });
    expect(ledgerConflicts(await readLog(a))).toEqual([]);
  });
});
