/**
 * Steps the unit specs share, done through the UI as a person would. Every spec starts on a fresh
 * IndexedDB with the demo fleet; these build on it.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export async function openLots(page: Page): Promise<void> {
  await page.goto('/#/lots');
  await expect(page.getByRole('grid', { name: 'Lots' })).toBeVisible();
}

/**
 * Registers a lot of Dell PowerEdge R760s (a storage-bearing CPU server) through the New lot
 * dialog, in service since 2024-02-01 at the first site, and waits for its page.
 */
export async function createR760Lot(page: Page, code: string, quantity: number, options: { status: 'draining' | 'in-service'; poNumber?: string }): Promise<void> {
  await page.getByRole('button', { name: 'New lot' }).first().click();
  const create = page.getByRole('dialog', { name: 'New lot' });
  await create.getByLabel('Lot code').fill(code);
  const modelSelect = create.getByLabel('Hardware model');
  const model = await modelSelect.locator('option', { hasText: 'PowerEdge R760 ' }).first().getAttribute('value');
  await modelSelect.selectOption(model ?? '');
  await create.getByLabel('Status').selectOption(options.status);
  await create.getByLabel('Quantity').fill(String(quantity));
  await create.getByLabel('Unit cost').fill('1000.00');
  await create.getByLabel('Purchase date').fill('2024-01-10');
  await create.getByLabel('In-service date').fill('2024-02-01');
  await create.getByLabel('Site').selectOption({ index: 1 });
  if (options.poNumber) await create.getByLabel('PO number').fill(options.poNumber);
  await create.getByRole('button', { name: 'Register lot' }).click();
  await expect(create).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: code })).toBeVisible();
}

export async function openUnitsTab(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Units' }).click();
  return page.getByRole('region', { name: 'Units' });
}

/** Pastes serials into the open scan session. */
export async function pasteSerials(page: Page, serials: readonly string[]): Promise<Locator> {
  const session = page.getByRole('dialog', { name: 'Scan session' });
  await session.getByText('Paste a column of serials').click();
  await session.getByLabel('Pasted serials').fill(serials.join('\n'));
  await session.getByRole('button', { name: 'Scan pasted serials' }).click();
  return session;
}

/** Receives serials into the open lot by a pasted scan session, committed; returns its Units tab. */
export async function receive(page: Page, serials: readonly string[]): Promise<Locator> {
  const units = await openUnitsTab(page);
  await units.getByRole('button', { name: 'Receive / scan…' }).click();
  const session = await pasteSerials(page, serials);
  await session.getByRole('button', { name: `Commit ${serials.length} unit${serials.length === 1 ? '' : 's'}` }).click();
  await expect(session).toBeHidden();
  return units;
}

/** Records a verified NIST SP 800-88 sanitisation (nvme-cli 2.8) for the named units of the Units tab. */
export async function recordSanitisation(page: Page, units: Locator, serials: readonly string[]): Promise<void> {
  for (const s of serials) await units.getByLabel(`Select ${s}`, { exact: true }).check();
  const n = serials.length;
  await units.getByRole('button', { name: `Record sanitisation (${n})…` }).click();
  const form = page.getByRole('dialog', { name: 'Record sanitisation' });
  await form.getByLabel('Tool', { exact: true }).fill('nvme-cli');
  await form.getByLabel('Tool version').fill('2.8');
  await form.getByLabel('Performed by').fill('A. Technician');
  await form.getByRole('button', { name: `Record for ${n} unit${n === 1 ? '' : 's'}` }).click();
  await expect(form).toBeHidden();
}

/** Replaces window.print with a counter (a real print dialog would block the headless browser). */
export async function stubPrint(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { printCalls: number };
    w.printCalls = 0;
    window.print = () => {
      w.printCalls += 1;
    };
  });
}

export const printCalls = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { printCalls: number }).printCalls);

/**
 * The work-in-progress draft under `key` as IndexedDB holds it now (null when there is none):
 * what a crash at this moment would leave. Read with the raw IndexedDB API, beside the app's own
 * connection, so a test can wait until a scan is on disk before it reloads.
 */
export function savedDraft(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (k) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('fleetledger');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('drafts').objectStore('drafts').get(k);
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { value?: unknown } | undefined)?.value ?? null);
          };
          get.onerror = () => {
            db.close();
            reject(get.error);
          };
        };
      }),
    key,
  );
}

/** The id of the lot whose page is open (#/lots/<id>). */
export function openLotId(page: Page): string {
  const id = new URL(page.url()).hash.split('/')[2];
  if (!id) throw new Error(`Not on a lot's page: ${page.url()}`);
  return decodeURIComponent(id);
}

/** Every lot as `<code> <id> <status> <supplier id>`, read from the page's IndexedDB. */
export async function storedLots(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((done, fail) => {
        const open = indexedDB.open('fleetledger');
        open.onsuccess = () => {
          const r = open.result.transaction('lots').objectStore('lots').getAll();
          r.onsuccess = () => {
            open.result.close();
            done((r.result as { id: string; code: string; status: string; supplierId?: string | null }[]).map((l) => `${l.code} ${l.id} ${l.status} ${l.supplierId ?? ''}`).sort());
          };
          r.onerror = () => fail(r.error);
        };
        open.onerror = () => fail(open.error);
      }),
  );
}
