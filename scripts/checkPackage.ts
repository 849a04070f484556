/**
 * `npm run check:package` (part of `npm test`, after `audit:electron` built `out/`): packages the
 * app with the real electron-builder configuration and checks what the archive holds. Electron's
 * binary cannot be downloaded on CI machines, so a stand-in distribution (an empty `electron`
 * file and its version) takes its place and the fuses, which need the real binary, are left out
 * of this run (test/electron/packaging.test.ts checks their configuration). Everything else is
 * what `npm run dist:dir` does.
 *
 * Fails when `app.asar` holds anything but `out/` and package.json — electron-builder adds the
 * production dependencies' node_modules unless told not to, 35 MB the bundles never read — or
 * when the main or preload bundle imports anything but Electron and Node's built-ins, which the
 * packaged app, having no node_modules, could not load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The file paths an asar archive lists (`out/main/index.js`…), read from its header: a pickled JSON tree of `files`. */
export function asarFiles(archive: Uint8Array): string[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const jsonLength = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(archive.subarray(16, 16 + jsonLength))) as AsarDir;
  const paths: string[] = [];
  const walk = (dir: AsarDir, prefix: string): void => {
    for (const [name, entry] of Object.entries(dir.files)) {
      if ('files' in entry) walk(entry, `${prefix}${name}/`);
      else paths.push(`${prefix}${name}`);
    }
  };
  walk(header, '');
  return paths.sort();
}
interface AsarDir {
  files: Record<string, AsarDir | { size: number }>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    return statSync(join(root, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Bare module names a bundle imports or requires (`electron`, `node:fs`, `yaml`…). */
export function bundleImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\b(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']([^"'./][^"']*)["']/gu)) found.add(m[1] as string);
  return [...found].sort();
}

export function isAllowedInBundle(name: string): boolean {
  return name === 'electron' || name.startsWith('node:') || builtinModules.includes(name);
}

function main(): number {
  const bundles = ['out/main/index.js', 'out/preload/index.cjs'];
  for (const bundle of bundles) {
    if (!existsSync(join(root, bundle))) {
      console.error(`check:package: ${bundle} is missing; run \`npx electron-vite build\` first (npm test does it in audit:electron).`);
      return 1;
    }
  }
  const problems: string[] = [];
  for (const bundle of bundles) {
    const outside = bundleImports(readFileSync(join(root, bundle), 'utf8')).filter((name) => !isAllowedInBundle(name));
    if (outside.length > 0) problems.push(`${bundle} imports ${outside.join(', ')}, which the packaged app does not carry (bundle it: build.externalizeDeps is off in electron.vite.config.ts)`);
  }

  const work = mkdtempSync(join(tmpdir(), 'fleetledger-package-'));
  try {
    const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    const standIn = join(work, 'electron-dist');
    mkdirSync(join(standIn, 'resources'), { recursive: true });
    writeFileSync(join(standIn, 'electron'), '');
    writeFileSync(join(standIn, 'version'), `v${electronVersion}\n`);
    const config = parse(readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')) as Record<string, unknown>;
    delete config.electronFuses;
    config.electronDist = standIn;
    config.electronVersion = electronVersion;
    config.directories = { ...(config.directories as object), output: join(work, 'release') };
    const configFile = join(work, 'electron-builder.json');
    writeFileSync(configFile, JSON.stringify(config));

    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const run = spawnSync(npx, ['electron-builder', '--config', configFile, '--dir', '--linux'], { cwd: root, encoding: 'utf8', timeout: 300_000, shell: process.platform === 'win32' });
    if (run.status !== 0) {
      console.error(`${run.stdout}${run.stderr}`);
      console.error(`check:package: electron-builder --dir failed (exit ${String(run.status ?? run.signal)}); its output is above.`);
      return 1;
    }
    const archive = join(work, 'release/linux-unpacked/resources/app.asar');
    const packed = asarFiles(readFileSync(archive));
    const expected = [...filesUnder('out'), 'package.json'].sort();
    const extra = packed.filter((p) => !expected.includes(p));
    const missing = expected.filter((p) => !packed.includes(p));
    if (extra.length > 0) {
      const modules = extra.filter((p) => p.startsWith('node_modules/')).length;
      problems.push(`app.asar holds ${extra.length} file${extra.length === 1 ? '' : 's'} besides out/ and package.json${modules > 0 ? ` (${modules} under node_modules/)` : ''}: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}`);
    }
    if (missing.length > 0) problems.push(`app.asar lacks ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
    for (const p of problems) console.error(`check:package: ${p}`);
    if (problems.length > 0) return 1;
    console.log(`check:package: app.asar holds out/ and package.json only (${packed.length} files, ${(statSync(archive).size / 1e6).toFixed(1)} MB); the bundles import only Electron and Node's built-ins.`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') process.exitCode = main();
