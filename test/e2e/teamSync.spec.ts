/**
 * Team sync through a shared folder in the browser build (issue 10), as two people use it: two
 * browser contexts are two devices with their own IndexedDB; the folder they share is a real
 * folder on disk. A test cannot click the system folder picker, so each page's
 * `showDirectoryPicker` answers with a folder handle whose reads and writes go to that folder
 * through Playwright (the same calls the File System Access API makes); the rest — the Team sync
 * card, the sync rounds, the segments and their checks — is the app's own code.
 */
import { mkdtemp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createR760Lot, openLotId, openLots, openUnitsTab, storedLots } from './helpers';

let shared: string;
test.beforeEach(async () => {
  shared = await mkdtemp(join(tmpdir(), 'fleetledger-e2e-team-'));
});
test.afterEach(async () => {
  await rm(shared, { recursive: true, force: true });
});

/** A path inside the shared folder (refusing anything outside it). */
function inside(path: string): string {
  const full = resolve(shared, path);
  if (full !== shared && !full.startsWith(shared + sep)) throw new Error(`outside the shared folder: ${path}`);
  return full;
}

/** Gives the context's pages a folder picker that answers with the shared folder on disk. */
async function withSharedFolder(context: BrowserContext): Promise<void> {
  await context.exposeBinding('teamFs', async (_source, op: string, path: string, data?: string) => {
    const full = inside(path);
    switch (op) {
      case 'list': {
        const entries = await readdir(full, { withFileTypes: true });
        return entries.map((e) => ({ name: e.name, kind: e.isDirectory() ? 'directory' : 'file' }));
      }
      case 'kind':
        try {
          return (await stat(full)).isDirectory() ? 'directory' : 'file';
        } catch {
          return null;
        }
      case 'mkdir':
        await mkdir(full, { recursive: true });
        return null;
      case 'read':
        return (await readFile(full)).toString('base64');
      case 'write':
        // The browser writes a file beside the target and moves it into place on close.
        await writeFile(`${full}.crswap`, Buffer.from(data ?? '', 'base64'));
        await (await import('node:fs/promises')).rename(`${full}.crswap`, full);
        return null;
      case 'remove':
        await rm(full, { force: true, recursive: true });
        return null;
      default:
        throw new Error(`unknown op ${op}`);
    }
  });
  await context.addInitScript(() => {
    type Fs = (op: string, path: string, data?: string) => Promise<unknown>;
    const fs = (window as unknown as { teamFs: Fs }).teamFs;
    const notFound = (): DOMException => new DOMException('not found', 'NotFoundError');
    const toBase64 = (bytes: Uint8Array): string => {
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    };
    const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const fileHandle = (path: string, name: string) => ({
      kind: 'file' as const,
      name,
      async getFile() {
        return new File([fromBase64((await fs('read', path)) as string)], name);
      },
      async createWritable() {
        const parts: Uint8Array[] = [];
        return {
          async write(data: Uint8Array) {
            parts.push(new Uint8Array(data));
          },
          async close() {
            const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
            let at = 0;
            for (const p of parts) {
              all.set(p, at);
              at += p.length;
            }
            await fs('write', path, toBase64(all));
          },
          async abort() {},
        };
      },
    });
    const dirHandle = (path: string, name: string): unknown => ({
      kind: 'directory' as const,
      name,
      async *values() {
        for (const e of (await fs('list', path)) as { name: string; kind: string }[]) {
          yield e.kind === 'directory' ? dirHandle(`${path}/${e.name}`, e.name) : fileHandle(`${path}/${e.name}`, e.name);
        }
      },
      async getDirectoryHandle(child: string, options?: { create?: boolean }) {
        const kind = await fs('kind', `${path}/${child}`);
        if (kind === null) {
          if (options?.create !== true) throw notFound();
          await fs('mkdir', `${path}/${child}`);
        } else if (kind !== 'directory') throw new DOMException('not a folder', 'TypeMismatchError');
        return dirHandle(`${path}/${child}`, child);
      },
      async getFileHandle(child: string, options?: { create?: boolean }) {
        const kind = await fs('kind', `${path}/${child}`);
        if (kind === null && options?.create !== true) throw notFound();
        if (kind === 'directory') throw new DOMException('a folder', 'TypeMismatchError');
        return fileHandle(`${path}/${child}`, child);
      },
      async removeEntry(child: string) {
        await fs('remove', `${path}/${child}`);
      },
      async queryPermission() {
        return 'granted';
      },
      async requestPermission() {
        return 'granted';
      },
    });
    (window as unknown as { showDirectoryPicker: () => Promise<unknown> }).showDirectoryPicker = async () => dirHandle('.', 'Team share');
  });
}

async function teamCard(page: Page) {
  await page.goto('/#/settings');
  const card = page.getByRole('region', { name: 'Team sync', exact: true });
  await expect(card).toBeVisible();
  return card;
}

test('two devices share one ledger through a folder: one shares, the other joins, changes travel both ways, a conflict is settled once for both', async ({ browser }) => {
  const adaContext = await browser.newContext();
  const bobContext = await browser.newContext();
  try {
    await withSharedFolder(adaContext);
    await withSharedFolder(bobContext);
    const ada = await adaContext.newPage();
    const bob = await bobContext.newPage();

    // Ada shares her ledger: the demo, and a lot of her own.
    await openLots(ada);
    await createR760Lot(ada, 'TEAM-ADA-1', 4, { status: 'in-service' });
    const adaLotId = openLotId(ada);
    let card = await teamCard(ada);
    await card.getByLabel('This device’s name').fill('Ada’s laptop');
    await card.getByRole('button', { name: 'Share this ledger in a folder…' }).click();
    await expect(card.getByTestId('team-last-sync')).not.toHaveText('never');
    const ledgerFolders = (await readdir(shared)).filter((n) => n.startsWith('fleetledger-'));
    expect(ledgerFolders).toHaveLength(1);
    const devices = await readdir(join(shared, ledgerFolders[0] as string, 'devices'));
    expect(devices).toHaveLength(1);
    expect(await readdir(join(shared, ledgerFolders[0] as string, 'devices', devices[0] as string))).toEqual(expect.arrayContaining(['00000001.jsonl.gz', 'head.json']));

    // Bob has his own demo ledger; he joins Ada's and starts from it (his is downloaded first).
    await openLots(bob);
    await bob.getByRole('row').filter({ hasText: 'GPU-' }).first().waitFor();
    card = await teamCard(bob);
    await card.getByLabel('This device’s name').fill('Bob’s scanner');
    await card.getByRole('button', { name: 'Join a ledger in a folder…' }).click();
    const joinDialog = bob.getByRole('dialog', { name: 'Join the team’s ledger' });
    await expect(joinDialog).toContainText('This device already has its own ledger');
    const backup = bob.waitForEvent('download');
    await joinDialog.getByRole('button', { name: /^Start from the team’s ledger/u }).click();
    expect((await backup).suggestedFilename()).toMatch(/before-restore/u);
    await expect(card.getByTestId('team-last-sync')).not.toHaveText('never');
    await expect(card.getByRole('table', { name: 'Other devices' })).toContainText('Ada’s laptop');

    // Both devices hold the same lots (the same records, not just the same demo).
    const lots = async (page: Page): Promise<string[]> => {
      await openLots(page);
      return storedLots(page);
    };
    const adaLots = await lots(ada);
    expect(adaLots.some((l) => l.startsWith('TEAM-ADA-1 '))).toBe(true);
    await expect.poll(() => lots(bob), { timeout: 20_000 }).toEqual(adaLots);
    // History names the device each change was made on.
    await bob.goto(`/#/lots/${adaLotId}`);
    await expect(bob.getByRole('list', { name: 'Events' })).toContainText('on Ada’s laptop');

    // Bob renames the ledger (a team setting); Ada's next round takes it in.
    card = await teamCard(bob);
    await bob.getByLabel('Ledger name').fill('Acme GPU fleet');
    await bob.getByLabel('Ledger name').press('Enter');
    await bob.getByRole('region', { name: 'Team sync', exact: true }).getByRole('button', { name: 'Sync now' }).click();
    card = await teamCard(ada);
    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect(ada.getByLabel('Ledger name')).toHaveValue('Acme GPU fleet', { timeout: 20_000 });
    await expect(card.getByRole('table', { name: 'Other devices' })).toContainText('Bob’s scanner');
    // Each device wrote only into its own folder.
    expect(await readdir(join(shared, ledgerFolders[0] as string, 'devices'))).toHaveLength(2);

    // Both pause, and each sets the same lot's supplier without seeing the other's: a conflict.
    for (const page of [ada, bob]) {
      card = await teamCard(page);
      await card.getByRole('button', { name: 'Pause' }).click();
      await expect(card.getByTestId('team-sync-state')).toHaveText('paused');
    }
    const setSupplier = async (page: Page, supplier: string): Promise<void> => {
      await page.goto(`/#/lots/${adaLotId}`);
      await page.getByRole('button', { name: 'Edit' }).click();
      const form = page.getByRole('form', { name: 'Edit lot' });
      await form.getByLabel('Supplier').fill(supplier);
      await form.getByRole('button', { name: 'Save changes' }).click();
      await expect(page.getByRole('region', { name: 'Details' }).getByText(supplier)).toBeVisible();
    };
    await setSupplier(ada, 'Ada Supplies');
    await setSupplier(bob, 'Bob Parts');
    // Sync rounds on both (paused: only Sync now runs one) until each has the other's change.
    const navCounts = async (): Promise<string[]> => {
      for (const page of [ada, bob]) {
        const sync = page.getByRole('region', { name: 'Team sync', exact: true }).getByRole('button', { name: 'Sync now' });
        await expect(sync).toBeEnabled();
        await sync.click();
      }
      return Promise.all([ada, bob].map(async (page) => (await page.getByTestId('nav-conflicts').innerText()).replace(/\s+/gu, ' ')));
    };
    await teamCard(ada);
    await teamCard(bob);
    // Both devices count it in the navigation.
    await expect.poll(navCounts, { timeout: 30_000 }).toEqual(['Conflicts 1', 'Conflicts 1']);
    await bob.getByTestId('nav-conflicts').click();
    const conflict = bob.getByTestId('conflict');
    await expect(conflict).toContainText('supplier of lot TEAM-ADA-1 was changed on two devices');
    await expect(conflict.getByRole('table', { name: 'Changes concerned' })).toContainText('Ada’s laptop');
    // Bob keeps Ada's value; once Ada syncs, it is settled on her device too.
    await conflict.getByRole('button', { name: /^Keep .*Ada Supplies/u }).click();
    await expect(bob.getByTestId('no-conflicts')).toBeVisible();
    await teamCard(bob);
    await expect.poll(navCounts, { timeout: 30_000 }).toEqual(['Conflicts', 'Conflicts']);
    await ada.goto(`/#/lots/${adaLotId}`);
    await expect(ada.getByRole('region', { name: 'Details' }).getByText('Ada Supplies')).toBeVisible();
    await expect(ada.getByRole('list', { name: 'Events' })).toContainText('Sync conflict resolved');
  } finally {
    await adaContext.close();
    await bobContext.close();
  }
});

/**
 * Two devices of one team for the conflict specs: Ada registers `lotCode` and shares her ledger,
 * Bob joins it (starting from the team's ledger); then both pause, so what each changes next is
 * made without seeing the other's until a Sync now. Returns the pages and the lot's id.
 */
async function pausedPair(adaContext: BrowserContext, bobContext: BrowserContext, lotCode: string): Promise<{ ada: Page; bob: Page; lotId: string }> {
  await withSharedFolder(adaContext);
  await withSharedFolder(bobContext);
  const ada = await adaContext.newPage();
  const bob = await bobContext.newPage();
  await openLots(ada);
  await createR760Lot(ada, lotCode, 4, { status: 'in-service' });
  const lotId = openLotId(ada);
  let card = await teamCard(ada);
  await card.getByLabel('This device’s name').fill('Ada’s laptop');
  await card.getByRole('button', { name: 'Share this ledger in a folder…' }).click();
  await expect(card.getByTestId('team-last-sync')).not.toHaveText('never');

  await openLots(bob);
  card = await teamCard(bob);
  await card.getByLabel('This device’s name').fill('Bob’s scanner');
  await card.getByRole('button', { name: 'Join a ledger in a folder…' }).click();
  const backup = bob.waitForEvent('download');
  await bob.getByRole('dialog', { name: 'Join the team’s ledger' }).getByRole('button', { name: /^Start from the team’s ledger/u }).click();
  await backup;
  await expect(card.getByTestId('team-last-sync')).not.toHaveText('never');
  await expect(card.getByRole('table', { name: 'Other devices' })).toContainText('Ada’s laptop');
  await expect
    .poll(
      async () => {
        await bob.goto(`/#/lots/${lotId}`);
        return bob.getByRole('heading', { level: 1, name: lotCode }).isVisible();
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  // Ada has Bob's device too, so each knows the other by name.
  card = await teamCard(ada);
  await expect
    .poll(
      async () => {
        await card.getByRole('button', { name: 'Sync now' }).click();
        return card.getByRole('table', { name: 'Other devices' }).innerText();
      },
      { timeout: 20_000 },
    )
    .toContain('Bob’s scanner');
  for (const page of [ada, bob]) {
    card = await teamCard(page);
    await card.getByRole('button', { name: 'Pause' }).click();
    await expect(card.getByTestId('team-sync-state')).toHaveText('paused');
  }
  return { ada, bob, lotId };
}

/** One Sync now on each device (paused: only Sync now runs a round); the navigation's Conflicts entry of each, after. */
async function syncBoth(pages: readonly Page[]): Promise<string[]> {
  for (const page of pages) {
    const card = await teamCard(page);
    const sync = card.getByRole('button', { name: 'Sync now' });
    await expect(sync).toBeEnabled();
    await sync.click();
    await expect(sync).toBeEnabled({ timeout: 20_000 });
  }
  return Promise.all(pages.map(async (page) => (await page.getByTestId('nav-conflicts').innerText()).replace(/\s+/gu, ' ')));
}

/** The open lot's Units tab, receiving `rows` (serial, asset tag) from a units CSV, as a person imports one. */
async function importTagged(page: Page, lotId: string, lotCode: string, rows: readonly (readonly [string, string])[]): Promise<void> {
  await page.goto(`/#/lots/${lotId}`);
  const units = await openUnitsTab(page);
  const chooser = page.waitForEvent('filechooser');
  await units.getByRole('button', { name: 'Import CSV…' }).click();
  const csv = ['lot_code,serial,asset_tag', ...rows.map(([serial, tag]) => `${lotCode},${serial},${tag}`), ''].join('\r\n');
  await (await chooser).setFiles({ name: 'tags.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog', { name: 'Import units' });
  await dialog.getByRole('button', { name: `Import ${rows.length} unit${rows.length === 1 ? '' : 's'}` }).click();
  await expect(dialog).toBeHidden();
  for (const [serial] of rows) await expect(units.getByRole('row').filter({ hasText: serial })).toBeVisible();
}

/** What the command palette (Ctrl K) says of a scanned or typed code: the unit it finds, its details. */
async function lookUp(page: Page, code: string): Promise<string> {
  await page.goto('/#/lots');
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').fill(code);
  const found = palette.getByRole('option').filter({ hasText: /^unit/u });
  await expect(found).toHaveCount(1);
  const text = (await found.innerText()).replace(/\s+/gu, ' ');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  return text;
}

test('one asset tag given to two units on two devices apart: both see the code-twice conflict, the look-up says the tag names two units, taking it off one settles it for both', async ({ browser }) => {
  const adaContext = await browser.newContext();
  const bobContext = await browser.newContext();
  try {
    const { ada, bob, lotId } = await pausedPair(adaContext, bobContext, 'TEAM-TAG-1');
    // Each receives a unit of the lot and gives it the same asset tag, neither seeing the other's.
    await importTagged(ada, lotId, 'TEAM-TAG-1', [['ADA0001', 'TAG-7001']]);
    await importTagged(bob, lotId, 'TEAM-TAG-1', [['BOB0001', 'TAG-7001']]);
    await expect.poll(() => syncBoth([ada, bob]), { timeout: 40_000 }).toEqual(['Conflicts 1', 'Conflicts 1']);

    // The same conflict, in the same words, on both devices.
    for (const page of [ada, bob]) {
      await page.getByTestId('nav-conflicts').click();
      const conflict = page.getByTestId('conflict');
      await expect(conflict).toHaveCount(1);
      await expect(page.getByRole('heading', { name: 'One code on two units — lot TEAM-TAG-1' })).toBeVisible();
      await expect(conflict).toContainText('Asset tag TAG-7001 was given to ADA0001 in lot TEAM-TAG-1');
      await expect(conflict).toContainText('on another device, to BOB0001 in lot TEAM-TAG-1');
      await expect(conflict).toContainText('looking TAG-7001 up finds ADA0001, which had it first');
      const changes = conflict.getByRole('table', { name: 'Changes concerned' });
      await expect(changes).toContainText('Ada’s laptop');
      await expect(changes).toContainText('Bob’s scanner');
      await expect(conflict.getByRole('button', { name: 'Keep TAG-7001 on ADA0001: take it off BOB0001' })).toBeVisible();
      await expect(conflict.getByRole('button', { name: 'Keep TAG-7001 on BOB0001: take it off ADA0001' })).toBeVisible();
    }
    const ids = await Promise.all([ada, bob].map((p) => p.getByTestId('conflict').getAttribute('data-conflict-id')));
    expect(ids[0]).toMatch(/^code-twice:/u);
    expect(ids[1]).toBe(ids[0]);

    // Looking the tag up finds the unit that had it first, and says another unit answers to it.
    for (const page of [ada, bob]) {
      const found = await lookUp(page, 'TAG-7001');
      expect(found).toContain('ADA0001');
      expect(found).toContain('asset tag TAG-7001');
      expect(found).toContain('BOB0001 also answers to this code: settle it in Conflicts');
    }

    // Bob keeps the tag on Ada's unit; once both sync, neither has a conflict.
    await bob.getByTestId('nav-conflicts').click();
    await bob.getByTestId('conflict').getByRole('button', { name: 'Keep TAG-7001 on ADA0001: take it off BOB0001' }).click();
    await expect(bob.getByTestId('no-conflicts')).toBeVisible();
    await expect.poll(() => syncBoth([bob, ada]), { timeout: 40_000 }).toEqual(['Conflicts', 'Conflicts']);
    for (const page of [ada, bob]) {
      await page.getByTestId('nav-conflicts').click();
      await expect(page.getByTestId('no-conflicts')).toBeVisible();
      // The tag is on Ada's unit alone; the look-up finds it, uncontested.
      await page.goto(`/#/lots/${lotId}`);
      const units = await openUnitsTab(page);
      await expect(units.getByRole('row').filter({ hasText: 'ADA0001' })).toContainText('TAG-7001');
      const bobsUnit = units.getByRole('row').filter({ hasText: 'BOB0001' });
      await expect(bobsUnit).toBeVisible();
      await expect(bobsUnit).not.toContainText('TAG-7001');
      const found = await lookUp(page, 'TAG-7001');
      expect(found).toContain('ADA0001');
      expect(found).not.toContain('also answer');
      expect(await lookUp(page, 'BOB0001')).not.toContain('also answer');
    }
  } finally {
    await adaContext.close();
    await bobContext.close();
  }
});

test('a write-down on one device and a lower unit cost on the other leave a lot without a schedule: both see schedule-broken, putting the cost back settles it and the schedule computes again', async ({ browser }) => {
  const adaContext = await browser.newContext();
  const bobContext = await browser.newContext();
  try {
    const { ada, bob, lotId } = await pausedPair(adaContext, bobContext, 'TEAM-FIN-1');
    // Ada writes the lot down by less than its book value today (4 × 1,000.00 less depreciation since 2024-02).
    await ada.goto(`/#/lots/${lotId}`);
    await ada.getByRole('tab', { name: 'Finance' }).click();
    const toNumber = (t: string | null): number => Number((t ?? '').replace(/[^\d.]/gu, ''));
    const nbv = toNumber(await ada.getByTestId('nbv-today').textContent());
    expect(nbv).toBeGreaterThan(500);
    await ada.getByRole('button', { name: 'Record impairment…' }).click();
    const adjust = ada.getByRole('dialog');
    await adjust.getByLabel('Amount (USD)').fill('500.00');
    await adjust.getByLabel('Note').fill('Water damage');
    await adjust.getByRole('button', { name: 'Record' }).click();
    await expect(adjust).toBeHidden();
    await expect(ada.getByText('Water damage')).toBeVisible();
    // Bob, not having seen it, lowers the unit cost: alone, the lot still has a schedule.
    await bob.goto(`/#/lots/${lotId}`);
    await bob.getByRole('button', { name: 'Edit' }).click();
    const form = bob.getByRole('form', { name: 'Edit lot' });
    await form.getByLabel('Unit cost').fill('10.00');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form).toBeHidden();
    await bob.getByRole('tab', { name: 'Finance' }).click();
    await expect(bob.getByRole('table', { name: 'Book depreciation schedule' })).toBeVisible();

    await expect.poll(() => syncBoth([ada, bob]), { timeout: 40_000 }).toEqual(['Conflicts 1', 'Conflicts 1']);
    for (const page of [ada, bob]) {
      await page.getByTestId('nav-conflicts').click();
      const conflict = page.getByTestId('conflict');
      await expect(conflict).toHaveCount(1);
      await expect(page.getByRole('heading', { name: 'A lot left without a depreciation schedule — lot TEAM-FIN-1' })).toBeVisible();
      await expect(conflict).toContainText('leave lot TEAM-FIN-1 without a book schedule');
      const changes = conflict.getByRole('table', { name: 'Changes concerned' });
      await expect(changes.getByRole('row').filter({ hasText: 'Ada’s laptop' })).toContainText('wrote lot TEAM-FIN-1 down by');
      await expect(changes.getByRole('row').filter({ hasText: 'Bob’s scanner' })).toContainText('set the unit cost to');
      await expect(conflict.getByRole('button', { name: /^Keep the write-down; put the unit cost back to/u })).toBeVisible();
      await expect(conflict.getByRole('button', { name: /unit cost; take back .* change \(wrote lot TEAM-FIN-1 down by/u })).toBeVisible();
      // The lot's Finance tab says why it has no schedule.
      await page.goto(`/#/lots/${lotId}`);
      await page.getByRole('tab', { name: 'Finance' }).click();
      await expect(page.getByRole('alert')).toContainText('This lot’s depreciation cannot be computed');
    }
    const ids = await Promise.all(
      [ada, bob].map(async (p) => {
        await p.getByTestId('nav-conflicts').click();
        return p.getByTestId('conflict').getAttribute('data-conflict-id');
      }),
    );
    expect(ids[0]).toMatch(/^schedule-broken:/u);
    expect(ids[1]).toBe(ids[0]);

    // Ada keeps her write-down and puts the unit cost back; once both sync, the lot has a schedule on both.
    await ada.getByTestId('conflict').getByRole('button', { name: /^Keep the write-down; put the unit cost back to/u }).click();
    await expect(ada.getByTestId('no-conflicts')).toBeVisible();
    await expect.poll(() => syncBoth([ada, bob]), { timeout: 40_000 }).toEqual(['Conflicts', 'Conflicts']);
    for (const page of [ada, bob]) {
      await page.getByTestId('nav-conflicts').click();
      await expect(page.getByTestId('no-conflicts')).toBeVisible();
      await page.goto(`/#/lots/${lotId}`);
      await page.getByRole('tab', { name: 'Finance' }).click();
      await expect(page.getByRole('table', { name: 'Book depreciation schedule' })).toBeVisible();
      await expect(page.getByText('Water damage')).toBeVisible();
      expect(toNumber(await page.getByTestId('nbv-today').textContent())).toBeCloseTo(nbv - 500, 2);
    }
  } finally {
    await adaContext.close();
    await bobContext.close();
  }
});

test('one device’s serial given as the other’s asset tag: code-twice on both, the look-up and the shipment scan refuse to pick a unit, taking the tag off settles it', async ({ browser }) => {
  const adaContext = await browser.newContext();
  const bobContext = await browser.newContext();
  try {
    const { ada, bob, lotId } = await pausedPair(adaContext, bobContext, 'TEAM-SER-1');
    await importTagged(ada, lotId, 'TEAM-SER-1', [['SRV-4242', '']]);
    await importTagged(bob, lotId, 'TEAM-SER-1', [['BOB0002', 'SRV-4242']]);
    await expect.poll(() => syncBoth([ada, bob]), { timeout: 40_000 }).toEqual(['Conflicts 1', 'Conflicts 1']);
    const settle = 'Take asset tag SRV-4242 off BOB0002 (its label then shows its serial)';
    for (const page of [ada, bob]) {
      await page.getByTestId('nav-conflicts').click();
      const conflict = page.getByTestId('conflict');
      await expect(conflict).toHaveCount(1);
      await expect(page.getByRole('heading', { name: 'One code on two units — lot TEAM-SER-1' })).toBeVisible();
      await expect(conflict).toContainText('SRV-4242 is the serial of a unit received into lot TEAM-SER-1');
      await expect(conflict).toContainText('the asset tag of BOB0002 in lot TEAM-SER-1');
      await expect(conflict).toContainText('looking SRV-4242 up finds the unit whose serial it is');
      await expect(conflict.getByRole('button', { name: settle })).toBeVisible();
      // The palette finds the unit whose serial it is, and names the other.
      const found = await lookUp(page, 'SRV-4242');
      expect(found).toContain('BOB0002 also answers to this code: settle it in Conflicts');
      // A shipment scan adds neither: the code names two units.
      await page.goto('/#/shipment');
      const scanBox = page.getByLabel('Scan serial or asset tag');
      await scanBox.fill('SRV-4242');
      await scanBox.press('Enter');
      await expect(page.getByRole('alert')).toContainText('SRV-4242 names more than one unit (SRV-4242, BOB0002) until a team-sync conflict is settled');
    }

    await ada.getByTestId('nav-conflicts').click();
    await ada.getByTestId('conflict').getByRole('button', { name: settle }).click();
    await expect(ada.getByTestId('no-conflicts')).toBeVisible();
    await expect.poll(() => syncBoth([ada, bob]), { timeout: 40_000 }).toEqual(['Conflicts', 'Conflicts']);
    for (const page of [ada, bob]) {
      await page.goto(`/#/lots/${lotId}`);
      const units = await openUnitsTab(page);
      const bobsUnit = units.getByRole('row').filter({ hasText: 'BOB0002' });
      await expect(bobsUnit).toBeVisible();
      await expect(bobsUnit).not.toContainText('SRV-4242');
      expect(await lookUp(page, 'SRV-4242')).not.toContain('also answer');
      await page.goto('/#/shipment');
      const scanBox = page.getByLabel('Scan serial or asset tag');
      await scanBox.fill('SRV-4242');
      await scanBox.press('Enter');
      await expect(page.getByRole('region', { name: 'Lot TEAM-SER-1' }).getByText('SRV-4242')).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
    }
  } finally {
    await adaContext.close();
    await bobContext.close();
  }
});

test('the ledger’s folder gone from the team folder: the card says so and how to choose it again, and doing what it says syncs again with this device’s changes', async ({ browser }) => {
  const context = await browser.newContext();
  const away = await mkdtemp(join(tmpdir(), 'fleetledger-e2e-away-'));
  try {
    await withSharedFolder(context);
    const ada = await context.newPage();
    await openLots(ada);
    let card = await teamCard(ada);
    await card.getByLabel('This device’s name').fill('Ada’s laptop');
    await card.getByRole('button', { name: 'Share this ledger in a folder…' }).click();
    await expect(card.getByTestId('team-last-sync')).not.toHaveText('never');
    const ledgerFolder = (await readdir(shared)).find((n) => n.startsWith('fleetledger-')) as string;

    // Someone moves the ledger's folder away (a sync tool's mistake, a tidy-up); a change is made meanwhile.
    await rename(join(shared, ledgerFolder), join(away, ledgerFolder));
    await openLots(ada);
    await createR760Lot(ada, 'WHILE-AWAY-1', 2, { status: 'in-service' });
    card = await teamCard(ada);
    await card.getByRole('button', { name: 'Sync now' }).click();
    const error = card.getByRole('alert');
    await expect(error).toContainText('no ledger.json any more');
    // What it tells the person to do is there on the card, named as the card names it.
    const says = await error.innerText();
    expect(says).toContain('Stop syncing on this device');
    expect(says).toContain('Join a ledger in a folder…');
    await expect(card.getByRole('button', { name: 'Stop syncing on this device' })).toBeVisible();

    // The folder is put back; the person does what the card said.
    await rename(join(away, ledgerFolder), join(shared, ledgerFolder));
    await card.getByRole('button', { name: 'Stop syncing on this device' }).click();
    await card.getByRole('button', { name: 'Join a ledger in a folder…' }).click();
    await ada.getByRole('dialog', { name: 'Join the team’s ledger' }).getByRole('button', { name: 'Merge this device’s data in' }).click();
    await expect(card.getByTestId('team-last-sync')).not.toHaveText('never');
    await expect(card.getByTestId('team-sync-state')).toHaveText('on');
    // The lot made while the folder was away is in the folder now: the device's own folder holds two segments.
    const devices = await readdir(join(shared, ledgerFolder, 'devices'));
    expect(devices).toHaveLength(1);
    expect((await readdir(join(shared, ledgerFolder, 'devices', devices[0] as string))).filter((f) => f.endsWith('.jsonl.gz')).length).toBeGreaterThanOrEqual(2);
  } finally {
    await context.close();
    await rm(away, { recursive: true, force: true });
  }
});
