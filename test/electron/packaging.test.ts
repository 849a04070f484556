/**
 * The packaged app's Electron fuses (issue 14): build/electron-builder.yml must flip every one the
 * shell's hardening relies on, each spelt as electron-builder knows it (a misspelt key would be
 * ignored at package time, silently leaving the fuse in its default state).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

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

  it('the reader sees a dropped fuse', () => {
    expect(fuses(config.replace(/^ {2}onlyLoadAppFromAsar: true\n/mu, ''))).not.toHaveProperty('onlyLoadAppFromAsar');
  });
});
