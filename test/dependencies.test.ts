/**
 * The shipped app carries only what it runs (issue 14; `npm run lint` runs the same check,
 * scripts/checkDependencies.ts): every runtime dependency is imported by the app's own code, and
 * every package that code imports is declared.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dependencyProblems } from '../scripts/checkDependencies';

describe('dependencies', () => {
  it('the app imports every runtime dependency it declares, and declares every package it imports', () => {
    expect(dependencyProblems(fileURLToPath(new URL('..', import.meta.url)))).toEqual([]);
  });

  it('names an unused dependency and an undeclared import', () => {
    const root = mkdtempSync(join(tmpdir(), 'deps-'));
    try {
      for (const d of ['renderer', 'electron', 'shared', 'cli']) mkdirSync(join(root, d));
      writeFileSync(join(root, 'package.json'), JSON.stringify({ dependencies: { dexie: '1', leftpad: '1', 'date-fns': '1' }, devDependencies: {} }));
      writeFileSync(join(root, 'renderer', 'a.ts'), "import Dexie from 'dexie';\nimport { x } from '@scope/pkg/sub';\nimport { y } from './local';\nimport { z } from 'node:fs';\n");
      expect(dependencyProblems(root)).toEqual([
        "leftpad is a dependency in package.json, but the app's code imports it nowhere: remove it",
        '@scope/pkg is imported by the app\'s code, but package.json does not declare it',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
