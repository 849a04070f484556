/**
 * The packaged app's Electron fuses (issue 14): build/electron-builder.yml must flip every one the
 * shell's hardening relies on, each spelt as electron-builder knows it (a misspelt key would be
 * ignored at package time, silently leaving the fuse in its default state).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';

const config = readFileSync(new URL('../../build/electron-builder.yml', import.meta.url), 'utf8');
const builderTypes = readFileSync(new URL('../../node_modules/app-builder-lib/out/configuration.d.ts', import.meta.url), 'utf8');

/** The `electronFuses:` block as key → value (the file is plain two-space YAML there). */
function fuses(yaml: string): Record<string, string> {
  const lines = yaml.split(/\r?\n/u);
  const start = lines.findIndex((l) => l.trim() === 'electronFuses:');
  if (start === -1) return {};
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}([A-Za-z]+):\s*(\S+)\s*$/u.exec(line);
    if (m === null) break;
    out[m[1] as string] = m[2] as string;
  }
  return out;
}

describe('the packaged app’s Electron fuses', () => {
  it('flips every fuse the hardening relies on', () => {
    expect(fuses(config)).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
  });

  it('spells each as electron-builder’s configuration does', () => {
    for (const key of Object.keys(fuses(config))) expect(builderTypes, key).toMatch(new RegExp(`\\b${key}\\?: boolean`, 'u'));
  });

  it('the README promises the app.asar check only where Electron makes it: macOS and Windows, not Linux', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/gu, ' ');
    // Not toContain on the whole README: a failure would print all of it.
    expect(readme.includes('`app.asar` checked against the hash embedded at build time (on macOS and Windows: Electron checks it nowhere else')).toBe(true);
  });

  it('the reader sees a dropped fuse', () => {
    expect(fuses(config.replace(/^ {2}onlyLoadAppFromAsar: true\n/mu, ''))).not.toHaveProperty('onlyLoadAppFromAsar');
  });
});

/** electron-builder's own check of a deb's metadata (app-builder-lib's FpmTarget), run on our config. */
async function debMetadataCheck(projectDir: string): Promise<unknown> {
  const require = createRequire(import.meta.url);
  const { default: FpmTarget } = require('app-builder-lib/out/targets/FpmTarget') as { default: { prototype: object } };
  const { AppInfo } = require('app-builder-lib/out/appInfo') as { AppInfo: { prototype: { computePackageUrl: () => Promise<string | null> } } };
  const { getRepositoryInfo } = require('app-builder-lib/out/util/repositoryInfo') as { getRepositoryInfo: (dir: string, metadata: unknown, devMetadata: unknown) => Promise<unknown> };
  const metadata = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const builder = parse(config) as { linux?: object; deb?: object };
  // As electron-builder builds it: the app's package.json is the metadata, the repository comes
  // from package.json, a CI variable or the checkout's git remote, and the deb's options are linux's then deb's.
  const info = { metadata, repositoryInfo: getRepositoryInfo(projectDir, metadata, null) };
  const appInfo = { info, notNullDevMetadata: metadata, computePackageUrl: AppInfo.prototype.computePackageUrl };
  const target = Object.assign(Object.create(FpmTarget.prototype) as { checkOptions: () => Promise<unknown> }, { packager: { appInfo, info }, options: { ...builder.linux, ...builder.deb } });
  return target.checkOptions();
}

describe('the Linux packages’ metadata', () => {
  it('has what electron-builder requires of a deb, also in a checkout with no git remote and outside CI', async () => {
    for (const name of ['TRAVIS_REPO_SLUG', 'APPVEYOR_REPO_NAME', 'CIRCLE_PROJECT_USERNAME', 'CIRCLE_PROJECT_REPONAME']) vi.stubEnv(name, undefined);
    const projectDir = mkdtempSync(join(tmpdir(), 'fleetledger-packaging-'));
    try {
      expect(await debMetadataCheck(projectDir)).toMatchObject({ url: 'https://fleetledger.app/', maintainer: 'Fleetledger <support@fleetledger.app>' });
    } finally {
      vi.unstubAllEnvs();
      rmSync(projectDir, { recursive: true, force: true });
    }
  });
});
