// @vitest-environment jsdom
/**
 * Where the desktop keeps the CouchDB password, as the card says it. The main process keeps it in
 * the OS keychain only where there is one (electron/couchCredentials.ts: on Linux without a
 * Secret Service or KWallet it is kept in memory for the session, `kept: 'session'`); the card
 * must not promise the keychain there, and must say the password is asked for again after a restart.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as CouchSync from '../../../renderer/couchSync';
import type { FleetledgerBridge } from '../../../shared/ipc';
import { click, render, type Rendered } from './render';

const pausedTo = vi.hoisted(() => [] as boolean[]);
vi.mock('../../../renderer/couchSync', async (importOriginal) => {
  const actual = await importOriginal<typeof CouchSync>();
  // The card's own refresh reads the device store and the bridge; the test sets the view itself.
  return { ...actual, refreshCouchSync: async () => undefined, setCouchSyncPaused: async (_db: unknown, paused: boolean) => void pausedTo.push(paused) };
});

const { useCouchSync } = await import('../../../renderer/couchSync');
const { CouchServerCard } = await import('../../../renderer/features/settings/CouchServerCard');

const SERVER = { url: 'https://sync.example.com/fleet', user: 'ada', password: 'right horse' };

function connected(kept: 'keychain' | 'session'): void {
  useCouchSync.setState({
    status: 'connected',
    server: { ...SERVER, kept, remembered: kept === 'keychain' },
    settings: { ledgerId: 'l-1', deviceName: 'Ada’s laptop', paused: false, state: {} as never, lastSyncAt: null, up: 0, down: 0, deviceNames: {}, devices: {} },
    report: null,
    message: null,
    failure: null,
  });
}

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  useCouchSync.setState({ status: 'off', server: null, settings: null, report: null, message: null, failure: null });
  delete (window as { fleetledger?: FleetledgerBridge }).fleetledger;
});

describe('the CouchDB server card on the desktop', () => {
  it('does not promise the keychain before connecting, since a computer may have none', async () => {
    (window as { fleetledger?: FleetledgerBridge }).fleetledger = {} as FleetledgerBridge;
    shown = await render(<CouchServerCard />);
    expect(shown.text()).not.toContain('Kept in this computer’s keychain.');
    expect(shown.text()).toContain('only until Fleetledger closes');
  });

  it('says the password is kept only until the app closes when main kept it for the session', async () => {
    (window as { fleetledger?: FleetledgerBridge }).fleetledger = {} as FleetledgerBridge;
    connected('session');
    shown = await render(<CouchServerCard />);
    expect(shown.text()).not.toContain('keychain.');
    expect(shown.text()).toContain('kept only until Fleetledger closes');
  });

  it('says it is in the keychain when it is', async () => {
    (window as { fleetledger?: FleetledgerBridge }).fleetledger = {} as FleetledgerBridge;
    connected('keychain');
    shown = await render(<CouchServerCard />);
    expect(shown.text()).toContain('kept in this computer’s keychain');
  });
});

describe('the CouchDB server card when the server refuses this device', () => {
  it('asks for a user name too when this device connected without one (the server began asking for users since)', async () => {
    connected('session');
    useCouchSync.setState({ status: 'error', failure: 'auth', message: 'The server refused the user name or password (401).', server: { url: SERVER.url, user: '', password: '', kept: 'session', remembered: false } });
    shown = await render(<CouchServerCard />);
    expect(shown.text()).toContain(`The server at ${SERVER.url} now asks for a user name and password`);
    const user = shown.container.querySelector<HTMLInputElement>('input[name="couch-user"]');
    expect(user?.value).toBe('');
    expect(shown.container.querySelector('input[name="couch-password"]')).not.toBeNull();
  });

  it('offers the kept user name, to be corrected, when the server refused it or its password', async () => {
    connected('session');
    useCouchSync.setState({ status: 'error', failure: 'auth' });
    shown = await render(<CouchServerCard />);
    expect(shown.text()).toContain(`refused the user name “ada” or the password kept here`);
    expect(shown.container.querySelector<HTMLInputElement>('input[name="couch-user"]')?.value).toBe('ada');
  });
});

describe('the CouchDB server card while sync is paused', () => {
  it('still offers Resume, and says it is paused, when a Sync now round failed', async () => {
    connected('session');
    const settings = useCouchSync.getState().settings;
    if (settings === null) throw new Error('expected settings');
    // Paused, then Sync now found the server down: the round's outcome is the status, the pause stays.
    useCouchSync.setState({ status: 'offline', failure: 'offline', message: 'The server cannot be reached.', settings: { ...settings, paused: true } });
    shown = await render(<CouchServerCard />);
    const buttons = [...shown.container.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toContain('Resume');
    expect(buttons).not.toContain('Pause');
    expect(shown.container.querySelector('[data-testid="couch-state"]')?.textContent).toBe('paused — the last Sync now failed (below)');
    expect(shown.container.querySelector('[data-testid="couch-message"]')?.textContent).toBe('The server cannot be reached.');
    pausedTo.length = 0;
    await click(shown.container, 'Resume');
    expect(pausedTo).toEqual([false]);
  });
});
