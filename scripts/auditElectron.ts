/**
 * `npm run audit:electron` (part of `npm test`, issue 14): Electronegativity, pinned, run offline
 * on the shell's sources (`electron/`) and on what ships (`out/`, built first by the npm script),
 * assuming the pinned Electron version. Fails on any HIGH or MEDIUM finding that the reviewed
 * allow-list (`build/electronegativity-allowlist.json`) does not name with its reason, on an
 * allow-list entry that no longer matches anything (so the list cannot rot), and on a file the
 * tool could not parse (a file it skipped is a file nobody checked). Lower findings are printed.
 *
 * Offline: the tool asks GitHub for translations and Electron's release notes. The release-notes
 * check (AvailableSecurityFixesGlobalCheck) is excluded, since the version is pinned and updated
 * on purpose, and name lookups are refused in this process, so nothing leaves the machine.
 */
import dns from 'node:dns';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';

export interface Finding {
  check: string;
  severity: Severity;
  /** Relative to the repository, with forward slashes: `electron/security.ts`, `out/main/index.js`. */
  file: string;
  line: number;
  column: number;
  sample: string;
  description: string;
}

export interface AllowEntry {
  check: string;
  /** A path as in {@link Finding.file}; `*` stands for any characters but `/` (a bundle's hash). */
  file: string;
  /** Text the finding's sample must contain, so that only the reviewed call is allowed. */
  sample: string;
  reason: string;
}

export interface AuditVerdict {
  failures: Finding[];
  allowed: { finding: Finding; entry: AllowEntry }[];
  lower: Finding[];
  /** Entries that matched nothing: the code they excused has gone or changed. */
  stale: AllowEntry[];
}

const FAILING: ReadonlySet<Severity> = new Set(['MEDIUM', 'HIGH']);

function fileMatches(pattern: string, file: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/gu, '\\$&').replace(/\*/gu, '[^/]*');
  return new RegExp(`^${escaped}$`, 'u').test(file);
}

export function entryMatches(entry: AllowEntry, finding: Finding): boolean {
  return entry.check === finding.check && fileMatches(entry.file, finding.file) && finding.sample.includes(entry.sample);
}

export function judgeFindings(findings: readonly Finding[], allowList: readonly AllowEntry[]): AuditVerdict {
  const verdict: AuditVerdict = { failures: [], allowed: [], lower: [], stale: [] };
  const used = new Set<AllowEntry>();
  for (const finding of findings) {
    if (!FAILING.has(finding.severity)) {
      verdict.lower.push(finding);
      continue;
    }
    const entry = allowList.find((e) => entryMatches(e, finding));
    if (entry === undefined) verdict.failures.push(finding);
    else {
      used.add(entry);
      verdict.allowed.push({ finding, entry });
    }
  }
  verdict.stale = allowList.filter((e) => !used.has(e));
  return verdict;
}

/** Reads the allow-list; every entry must say what it allows and why. */
export function parseAllowList(text: string, fileName: string): AllowEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!Array.isArray(json)) throw new Error(`${fileName} must hold an array of entries`);
  return json.map((raw: unknown, index) => {
    const e = raw as Record<string, unknown>;
    for (const key of ['check', 'file', 'sample', 'reason'] as const) {
      if (typeof e?.[key] !== 'string' || (e[key] as string).trim() === '') {
        throw new Error(`${fileName}, entry ${index + 1}: "${key}" must be a non-empty string`);
      }
    }
    return { check: e.check as string, file: e.file as string, sample: e.sample as string, reason: e.reason as string };
  });
}

function describe(f: Finding): string {
  return `${f.severity} ${f.check} at ${f.file}:${f.line}:${f.column}${f.sample ? ` — ${f.sample.split('\n')[0]?.trim()}` : ''}`;
}

export function formatVerdict(verdict: AuditVerdict): string[] {
  return [
    ...verdict.failures.map((f) => `FAIL  ${describe(f)}\n      ${f.description} Fix it, or add it with its reason to build/electronegativity-allowlist.json after review.`),
    ...verdict.stale.map((e) => `FAIL  allow-list entry matches nothing any more (remove it): ${e.check} in ${e.file} ("${e.sample}")`),
    ...verdict.allowed.map(({ finding, entry }) => `ok    ${describe(finding)}\n      allowed: ${entry.reason}`),
    ...verdict.lower.map((f) => `note  ${describe(f)} (${f.description})`),
  ];
}

interface RawIssue {
  id: string;
  severity: { name: string };
  file: string;
  location?: { line?: number; column?: number };
  sample?: string | null;
  description: string;
}

type Runner = (
  options: { input: string; customScan: string[]; excludeFromScan: string[]; isRelative: boolean; isVerbose: boolean; electronVersionOverride: string; parserPlugins: string[] },
  forCli: boolean,
) => Promise<{ issues: RawIssue[]; errors: { file: string; location?: { line?: number; column?: number }; message?: string; error?: unknown }[] }>;

/** EAI_FAIL, not ENOTFOUND: the tool's HTTP client retries the latter with a back-off. Returns the undo. */
function refuseNameLookups(): () => void {
  const target = dns as unknown as { lookup: unknown };
  const original = target.lookup;
  target.lookup = (host: string, ...rest: unknown[]): void => {
    const callback = rest.find((r) => typeof r === 'function') as ((e: Error) => void) | undefined;
    process.nextTick(() => callback?.(Object.assign(new Error(`offline: ${host}`), { code: 'EAI_FAIL' })));
  };
  return () => {
    target.lookup = original;
  };
}

/**
 * Refuses name lookups in this process, then sets up the tool's messages (i18n) once: offline it
 * keeps its bundled English. Call before {@link scan}; returns what lets name lookups through again.
 */
export async function prepareOffline(): Promise<() => void> {
  const undo = refuseNameLookups();
  // Both files end in `module.exports = exports.default`.
  const i18n = createRequire(import.meta.url)('@doyensec/electronegativity/dist/locales/i18n.js') as () => Promise<void>;
  const log = console.log;
  console.log = () => undefined; // "Could not retrieve updated translations" — expected offline
  await i18n().finally(() => (console.log = log));
  return undo;
}

/** Electronegativity on `root/dir`; findings with paths relative to `root`. */
export async function scan(root: string, dir: string, electronVersion: string): Promise<{ findings: Finding[]; errors: string[] }> {
  const run = createRequire(import.meta.url)('@doyensec/electronegativity/dist/runner.js') as Runner;
  const log = console.log;
  console.log = () => undefined; // the tool's own chatter
  try {
    const input = join(root, dir);
    const result = await run(
      {
        input,
        customScan: [],
        excludeFromScan: ['availablesecurityfixesglobalcheck'],
        isRelative: false,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
    const rel = (file: string) => relative(root, file).split('\\').join('/');
    return {
      findings: result.issues.map((i) => ({
        check: i.id,
        severity: i.severity.name as Severity,
        file: rel(i.file),
        line: i.location?.line ?? 0,
        column: i.location?.column ?? 0,
        sample: i.sample ?? '',
        description: i.description,
      })),
      errors: result.errors.map((e) => `${rel(e.file)}: ${e.message ?? String(e.error)}`),
    };
  } finally {
    console.log = log;
  }
}

async function main(): Promise<number> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  if (!existsSync(join(root, 'out/main/index.js'))) {
    console.error('audit:electron: out/ is not built; run `npm run audit:electron`, which builds it first.');
    return 1;
  }
  await prepareOffline();
  const allowFile = join(root, 'build/electronegativity-allowlist.json');
  const allowList = parseAllowList(readFileSync(allowFile, 'utf8'), 'build/electronegativity-allowlist.json');
  const findings: Finding[] = [];
  const errors: string[] = [];
  for (const dir of ['electron', 'out']) {
    const result = await scan(root, dir, electronVersion);
    findings.push(...result.findings);
    errors.push(...result.errors);
  }
  const verdict = judgeFindings(findings, allowList);
  console.log(`Electronegativity on electron/ and out/, assuming Electron ${electronVersion}: ${findings.length} findings.`);
  for (const line of formatVerdict(verdict)) console.log(line);
  for (const e of errors) console.log(`FAIL  not scanned: ${e}`);
  const failed = verdict.failures.length + verdict.stale.length + errors.length;
  console.log(failed === 0 ? 'audit:electron: no HIGH or MEDIUM finding outside the reviewed allow-list.' : `audit:electron: ${failed} problem(s).`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`audit:electron: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
