/**
 * What a CPU profile of the ledger bench (`npm run bench -- --ledger-only --ledger-profile DIR`)
 * spent its time on, as text: the functions with the most self time, and those with the most
 * total time (self plus what they called), each with its share of the profile and where it is.
 *
 *     npx tsx scripts/profileSummary.ts DIR/restore-read.cpuprofile [--top N] [--tree MIN_MS]
 *
 * A profile holds the page's main thread only: the codec worker's time (renderer/db/inflate.ts)
 * and IndexedDB's own process are not in it, but the page's waits for them show as "(idle)".
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  name: string;
  selfMs: number;
  totalMs: number;
}

const nameOf = (f: CallFrame): string => {
  const file = f.url === '' ? '' : ` ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;
  return `${f.functionName === '' ? '(anonymous)' : f.functionName}${file}`;
};

/** Self and total ms per function (a function counted once per sample however often it recurs on the stack). */
export function functionTimes(profile: CpuProfile): FunctionTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample's time is the gap to the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let id: number | undefined = profile.samples[i];
    const node = byId.get(id as number);
    if (node === undefined) continue;
    const leaf = nameOf(node.callFrame);
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    const seen = new Set<string>();
    while (id !== undefined) {
      const name = nameOf((byId.get(id) as ProfileNode).callFrame);
      if (!seen.has(name)) {
        seen.add(name);
        total.set(name, (total.get(name) ?? 0) + ms);
      }
      id = parent.get(id);
    }
  }
  return [...total.entries()].map(([name, totalMs]) => ({ name, selfMs: self.get(name) ?? 0, totalMs }));
}

/** The call tree (calls to the same function from the same path merged), each node with its total ms; nodes under `minMs` left out. */
export function callTree(profile: CpuProfile, minMs: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  interface Merged { ms: number; children: Map<string, Merged> }
  const merge = (ids: readonly number[]): Merged => {
    const children = new Map<string, number[]>();
    let ms = 0;
    for (const id of ids) {
      const node = byId.get(id) as ProfileNode;
      ms += selfMs.get(id) ?? 0;
      for (const c of node.children ?? []) {
        const name = nameOf((byId.get(c) as ProfileNode).callFrame);
        children.set(name, [...(children.get(name) ?? []), c]);
      }
    }
    const merged = new Map([...children].map(([name, list]) => [name, merge(list)] as const));
    for (const m of merged.values()) ms += m.ms;
    return { ms, children: merged };
  };
  const root = profile.nodes[0];
  if (root === undefined) return [];
  const lines: string[] = [];
  const walk = (m: Merged, depth: number): void => {
    for (const [name, child] of [...m.children].sort((a, b) => b[1].ms - a[1].ms)) {
      if (child.ms < minMs) continue;
      lines.push(`${child.ms.toFixed(0).padStart(8)} ms  ${'  '.repeat(depth)}${name}`);
      walk(child, depth + 1);
    }
  };
  walk(merge([root.id]), 0);
  return lines;
}

function main(argv: readonly string[]): void {
  const file = argv[0];
  if (file === undefined) {
    console.error('usage: npx tsx scripts/profileSummary.ts FILE.cpuprofile [--top N]');
    process.exit(2);
  }
  const topAt = argv.indexOf('--top');
  const top = topAt === -1 ? 30 : Number(argv[topAt + 1]);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const times = functionTimes(profile);
  const wall = (profile.endTime - profile.startTime) / 1000;
  const line = (t: FunctionTime, ms: number): string => `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / wall).toFixed(1).padStart(5)} %  ${t.name}`;
  console.log(`${file}: ${wall.toFixed(0)} ms profiled`);
  console.log('\nself time:');
  for (const t of [...times].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(line(t, t.selfMs));
  console.log('\ntotal time (self + callees):');
  for (const t of [...times].sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) console.log(line(t, t.totalMs));
  const treeAt = argv.indexOf('--tree');
  if (treeAt !== -1) {
    const minMs = Number(argv[treeAt + 1] ?? 100) || 100;
    console.log(`\ncall tree (nodes of ${minMs} ms or more):`);
    for (const l of callTree(profile, minMs)) console.log(l);
  }
}

if (process.argv[1]?.endsWith('profileSummary.ts')) main(process.argv.slice(2));
