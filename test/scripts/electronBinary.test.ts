import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  electronPackageDir,
  ensureElectronBinary,
  errorReason,
  downloadWithElectronInstaller,
  inspectElectronOnDisk,
  type DownloadResult,
  type ElectronBinary,
} from '../../scripts/electronBinary';
import { packageFailureMessage } from '../../scripts/packageFailure';
import pkg from '../../package.json';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

function fakeSteps(states: ElectronBinary[], download: DownloadResult) {
  const calls: string[] = [];
  let i = 0;
  return {
    calls,
    steps: {
      inspect: () => {
        calls.push('inspect');
        return states[Math.min(i++, states.length - 1)]!;
      },
      download: () => {
        calls.push('download');
        return Promise.resolve(download);
      },
      log: () => calls.push('log'),
    },
  };
}

describe('ensureElectronBinary: the decision before launching', () => {
  it('binary present → launch without downloading', async () => {
    const { steps, calls } = fakeSteps([{ kind: 'present', executable: '/e/electron' }], { ok: true });
    expect(await ensureElectronBinary(steps)).toEqual({ ok: true, executable: '/e/electron', downloaded: false });
    expect(calls).not.toContain('download');
  });

  it('binary missing → download, then launch what the download put there', async () => {
    const { steps, calls } = fakeSteps([{ kind: 'missing' }, { kind: 'present', executable: '/e/electron' }], { ok: true });
    expect(await ensureElectronBinary(steps)).toEqual({ ok: true, executable: '/e/electron', downloaded: true });
    expect(calls.filter((c) => c === 'download')).toHaveLength(1);
  });

  it('download impossible → one sentence: what failed, why, and `npm run web` meanwhile', async () => {
    const { steps } = fakeSteps([{ kind: 'missing' }], { ok: false, reason: 'TypeError: fetch failed' });
    const outcome = await ensureElectronBinary(steps, 'start');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.message).toContain("Electron's binary");
    expect(outcome.message).toContain('could not be downloaded (TypeError: fetch failed)');
    expect(outcome.message).toContain('npm run web');
    expect(outcome.message.split('\n')).toHaveLength(1);
    expect(outcome.message).not.toMatch(/\bat .+:\d+:\d+/u);
  });

  it('a download that "succeeds" without leaving a binary is still a failure', async () => {
    const { steps } = fakeSteps([{ kind: 'missing' }], { ok: true });
    const outcome = await ensureElectronBinary(steps, 'package');
    expect(outcome).toMatchObject({ ok: false });
    if (!outcome.ok) expect(outcome.message).toContain('cannot package');
  });
});

describe('errorReason', () => {
  it('keeps the error line, drops the stack, names the network cause', () => {
    const stderr = 'TypeError: fetch failed\n    at node:internal/deps/undici:1:2\n    at async x (file:///a.js:3:4)\n';
    expect(errorReason(stderr)).toBe("no connection to Electron's download server: TypeError: fetch failed");
    expect(errorReason('HTTPError: Response code 404 (Not Found)\n  at y')).toBe('HTTPError: Response code 404 (Not Found)');
    expect(errorReason('RequestError: getaddrinfo ENOTFOUND github.com\n')).toBe('RequestError: getaddrinfo ENOTFOUND github.com');
  });
});

describe('inspectElectronOnDisk', () => {
  it('honours ELECTRON_EXEC_PATH as electron-vite does', () => {
    expect(inspectElectronOnDisk('/nowhere', { ELECTRON_EXEC_PATH: process.execPath })).toEqual({ kind: 'present', executable: process.execPath });
    expect(inspectElectronOnDisk('/nowhere', { ELECTRON_EXEC_PATH: '/no/such/electron' })).toEqual({ kind: 'missing' });
    expect(inspectElectronOnDisk('/nowhere', {})).toEqual({ kind: 'missing' });
  });
});

describe('packageFailureMessage', () => {
  it('names the tool electron-builder could not download', () => {
    const out = '  ⨯ getaddrinfo ENOTFOUND github.com  url=https://github.com/electron-userland/electron-builder-binaries/releases/download/appimage-13.0.1/appimage-13.0.1.7z\n';
    const message = packageFailureMessage(out, 1, false);
    expect(message).toContain('could not download appimage-13.0.1');
    expect(message).toContain('npm run dist:dir');
  });
  it('otherwise quotes the line that says why', () => {
    expect(packageFailureMessage('Error: Cannot find module x\n  at foo', 1, true)).toBe(
      'Packaging stopped: electron-builder ended with exit code 1 (Error: Cannot find module x); its full output is above.',
    );
  });
});

describe('the start commands', () => {
  it('prepare Electron before electron-vite reads path.txt', () => {
    expect(pkg.scripts.start).toMatch(/^tsx scripts\/ensure-electron\.ts && electron-vite preview$/u);
    expect(pkg.scripts.dev).toMatch(/^tsx scripts\/ensure-electron\.ts && electron-vite dev$/u);
    expect(pkg.scripts.dist).toBe('tsx scripts/package-app.ts');
    expect(pkg.scripts['dist:dir']).toBe('tsx scripts/package-app.ts --dir');
  });

  // The real step, run as `npm start` runs it, against a download server that cannot answer
  // (a closed loopback port, an empty cache), so it fails the same way on every machine.
  const binaryPresent = inspectElectronOnDisk(electronPackageDir(projectDir)).kind === 'present';
  it.skipIf(binaryPresent)('ends with the clear sentence and exit code 1 when the download is impossible', () => {
    const cache = mkdtempSync(join(tmpdir(), 'fl-electron-cache-'));
    try {
      const run = spawnSync(process.execPath, [join(projectDir, 'node_modules/tsx/dist/cli.mjs'), 'scripts/ensure-electron.ts'], {
        cwd: projectDir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache, ELECTRON_EXEC_PATH: '' },
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Fleetledger cannot open the desktop app: Electron's binary \(about 100 MB, downloaded once on first start\) could not be downloaded \(.+\); .*`npm run web`.*\.$/u);
      expect(run.stderr).not.toMatch(/\n\s+at /u);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 70_000);
});

/**
 * The whole path with a network: Electron's own installer, run by the step, fetches a (fake,
 * tiny) Electron zip from a loopback mirror into a temporary copy of the electron package, and
 * afterwards path.txt and dist/ are what electron-vite's getElectronPath reads.
 */
describe('download through Electron’s own installer', () => {
  function zipWith(name: string, content: string): Buffer {
    // A stored (uncompressed) zip with one file, enough for the extractor.
    const data = Buffer.from(content);
    const crc = crc32(data);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix, so the mode below is read
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE((0o100755 << 16) >>> 0, 38);
    const centralOffset = local.length + nameBuf.length + data.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + nameBuf.length, 12);
    end.writeUInt32LE(centralOffset, 16);
    return Buffer.concat([local, nameBuf, data, central, nameBuf, end]);
  }

  let server: Server | undefined;
  let root = '';
  afterEach(() => {
    server?.close();
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('missing → downloaded → present where electron-vite looks', async () => {
    const electronDir = electronPackageDir(projectDir);
    const version = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
    root = mkdtempSync(join(tmpdir(), 'fl-electron-'));
    const copy = join(root, 'electron');
    mkdirSync(copy);
    for (const f of ['install.js', 'package.json', 'checksums.json']) copyFileSync(join(electronDir, f), join(copy, f));
    symlinkSync(join(projectDir, 'node_modules'), join(root, 'node_modules'), 'dir');

    const file = `electron-v${version}-linux-x64.zip`;
    const zip = zipWith('electron', '#!/bin/sh\necho fake electron\n');
    const sums = `${createHash('sha256').update(zip).digest('hex')} *${file}\n`;
    const served: string[] = [];
    server = createServer((req, res) => {
      served.push(req.url ?? '');
      if (req.url === `/v${version}/${file}`) res.end(zip);
      else if (req.url === `/v${version}/SHASUMS256.txt`) res.end(sums);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const env = {
      ...process.env,
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      electron_config_cache: join(root, 'cache'),
      electron_use_remote_checksums: '1',
      ELECTRON_EXEC_PATH: '',
    };

    const outcome = await ensureElectronBinary({
      inspect: () => inspectElectronOnDisk(copy, env),
      download: () => downloadWithElectronInstaller(copy, env),
      log: () => undefined,
    });
    expect(outcome).toEqual({ ok: true, executable: join(copy, 'dist', 'electron'), downloaded: true });
    expect(served).toContain(`/v${version}/${file}`);
    // What electron-vite's getElectronPath reads: path.txt, then dist/<that>.
    expect(readFileSync(join(copy, 'path.txt'), 'utf8')).toBe('electron');
    expect(existsSync(join(copy, 'dist', 'electron'))).toBe(true);
    // A second start finds it and downloads nothing.
    served.length = 0;
    const again = await ensureElectronBinary({
      inspect: () => inspectElectronOnDisk(copy, env),
      download: () => downloadWithElectronInstaller(copy, env),
      log: () => undefined,
    });
    expect(again).toMatchObject({ ok: true, downloaded: false });
    expect(served).toEqual([]);
  }, 60_000);
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
