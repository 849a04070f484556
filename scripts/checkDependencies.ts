/**
 * Part of `npm run lint` (issue 14): the shipped app carries only what it runs. Fails when a
 * runtime dependency in package.json is imported nowhere in the app's code (renderer, electron,
 * shared, cli), or that code imports a package package.json does not declare.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Declared though not imported: date-fns is part of the project's fixed stack, while the ledger's
 * date arithmetic is hand-written on ISO strings in shared/dates.ts (exact, and free of time zones).
 */
export const FIXED_STACK_UNUSED: ReadonlySet<string> = new Set(['date-fns']);
const APP_DIRS = ['renderer', 'electron', 'shared', 'cli'];

function sources(root: string, dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(root, path);
    return /\.(ts|tsx|mjs)$/u.test(name) ? [path] : [];
  });
}

/** The packages the app's code imports (names without subpaths; Node's built-ins left out). */
export function importedPackages(root: string): Set<string> {
  const imported = new Set<string>();
  for (const file of APP_DIRS.flatMap((d) => sources(root, d))) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'".][^'"]*)['"]/gu)) {
      const spec = m[1] as string;
      if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
    }
  }
  return imported;
}

export function dependencyProblems(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const imported = importedPackages(root);
  const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
  return [
    ...Object.keys(pkg.dependencies).filter((d) => !imported.has(d) && !FIXED_STACK_UNUSED.has(d)).map((d) => `${d} is a dependency in package.json, but the app's code imports it nowhere: remove it`),
    ...[...imported].filter((d) => !declared.has(d)).sort().map((d) => `${d} is imported by the app's code, but package.json does not declare it`),
  ];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = dependencyProblems(fileURLToPath(new URL('..', import.meta.url)));
  for (const p of problems) console.error(`dependencies: ${p}`);
  process.exit(problems.length > 0 ? 1 : 0);
}
