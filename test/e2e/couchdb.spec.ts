/**
 * Team sync through a CouchDB server in the browser build (issue 11), as two people use it: two
 * browser contexts are two devices with their own IndexedDB, both connected to one database on a
 * real PouchDB Server on 127.0.0.1 (test/sync/pouchRig.ts). A lot created and a lot moved on one
 * appear on the other; then the server is stopped, both change the same lot while it is away,
 * and once it is back both show the same fleet and the same conflict.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { freePort, startPouchServer, type PouchServer } from '../sync/pouchRig';
import { createR760Lot, openLotId, openLots, storedLots } from './helpers';

let server: PouchServer;
test.beforeAll(async () => {
  server = await startPouchServer();
});
test.afterAll(async () => {
  await server?.dispose();
});

async function serverCard(page: Page) {
  await page.goto('/#/settings');
  const card = page.getByRole('region', { name: 'Team sync: CouchDB server' });
  await expect(card).toBeVisible();
  return card;
}

async function connect(page: Page, url: string, deviceName: string) {
  const card = await serverCard(page);
  await card.getByLabel('Database URL').fill(url);
  await card.getByLabel('This device’s name').fill(deviceName);
  await card.getByRole('button', { name: 'Connect' }).click();
  return card;
}

async function setSupplier(page: Page, lotId: string, supplier: string): Promise<void> {
  await page.goto(`/#/lots/${lotId}`);
  await page.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit lot' });
  await form.getByLabel('Supplier').fill(supplier);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('region', { name: 'Details' }).getByText(supplier)).toBeVisible();
}

test('two devices sync through a CouchDB server: changes arrive on their own; offline changes to one lot meet as the same conflict on both', async ({ browser }) => {
  test.setTimeout(120_000);
  const contexts: BrowserContext[] = [await browser.newContext(), await browser.newContext()];
  try {
    const [ada, bob] = await Promise.all(contexts.map((c) => c.newPage())) as [Page, Page];
    const url = `${server.origin}/fleet-e2e`;

    // Ada shares her ledger on the server (the database is made for it).
    await openLots(ada);
    let card = await connect(ada, url, 'Ada’s laptop');
    await expect(card.getByTestId('couch-state')).toHaveText('connected');
    await expect(card.getByTestId('couch-last-sync')).not.toHaveText('never');
    await expect(card.getByTestId('couch-counts')).not.toHaveText(/^0 sent/u);

    // Bob, with his own demo ledger, joins it and starts from the team's (his backed up first).
    await openLots(bob);
    card = await connect(bob, url, 'Bob’s scanner');
    const joinDialog = bob.getByRole('dialog', { name: 'Join the team’s ledger' });
    await expect(joinDialog).toContainText('The database holds the ledger');
    const backup = bob.waitForEvent('download');
    await joinDialog.getByRole('button', { name: /^Start from the team’s ledger/u }).click();
    expect((await backup).suggestedFilename()).toMatch(/before-restore/u);
    await expect(card.getByTestId('couch-state')).toHaveText('connected');
    await expect.poll(() => storedLots(bob), { timeout: 20_000 }).toEqual(await storedLots(ada));

    // A lot created on Ada's device appears on Bob's with no click there (the server's change feed).
    await openLots(ada);
    await createR760Lot(ada, 'SRV-ADA-1', 4, { status: 'in-service' });
    const lotId = openLotId(ada);
    await bob.goto('/#/lots');
    await expect.poll(async () => (await storedLots(bob)).some((l) => l.startsWith(`SRV-ADA-1 ${lotId} in-service`)), { timeout: 20_000 }).toBe(true);
    // And a move of it.
    await ada.getByRole('button', { name: 'Move…' }).click();
    const dialog = ada.getByRole('dialog');
    await dialog.getByText('Spare', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(async () => (await storedLots(bob)).some((l) => l.startsWith(`SRV-ADA-1 ${lotId} spare`)), { timeout: 20_000 }).toBe(true);
    await bob.goto(`/#/lots/${lotId}`);
    await expect(bob.getByRole('list', { name: 'Events' })).toContainText('on Ada’s laptop');

    // The server goes away. Both change the same lot's supplier, each without the other's.
    await server.stop();
    await setSupplier(ada, lotId, 'Ada Supplies');
    await setSupplier(bob, lotId, 'Bob Parts');
    for (const page of [ada, bob]) {
      card = await serverCard(page);
      await card.getByRole('button', { name: 'Sync now' }).click();
      await expect(card.getByTestId('couch-state')).toHaveText(/^offline/u, { timeout: 20_000 });
      await expect(card.getByTestId('couch-message')).toContainText('The server cannot be reached');
    }

    // It comes back: both send what they kept and take the other's, and list the same conflict.
    await server.start();
    const navCounts = async (): Promise<string[]> => {
      for (const page of [ada, bob]) {
        const sync = page.getByRole('region', { name: 'Team sync: CouchDB server' }).getByRole('button', { name: 'Sync now' });
        await expect(sync).toBeEnabled();
        await sync.click();
      }
      return Promise.all([ada, bob].map(async (page) => (await page.getByTestId('nav-conflicts').innerText()).replace(/\s+/gu, ' ')));
    };
    await expect.poll(navCounts, { timeout: 60_000 }).toEqual(['Conflicts 1', 'Conflicts 1']);
    for (const page of [ada, bob]) await expect(page.getByRole('region', { name: 'Team sync: CouchDB server' }).getByTestId('couch-state')).toHaveText('connected');
    expect(await storedLots(bob)).toEqual(await storedLots(ada));
    const conflictText = async (page: Page): Promise<string> => {
      await page.getByTestId('nav-conflicts').click();
      const conflict = page.getByTestId('conflict');
      await expect(conflict).toContainText('supplier of lot SRV-ADA-1 was changed on two devices');
      return (await conflict.innerText()).replace(/\s+/gu, ' ');
    };
    expect(await conflictText(bob)).toEqual(await conflictText(ada));
  } finally {
    for (const c of contexts) await c.close();
  }
});

test('Connect to a server that does not answer says so, names it, and promises nothing: the card stays unconnected', async ({ browser }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await openLots(page);
    // Nothing listens there (a wrong port, a server that is down).
    const url = `http://127.0.0.1:${await freePort()}/fleet`;
    const card = await connect(page, url, 'Ada’s laptop');
    const problem = card.getByTestId('couch-problem');
    await expect(problem).toBeVisible({ timeout: 20_000 });
    await expect(problem).toContainText(url);
    // Nothing was kept: no change of this device waits to be sent there.
    await expect(problem).not.toContainText('sent when it is back');
    await expect(card.getByRole('button', { name: 'Connect' })).toBeVisible();
    await expect(card.getByTestId('couch-state')).toHaveCount(0);
  } finally {
    await context.close();
  }
});
