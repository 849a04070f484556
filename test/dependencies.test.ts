/**
 * The shipped app carries only what it runs (issue 14): every runtime dependency in package.json
 * is imported by the app's own code (renderer, electron, shared, cli), and every package that code
 * imports is declared.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json';

const root = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx|mjs)$/u.test(name) ? [path] : [];
  });
}

const APP_DIRS = ['renderer', 'electron', 'shared', 'cli'];
const imported = new Set<string>();
for (const file of APP_DIRS.flatMap(sources)) {
  const text = readFileSync(join(root, file), 'utf8');
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'".][^'"]*)['"]/gu)) {
    const spec = m[1] as string;
    if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
    // A package's name: "@scope/name" or "name", without a subpath.
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
    imported.add(name);
  }
}

/**
 * Declared though not imported: date-fns is part of the project's fixed stack, while the ledger's
 * date arithmetic is hand-written on ISO strings in shared/dates.ts (exact, and free of time zones).
 */
const FIXED_STACK_UNUSED = new Set(['date-fns']);

describe('dependencies', () => {
  it('every runtime dependency is imported by the app', () => {
    const unused = Object.keys(pkg.dependencies).filter((d) => !imported.has(d) && !FIXED_STACK_UNUSED.has(d));
    expect(unused).toEqual([]);
  });

  it('every package the app imports is declared (type-only imports of electron and vite included)', () => {
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
    expect([...imported].filter((d) => !declared.has(d)).sort()).toEqual([]);
  });
});
