/**
 * Makes sure Electron's binary is on disk before `npm start`, `npm run dev` or packaging.
 *
 * Why this exists: Electron 45 has no install script. Its binary (about 100 MB) is downloaded
 * lazily, the first time `require('electron')` runs, and only then is
 * `node_modules/electron/path.txt` written. electron-vite 6 reads `path.txt` directly and throws
 * "Electron uninstall" when it is missing, without ever triggering that download, so a fresh
 * clone could never start. This step runs Electron's own installer (`install.js`, the same code
 * its lazy path runs) when the binary is missing, and when that cannot work says so in one
 * sentence instead of a stack trace.
 *
 * The decision is a pure function over a small view of the disk so that it is unit-tested; the
 * runner at the bottom does the real I/O.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What is on disk, as far as starting Electron is concerned. */
export type ElectronBinary =
  | { readonly kind: 'present'; readonly executable: string }
  | { readonly kind: 'missing' };

/** What a download attempt returned: success, or the first line of its error. */
export type DownloadResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export type EnsureOutcome =
  | { readonly ok: true; readonly executable: string; readonly downloaded: boolean }
  | { readonly ok: false; readonly message: string };

export type EnsureSteps = {
  readonly inspect: () => ElectronBinary;
  readonly download: () => Promise<DownloadResult>;
  readonly log: (line: string) => void;
};

/** What the caller wanted Electron for, to end the message with the right way forward. */
export type Purpose = 'start' | 'package';

/**
 * present → launch; missing → download, then look again; download impossible → one sentence
 * saying what failed, why, and what to do meanwhile.
 */
export async function ensureElectronBinary(steps: EnsureSteps, purpose: Purpose = 'start'): Promise<EnsureOutcome> {
  const before = steps.inspect();
  if (before.kind === 'present') return { ok: true, executable: before.executable, downloaded: false };

  steps.log("Downloading Electron's binary (about 100 MB, once; later starts use it from node_modules/electron/dist)…");
  const result = await steps.download();
  const after = steps.inspect();
  if (result.ok && after.kind === 'present') return { ok: true, executable: after.executable, downloaded: true };
  const reason = result.ok ? 'the download ended but no binary was found in node_modules/electron/dist' : result.reason;
  return { ok: false, message: failureMessage(reason, purpose) };
}

export function failureMessage(reason: string, purpose: Purpose): string {
  const what = purpose === 'start' ? 'Fleetledger cannot open the desktop app' : 'Fleetledger cannot package the desktop app';
  const meanwhile =
    purpose === 'start'
      ? 'connect to the internet and run the command again, or run `npm run web` to use the same app in a browser meanwhile'
      : 'connect to the internet and run the command again (packaging needs the binary; `npm run web` serves the same app in a browser meanwhile)';
  const once = purpose === 'start' ? 'downloaded once on first start' : 'downloaded once';
  return `${what}: Electron's binary (about 100 MB, ${once}) could not be downloaded (${reason}); ${meanwhile}.`;
}

/**
 * The first line of an installer's stderr that says what went wrong ("TypeError: fetch failed",
 * "HTTPError: Response code 404 …"), without the stack that follows it.
 */
export function errorReason(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('at '));
  const cause = /\b(ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|ECONNRESET|ENETUNREACH)\b/u.exec(stderr)?.[1];
  const first = lines.find((l) => /error/iu.test(l)) ?? lines[0] ?? 'the installer gave no reason';
  const short = first.length > 160 ? `${first.slice(0, 157)}…` : first;
  if (cause !== undefined && !short.includes(cause)) return `${short}, ${cause}`;
  // undici says only "fetch failed" when the host cannot be reached at all.
  return /fetch failed/u.test(short) ? `no connection to Electron's download server: ${short}` : short;
}

/** Reads the disk as electron-vite will: `ELECTRON_EXEC_PATH`, else `path.txt` under the package. */
export function inspectElectronOnDisk(electronDir: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const override = env['ELECTRON_EXEC_PATH'];
  if (override !== undefined && override !== '') return existsSync(override) ? { kind: 'present', executable: override } : { kind: 'missing' };
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { kind: 'missing' };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = env['ELECTRON_OVERRIDE_DIST_PATH'] ?? join(electronDir, 'dist');
  const executable = join(dist, relative);
  return relative !== '' && existsSync(executable) ? { kind: 'present', executable } : { kind: 'missing' };
}

/** Runs Electron's own installer, the code its lazy `require` path would run. */
export function downloadWithElectronInstaller(electronDir: string, env: NodeJS.ProcessEnv = process.env): Promise<DownloadResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
      cwd: electronDir,
      env,
      stdio: ['ignore', 'inherit', 'pipe'],
      timeout: 15 * 60_000,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('close', (code) => resolve(code === 0 ? { ok: true } : { ok: false, reason: errorReason(stderr) }));
  });
}

export function electronPackageDir(fromDir: string): string {
  return dirname(createRequire(join(fromDir, 'package.json')).resolve('electron/package.json'));
}

/** The real thing: prints progress and the outcome; returns the process exit code. */
export async function runEnsureElectron(projectDir: string, purpose: Purpose): Promise<number> {
  let electronDir: string;
  try {
    electronDir = electronPackageDir(projectDir);
  } catch {
    console.error('Fleetledger cannot find the electron package in node_modules: run `npm install` first.');
    return 1;
  }
  const outcome = await ensureElectronBinary(
    {
      inspect: () => inspectElectronOnDisk(electronDir),
      download: () => downloadWithElectronInstaller(electronDir),
      log: (line) => console.log(line),
    },
    purpose,
  );
  if (outcome.ok) {
    if (outcome.downloaded) console.log(`Electron is ready: ${outcome.executable}`);
    return 0;
  }
  console.error(outcome.message);
  return 1;
}
