/**
 * Backups, restore and the data-loss alarm in the browser build (issue 9), as a person uses
 * them: Settings → Backups, a downloaded `.fleetledger` file, another browser profile.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { readStoredGzipMember } from '../../shared/ledger/gzipMembers';
import { expect, type Page } from '@playwright/test';
import { test } from '@playwright/test';
import { openLots } from './helpers';

async function backUpNow(page: Page): Promise<Buffer> {
  await page.goto('/#/settings');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Back up now' }).first().click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^Fleetledger-\d{4}-\d{2}-\d{2}\.fleetledger$/u);
  const path = await file.path();
  await expect(page.getByTestId('last-backup')).not.toHaveText('never');
  return readFile(path);
}

/** The database disappears as in a wiped profile (the app closes its connection when asked). */
async function deleteDatabase(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('fleetledger');
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }),
  );
}

/** The backup's body: every byte after its header (stored uncompressed as the file's first gzip member). */
function body(file: Buffer): Buffer {
  const header = readStoredGzipMember(file);
  if (header === null) throw new Error('not a format-2 backup: no stored header member');
  return file.subarray(header.end);
}

/**
 * What a newer build does to the database: opens it 10 versions further, adding a table of its
 * own (with one row); returns the version it was at before.
 */
async function upgradeAsANewerVersion(page: Page): Promise<number> {
  // Its version read by opening it (the page may be one without indexedDB.databases()).
  const current = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open('fleetledger');
        request.onsuccess = () => {
          const version = request.result.version;
          request.result.close();
          resolve(version);
        };
        request.onerror = () => reject(request.error);
      }),
  );
  await page.evaluate(
    (v) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('fleetledger', v + 10);
        request.onupgradeneeded = () => request.result.createObjectStore('fromTheFuture').put('kept', 'note');
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
    current,
  );
  return current;
}

async function lotCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('fleetledger');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('lots')) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction('lots').objectStore('lots').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

test('back up, restore into an empty profile, back up again: the bodies are byte-identical', async ({ page, browser }) => {
  await openLots(page);
  // A change of our own, so the backup is more than the demo.
  await page.goto('/#/settings');
  await page.getByLabel('Fiscal year starts in').selectOption('4');
  const first = await backUpNow(page);
  expect([first[0], first[1]]).toEqual([0x1f, 0x8b]);

  const other = await browser.newContext();
  try {
    const page2 = await other.newPage();
    // The backup's members are inflated in a worker (renderer/db/inflate.ts) the built app starts.
    const workers: string[] = [];
    page2.on('worker', (w) => workers.push(w.url()));
    await openLots(page2);
    await page2.goto('/#/settings');
    const chooser = page2.waitForEvent('filechooser');
    await page2.getByRole('button', { name: 'Restore from backup…' }).first().click();
    await (await chooser).setFiles({ name: 'restore.fleetledger', mimeType: 'application/gzip', buffer: first });
    const confirm = page2.getByRole('dialog', { name: 'Restore from backup' });
    await expect(confirm).toContainText('whole, verified backup');
    expect(workers.filter((url) => /\/codecWorker-[^/]*\.js$/u.test(url))).toHaveLength(1);
    // The profile's own (demo) ledger is downloaded before it is replaced.
    const before = page2.waitForEvent('download');
    // The page reloads once the restore is written; the views show the restored ledger before
    // that (live queries), so the next step waits for the reload rather than racing it (a click
    // on Back up now just before it was lost with the page).
    const reloaded = page2.waitForEvent('load');
    await confirm.getByRole('button', { name: 'Replace the ledger with this backup' }).click();
    expect((await before).suggestedFilename()).toMatch(/before-restore/u);
    await reloaded;
    await expect(page2.getByRole('heading', { level: 1, name: /Settings/u })).toBeVisible();
    await expect(page2.getByLabel('Fiscal year starts in')).toHaveValue('4');
    const second = await backUpNow(page2);
    expect(body(second).length).toBeGreaterThan(1000);
    expect(body(second).equals(body(first))).toBe(true);
    // zcat reads both as the same text after the header line.
    const text = (file: Buffer): string => gunzipSync(file).toString('utf8').replace(/^[^\n]*\n/u, '');
    expect(text(second)).toBe(text(first));

    await page2.getByRole('button', { name: 'Verify ledger' }).click();
    await expect(page2.getByTestId('ledger-check')).toContainText('The ledger is whole');
  } finally {
    await other.close();
  }
});

test('a damaged backup is refused with the reason and changes nothing', async ({ page }) => {
  await openLots(page);
  const file = await backUpNow(page);
  const damaged = Buffer.from(file);
  const at = Math.floor(damaged.length / 2);
  damaged[at] = (damaged[at] as number) ^ 0x01;
  const lots = await lotCount(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Restore from backup…' }).first().click();
  await (await chooser).setFiles({ name: 'damaged.fleetledger', mimeType: 'application/gzip', buffer: damaged });
  await expect(page.getByText(/damaged\.fleetledger was not restored: The backup is damaged/u)).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Restore from backup' })).toBeHidden();
  expect(await lotCount(page)).toBe(lots);
});

test('the data-loss alarm: a deleted database is not shown as an empty fleet, and the demo is not re-seeded', async ({ page }) => {
  await openLots(page);
  const lots = await lotCount(page);
  expect(lots).toBeGreaterThan(30);
  const backup = await backUpNow(page);
  // The database disappears (a wiped profile), the app is opened again.
  await deleteDatabase(page);
  await page.reload();
  const alarm = page.getByRole('alertdialog', { name: 'Ledger data is missing' });
  await expect(alarm).toBeVisible();
  await expect(alarm).toContainText('The ledger database is missing');
  // Named as the app names it, not by the start of its id.
  await expect(alarm).toContainText(/This computer last held the ledger “[^”]+” with [\d,]+ events/u);
  expect(await page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'fleetledger'))).toBe(false);
  await expect(page.getByRole('grid', { name: 'Lots' })).toHaveCount(0);

  // Restore from the backup brings the fleet back, after saying what the backup holds.
  const chooser = page.waitForEvent('filechooser');
  await alarm.getByRole('button', { name: 'Restore from backup…' }).click();
  await (await chooser).setFiles({ name: 'backup.fleetledger', mimeType: 'application/gzip', buffer: backup });
  await expect(alarm).toContainText('backup.fleetledger is a whole, verified backup of');
  await expect(alarm).toContainText('It is a backup of the ledger this computer last held, with all the events recorded.');
  expect(await page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'fleetledger'))).toBe(false);
  await alarm.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(alarm).toBeHidden();
  await openLots(page);
  expect(await lotCount(page)).toBe(lots);
  // The file restored is a backup of this ledger: it was not "never" backed up.
  await page.goto('/#/settings');
  await expect(page.getByTestId('last-backup')).not.toHaveText('never');
});

test('starting an empty ledger at the alarm is explicit, and then the app starts empty without the demo', async ({ page }) => {
  await openLots(page);
  await deleteDatabase(page);
  await page.reload();
  const alarm = page.getByRole('alertdialog', { name: 'Ledger data is missing' });
  await alarm.getByRole('button', { name: 'Start an empty ledger…' }).click();
  await alarm.getByRole('button', { name: 'Yes, start an empty ledger' }).click();
  await expect(alarm).toBeHidden();
  await page.goto('/#/lots');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  expect(await lotCount(page)).toBe(0);
  // A reload keeps it empty and shows no alarm: the record follows the new ledger.
  await page.reload();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  expect(await lotCount(page)).toBe(0);
});

test('a database written by a newer version is refused untouched', async ({ page }) => {
  await openLots(page);
  // Another build (a newer version) upgrades the database further.
  const current = await upgradeAsANewerVersion(page);
  await page.reload();
  await expect(page.getByRole('alertdialog', { name: 'This ledger is from a newer Fleetledger' })).toBeVisible();
  const after = await page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'fleetledger')?.version ?? 0);
  expect(after).toBe(current + 10);
});

/**
 * The folder a person would pick for backups with the folder picker; here the page's own private
 * folder (the same File System Access API, without the picker, which a test cannot click).
 */
async function chooseBackupFolder(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle('backups', { create: true });
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('fleetledger-device', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('handles');
      open.onsuccess = () => {
        const tx = open.result.transaction('handles', 'readwrite');
        tx.objectStore('handles').put(folder, 'backupFolder');
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
  });
}

/** The names of the files in the folder of {@link chooseBackupFolder}. */
function backupFolderFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle('backups');
    const names: string[] = [];
    for await (const [name] of (folder as unknown as { entries(): AsyncIterable<[string, unknown]> }).entries()) names.push(name);
    return names;
  });
}

test('in a browser with folder access, the daily backup is written into the chosen folder', async ({ page }) => {
  await openLots(page);
  await chooseBackupFolder(page);
  await page.reload();
  const files = () => backupFolderFiles(page);
  await expect.poll(files, { timeout: 30_000 }).toEqual([expect.stringMatching(/^Fleetledger-\d{4}-\d{2}-\d{2}-daily-[0-9a-f]{6}\.fleetledger$/u)]);
  // Named with this browser's tag, kept in its local storage (another browser sharing the folder has its own).
  const tag = await page.evaluate(() => localStorage.getItem('fleetledger.backupInstallation'));
  expect((await files())[0]).toContain(`-daily-${tag ?? 'none'}.fleetledger`);
  const bytes = await page.evaluate(async (name) => {
    const root = await navigator.storage.getDirectory();
    const file = await (await (await root.getDirectoryHandle('backups')).getFileHandle(name)).getFile();
    return [...new Uint8Array(await file.arrayBuffer())];
  }, (await files())[0] as string);
  const text = gunzipSync(Buffer.from(bytes)).toString('utf8');
  expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ format: 'fleetledger-backup' });
  await page.goto('/#/settings');
  await expect(page.getByText('Automatic backups go to the folder backups.')).toBeVisible();
  await expect(page.getByTestId('last-backup')).not.toHaveText('never');
  // Listed there, as the desktop lists its own, each ready to restore (verified first, then asked).
  const daily = (await files())[0] as string;
  const listed = page.getByRole('table', { name: 'Automatic backups' });
  await expect(listed).toContainText(daily);
  await listed.getByRole('button', { name: `Restore ${daily}…` }).click();
  await expect(page.getByRole('dialog', { name: 'Restore from backup' })).toContainText(`${daily} is a whole, verified backup`);
});

test('in a browser with folder access, the data-loss alarm offers the newest backup of the ledger in that folder', async ({ page }) => {
  await openLots(page);
  const lots = await lotCount(page);
  await chooseBackupFolder(page);
  await page.reload();
  await expect.poll(() => backupFolderFiles(page), { timeout: 30_000 }).toEqual([expect.stringMatching(/^Fleetledger-\d{4}-\d{2}-\d{2}-daily-[0-9a-f]{6}\.fleetledger$/u)]);
  const [daily] = await backupFolderFiles(page);
  // The database disappears (a wiped site storage that left the folder), the app is opened again.
  await deleteDatabase(page);
  await page.reload();
  const alarm = page.getByRole('alertdialog', { name: 'Ledger data is missing' });
  await expect(alarm).toBeVisible();
  // The page's own folder needs no permission asked; a folder on disk is offered by a button that asks first.
  const offer = alarm.getByRole('button', { name: `Restore the newest backup of this ledger (${daily ?? 'none'},` });
  await expect(offer).toBeVisible();
  await offer.click();
  await expect(alarm).toContainText(`${daily ?? 'none'} is a whole, verified backup of`);
  await expect(alarm).toContainText('It is a backup of the ledger this computer last held, with all the events recorded.');
  await alarm.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(alarm).toBeHidden();
  await openLots(page);
  expect(await lotCount(page)).toBe(lots);
});

test('an empty file offered as a backup is said to be empty, and changes nothing', async ({ page }) => {
  await openLots(page);
  const lots = await lotCount(page);
  await page.goto('/#/settings');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Restore from backup…' }).first().click();
  await (await chooser).setFiles({ name: 'empty.fleetledger', mimeType: 'application/gzip', buffer: Buffer.alloc(0) });
  await expect(page.getByText('empty.fleetledger was not restored: This is not a Fleetledger backup: the file is empty.')).toBeVisible();
  expect(await lotCount(page)).toBe(lots);
});

test('the data-loss alarm works from the keyboard: focus starts in it, and the confirmation takes and gives back the focus', async ({ page }) => {
  await openLots(page);
  await deleteDatabase(page);
  await page.reload();
  const alarm = page.getByRole('alertdialog', { name: 'Ledger data is missing' });
  await expect(alarm).toBeVisible();
  // An alert dialog takes the focus: the way on is one Enter away, not somewhere behind the page.
  await expect(alarm.getByRole('button', { name: 'Restore from backup…' })).toBeFocused();
  await page.keyboard.press('Tab');
  const startEmpty = alarm.getByRole('button', { name: 'Start an empty ledger…' });
  await expect(startEmpty).toBeFocused();
  await page.keyboard.press('Enter');
  // The button pressed is replaced by the question: the focus goes to its safe answer (a second
  // Enter does not clear anything), which says the question, not back to the page.
  const cancel = alarm.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toBeFocused();
  await expect(cancel).toHaveAccessibleDescription(/Start over with an empty ledger \(no demo\)\?/u);
  await page.keyboard.press('Shift+Tab');
  const yes = alarm.getByRole('button', { name: 'Yes, start an empty ledger' });
  await expect(yes).toBeFocused();
  await expect(yes).toHaveAccessibleDescription(/Start over with an empty ledger \(no demo\)\?/u);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(startEmpty).toBeFocused();
  expect(await lotCount(page)).toBe(0);
});

test('restoring over a database written by a newer version saves that database first, as it is', async ({ page }) => {
  await openLots(page);
  const backup = await backUpNow(page);
  const lots = await lotCount(page);
  const current = await upgradeAsANewerVersion(page);
  await page.reload();
  const stop = page.getByRole('alertdialog', { name: 'This ledger is from a newer Fleetledger' });
  await expect(stop).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  const saved = page.waitForEvent('download');
  await stop.getByRole('button', { name: 'Restore from backup…' }).click();
  await (await chooser).setFiles({ name: 'backup.fleetledger', mimeType: 'application/gzip', buffer: backup });
  await stop.getByRole('button', { name: 'Replace the ledger with this backup' }).click();
  // The newer ledger is replaced only after it is kept: every table and row, at its version (which that version can restore).
  const file = await saved;
  expect(file.suggestedFilename()).toMatch(/before-restore\.fleetledger$/u);
  const text = gunzipSync(await readFile(await file.path())).toString('utf8');
  expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ format: 'fleetledger-raw-dump', schemaVersion: current / 10 + 1 });
  expect(text).toContain('{"row":"kept","table":"fromTheFuture"}');
  await expect(stop).toBeHidden();
  await openLots(page);
  expect(await lotCount(page)).toBe(lots);
});

test('in a browser without indexedDB.databases(), the ledger is found at start, a missing one still raises the alarm, and a newer one is still refused', async ({ page }) => {
  // Firefox before 126 has no databases(): the version is read by opening the database.
  await page.addInitScript(() => {
    Object.defineProperty(IDBFactory.prototype, 'databases', { value: undefined, configurable: true });
  });
  await openLots(page);
  const lots = await lotCount(page);
  expect(lots).toBeGreaterThan(30);
  await page.reload();
  await openLots(page);
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  expect(await lotCount(page)).toBe(lots);

  await upgradeAsANewerVersion(page);
  await page.reload();
  await expect(page.getByRole('alertdialog', { name: 'This ledger is from a newer Fleetledger' })).toBeVisible();

  await deleteDatabase(page);
  await page.reload();
  await expect(page.getByRole('alertdialog', { name: 'Ledger data is missing' })).toBeVisible();
});

test('restoring an older backup of the open ledger says the changes made since are replaced, and the alarm names the ledger it restores', async ({ page }) => {
  await openLots(page);
  await page.goto('/#/settings');
  await page.getByLabel('Ledger name').fill('Acme GPU fleet');
  await page.getByLabel('Ledger name').blur();
  await expect(page.getByText('The ledger is now called Acme GPU fleet')).toBeVisible();
  // The hint names the backups as they are named: spaces and the like become dashes.
  await expect(page.getByText('Names the backups (Acme-GPU-fleet-<date>.fleetledger); shared by the team.')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Back up now' }).first().click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^Acme-GPU-fleet-\d{4}-\d{2}-\d{2}\.fleetledger$/u);
  const backup = await readFile(await file.path());
  // A change after the backup.
  await page.getByLabel('Fiscal year starts in').selectOption('7');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Restore from backup…' }).first().click();
  await (await chooser).setFiles({ name: 'older.fleetledger', mimeType: 'application/gzip', buffer: backup });
  const confirm = page.getByRole('dialog', { name: 'Restore from backup' });
  await expect(confirm).toContainText('older.fleetledger is a whole, verified backup of Acme GPU fleet');
  await expect(confirm).toContainText(/It is a backup of this ledger from before its last changes: it holds [\d,]+ of the [\d,]+ events here, so the changes made since are replaced\./u);
  await confirm.getByRole('button', { name: 'Cancel' }).click();

  await deleteDatabase(page);
  await page.reload();
  const alarm = page.getByRole('alertdialog', { name: 'Ledger data is missing' });
  await expect(alarm).toContainText('This computer last held the ledger “Acme GPU fleet” with');
  const again = page.waitForEvent('filechooser');
  await alarm.getByRole('button', { name: 'Restore from backup…' }).click();
  await (await again).setFiles({ name: 'older.fleetledger', mimeType: 'application/gzip', buffer: backup });
  await expect(alarm).toContainText(/It is a backup of the ledger this computer last held, but it holds [\d,]+ of the [\d,]+ events recorded: the changes made after it are not in it\./u);
  await alarm.getByRole('button', { name: 'Cancel' }).click();
  await expect(alarm.getByRole('button', { name: 'Restore from backup…' })).toBeFocused();
});
