/**
 * Two Syncthing instances on loopback replicating one folder each way (LEDGER.md's recipe), for
 * the team sync test through a real file-sync tool. Everything stays on 127.0.0.1 (discovery,
 * relays, NAT and usage reporting off), every wait is bounded, and both processes are stopped
 * by process id. Needs Debian's `syncthing` (.ci/run installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SyncthingNode {
  home: string;
  deviceId: string;
  guiPort: number;
  listenPort: number;
  apiKey: string;
  folder: string;
  process: ChildProcess | null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function setOption(xml: string, name: string, value: string): string {
  const re = new RegExp(`<${name}>[^<]*</${name}>`, 'u');
  if (!re.test(xml)) throw new Error(`syncthing config has no <${name}>`);
  return xml.replace(re, `<${name}>${value}</${name}>`);
}

async function prepare(folder: string): Promise<SyncthingNode> {
  const home = mkdtempSync(join(tmpdir(), 'syncthing-home-'));
  const generated = spawnSync('syncthing', ['generate', `--home=${home}`, '--no-default-folder', '--skip-port-probing'], { encoding: 'utf8', timeout: 30_000 });
  const id = /Device ID: ([A-Z0-9-]+)/u.exec(`${generated.stdout}${generated.stderr}`)?.[1];
  if (generated.status !== 0 || id === undefined) throw new Error(`syncthing generate failed: ${generated.stderr}`);
  const apiKey = /<apikey>([^<]+)<\/apikey>/u.exec(readFileSync(join(home, 'config.xml'), 'utf8'))?.[1];
  if (apiKey === undefined) throw new Error('syncthing config has no API key');
  return { home, deviceId: id, guiPort: await freePort(), listenPort: await freePort(), apiKey, folder, process: null };
}

function configure(node: SyncthingNode, other: SyncthingNode): void {
  const path = join(node.home, 'config.xml');
  let xml = readFileSync(path, 'utf8');
  xml = xml.replace(/(<gui [^>]*>\s*<address>)[^<]*(<\/address>)/u, `$1127.0.0.1:${node.guiPort}$2`);
  xml = setOption(xml, 'listenAddress', `tcp://127.0.0.1:${node.listenPort}`);
  for (const off of ['globalAnnounceEnabled', 'localAnnounceEnabled', 'relaysEnabled', 'natEnabled', 'crashReportingEnabled', 'startBrowser']) xml = setOption(xml, off, 'false');
  xml = setOption(xml, 'urAccepted', '-1');
  const peer = `    <device id="${other.deviceId}" name="peer" compression="metadata" introducer="false"><address>tcp://127.0.0.1:${other.listenPort}</address><paused>false</paused><autoAcceptFolders>false</autoAcceptFolders></device>\n`;
  const folder = `    <folder id="fleet" label="fleet" path="${node.folder}" type="sendreceive" rescanIntervalS="60" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true"><device id="${node.deviceId}"></device><device id="${other.deviceId}"></device><minDiskFree unit="%">0</minDiskFree></folder>\n`;
  xml = xml.replace(/(<configuration[^>]*>\n)/u, `$1${folder}`).replace(/(\s*<gui )/u, `\n${peer}$1`);
  writeFileSync(path, xml);
}

async function connected(node: SyncthingNode, other: SyncthingNode): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${node.guiPort}/rest/system/connections`, { headers: { 'X-API-Key': node.apiKey } });
    if (!r.ok) return false;
    const body = (await r.json()) as { connections?: Record<string, { connected?: boolean }> };
    return body.connections?.[other.deviceId]?.connected === true;
  } catch {
    return false;
  }
}

/** Waits (bounded) for `check`, polling; throws with `what` when the time is up. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * Cuts (or restores) the link between the two instances, as a laptop going offline: each pauses
 * the other device (Syncthing's REST `POST /rest/system/pause|resume?device=`). Resolves once
 * they are disconnected (or connected again), bounded.
 */
export async function setLinked(a: SyncthingNode, b: SyncthingNode, linked: boolean): Promise<void> {
  for (const [node, other] of [[a, b], [b, a]] as const) {
    const r = await fetch(`http://127.0.0.1:${node.guiPort}/rest/system/${linked ? 'resume' : 'pause'}?device=${other.deviceId}`, { method: 'POST', headers: { 'X-API-Key': node.apiKey } });
    if (!r.ok) throw new Error(`syncthing ${linked ? 'resume' : 'pause'}: HTTP ${r.status}`);
  }
  await waitFor(linked ? 'the Syncthing instances to reconnect' : 'the Syncthing instances to disconnect', async () => ((await connected(a, b)) && (await connected(b, a))) === linked, 60_000);
}

/** Starts two instances sharing folderA ⇄ folderB; resolves once they are connected. */
export async function startSyncthingPair(folderA: string, folderB: string): Promise<{ a: SyncthingNode; b: SyncthingNode; stop: () => void }> {
  const a = await prepare(folderA);
  const b = await prepare(folderB);
  configure(a, b);
  configure(b, a);
  const logs: string[] = [];
  for (const node of [a, b]) {
    node.process = spawn('syncthing', ['serve', `--home=${node.home}`, '--no-browser', '--no-restart', '--no-upgrade'], {
      env: { ...process.env, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', STGUIADDRESS: `127.0.0.1:${node.guiPort}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    node.process.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
    node.process.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
  }
  const stop = (): void => {
    for (const node of [a, b]) {
      node.process?.kill('SIGTERM');
      rmSync(node.home, { recursive: true, force: true });
    }
  };
  try {
    await waitFor('the two Syncthing instances to connect', async () => (await connected(a, b)) && (await connected(b, a)), 60_000);
  } catch (e) {
    stop();
    throw new Error(`${(e as Error).message}\n${logs.slice(-20).join('')}`, { cause: e });
  }
  return { a, b, stop };
}
