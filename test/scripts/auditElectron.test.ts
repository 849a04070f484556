import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeFindings, parseAllowList, prepareOffline, scan, type AllowEntry, type Finding } from '../../scripts/auditElectron';

const finding = (over: Partial<Finding>): Finding => ({
  check: 'OPEN_EXTERNAL_JS_CHECK',
  severity: 'MEDIUM',
  file: 'electron/security.ts',
  line: 1,
  column: 0,
  sample: 'void shell.openExternal(url).catch(() => undefined);',
  description: 'Review the use of openExternal',
  ...over,
});

const entry = (over: Partial<AllowEntry>): AllowEntry => ({
  check: 'OPEN_EXTERNAL_JS_CHECK',
  file: 'electron/security.ts',
  sample: 'shell.openExternal(url)',
  reason: 'checked by isAllowedExternalUrl',
  ...over,
});

describe('judging Electronegativity findings against the allow-list', () => {
  it('fails a HIGH or MEDIUM finding the list does not name, and never a lower one', () => {
    const verdict = judgeFindings(
      [finding({ check: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH', sample: 'contextIsolation: false' }), finding({ severity: 'LOW', check: 'CSP_GLOBAL_CHECK' }), finding({ severity: 'INFORMATIONAL', check: 'X' })],
      [],
    );
    expect(verdict.failures.map((f) => f.check)).toEqual(['CONTEXT_ISOLATION_JS_CHECK']);
    expect(verdict.lower).toHaveLength(2);
  });

  it('allows exactly the reviewed call: same check, same file, the sample named', () => {
    const list = [entry({})];
    expect(judgeFindings([finding({})], list).failures).toEqual([]);
    expect(judgeFindings([finding({ file: 'electron/menu.ts' })], list).failures).toHaveLength(1);
    expect(judgeFindings([finding({ sample: 'shell.openExternal(request.url)' })], list).failures).toHaveLength(1);
    expect(judgeFindings([finding({ check: 'PRELOAD_JS_CHECK' })], list).failures).toHaveLength(1);
  });

  it("lets * stand for a bundle's hash, never for a folder", () => {
    const list = [entry({ file: 'out/renderer/assets/index-*.js', sample: 'x' })];
    expect(judgeFindings([finding({ file: 'out/renderer/assets/index-KnhPcJkt.js', sample: 'x' })], list).failures).toEqual([]);
    expect(judgeFindings([finding({ file: 'out/renderer/assets/index-a/b.js', sample: 'x' })], list).failures).toHaveLength(1);
  });

  it('reports an entry that matches nothing, so the list cannot outlive the code it excused', () => {
    const stale = entry({ file: 'electron/gone.ts' });
    const verdict = judgeFindings([finding({})], [entry({}), stale]);
    expect(verdict.stale).toEqual([stale]);
  });

  it('refuses an allow-list entry without a reason, naming the entry', () => {
    expect(() => parseAllowList(JSON.stringify([{ check: 'A', file: 'b', sample: 'c', reason: ' ' }]), 'list.json')).toThrow('list.json, entry 1: "reason" must be a non-empty string');
    expect(() => parseAllowList('{', 'list.json')).toThrow('list.json is not valid JSON');
  });

  it('the reviewed allow-list in build/ parses, every entry with its reason', () => {
    const list = parseAllowList(readFileSync('build/electronegativity-allowlist.json', 'utf8'), 'allowlist');
    expect(list.length).toBeGreaterThan(0);
    for (const e of list) expect(e.reason.length).toBeGreaterThan(30);
  });
});

describe('the pinned Electronegativity, offline', () => {
  let root: string;
  let online: () => void = () => undefined;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'fleetledger-audit-'));
    online = await prepareOffline();
  });
  afterAll(() => {
    online();
    rmSync(root, { recursive: true, force: true });
  });

  it('sees an unsafe window that the audit must fail, and passes a window written like ours', async () => {
    mkdirSync(join(root, 'unsafe'));
    writeFileSync(
      join(root, 'unsafe/main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true, sandbox: false } });\n",
    );
    mkdirSync(join(root, 'safe'));
    writeFileSync(
      join(root, 'safe/main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { contextIsolation: true, nodeIntegration: false, sandbox: true, disableBlinkFeatures: 'Auxclick' } });\n",
    );
    const unsafe = await scan(root, 'unsafe', '45.6.1');
    const failing = judgeFindings(unsafe.findings, []).failures.map((f) => f.check);
    expect(failing).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK']));
    expect(unsafe.findings.filter((f) => f.check === 'CONTEXT_ISOLATION_JS_CHECK').map((f) => f.file)).toEqual(['unsafe/main.js']);
    const safe = await scan(root, 'safe', '45.6.1');
    // The global checks (no CSP, navigation or permission handlers in a two-line fixture) still
    // fail it; the window itself passes.
    expect(judgeFindings(safe.findings, []).failures.filter((f) => f.check.endsWith('_JS_CHECK'))).toEqual([]);
  }, 60_000);
});
