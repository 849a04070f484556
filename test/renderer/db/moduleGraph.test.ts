/**
 * renderer/db depends one way: the event log at the centre, everything else on top of it
 * (ARCHITECTURE.md, issue 9). A cycle among these modules — even through `import type` — fails
 * here with the modules that form it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../../../renderer/db/', import.meta.url).pathname;

function localImports(file: string): string[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'\.\/([^']+)'/gmu)) found.push(`${m[1]}.ts`);
  return found;
}

describe('renderer/db module graph', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
  const graph = new Map(files.map((f) => [f, localImports(f)]));

  it('has no import cycle', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'visiting');
      for (const next of graph.get(f) ?? []) visit(next, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('puts the event log at the centre: it imports no other db module but the hash and gzip (leaves themselves)', () => {
    expect(graph.get('eventLog.ts')).toEqual(['gzip.ts', 'hashBucket.ts']);
  });
});
