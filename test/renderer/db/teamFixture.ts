/**
 * What the team sync tests share (test/renderer/db/teamMerge, teamSync, test/cli/teamFolder,
 * test/sync/syncthing): a model, a site and lots to create, and the sync dependencies as Node
 * gives them (the app's own gzip, so segments are byte for byte the app's).
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { gzipText } from '../../../renderer/db/gzip';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import type { LotDraft } from '../../../shared/lotChanges';
import type { SyncDeps } from '../../../shared/sync/folderSync';

export const MODEL = {
  manufacturer: 'Supermicro', name: 'SYS-821GE', category: 'gpu-server' as const, powerWatts: 10200, rackUnits: 8, listPrice: 29_500_000, currency: 'USD',
  releaseDate: '2023-03-01', endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing: true, notes: '', demo: false,
};

export const SITE = { code: 'OSL1', name: 'Oslo', energyPricePerMwh: null, currency: 'USD', pue: null, notes: '', demo: false };

/** Eight GPU servers in service at `siteId`. */
export function lotDraft(modelId: string, code: string, siteId: string): LotDraft {
  return {
    code, modelId, quantity: 8, unitCost: 250_000_00, extraCosts: 0, currency: 'USD', purchaseDate: '2025-01-10', receivedDate: '2025-02-01',
    inServiceDate: '2025-02-10', siteId, supplier: '', poNumber: 'PO-1', warrantyEnd: null, salvageValue: 0, powerWatts: null, supportCostPerYear: 0,
    status: 'in-service', disposition: null, disposedDate: null, proceeds: null, replacementPlan: '', notes: '', tags: [], demo: false,
    book: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].book), tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax),
  };
}

export function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** The sync dependencies in Node, `now` fixed unless given. */
export function nodeSyncDeps(now: () => string = () => '2026-12-05T12:00:00.000Z'): SyncDeps {
  return {
    gunzip: (b) => gunzipSync(b),
    gzip: (t) => gzipText(t),
    sha256Bytes: (b) => Promise.resolve(createHash('sha256').update(b).digest('hex')),
    utf8: { encode: (t) => new TextEncoder().encode(t), decode: (b) => new TextDecoder('utf-8', { fatal: true }).decode(b) },
    now,
  };
}
