/**
 * `fleetledger backup info` and `backup verify` on a real backup made by the app's own code,
 * and on damaged, cut-short, foreign and newer ones: the command line refuses exactly what the
 * app's restore refuses, with the reason on one line and exit code 1.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineWording, RAW_DUMP_FORMAT, READABLE_SCHEMA_VERSION, sha256Hex } from '../../cli/ledgerFile';
import { readBackupFile } from '../../renderer/db/ledger';
import { dumpDatabaseAsIs, RAW_DUMP_FORMAT as APP_RAW_DUMP_FORMAT } from '../../renderer/db/rawDump';
import { CURRENT_SCHEMA_VERSION } from '../../renderer/db/schema';
import { editedBackup, flipMiddleByte, gzipText, makeLedgerFixture, runCli, type LedgerFixture } from './ledgerFixture';

let fx: LedgerFixture;
beforeAll(async () => {
  fx = await makeLedgerFixture('backup');
}, 60_000);
afterAll(async () => {
  await fx.dispose();
});

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The text with its header line rewritten by `edit` (the body, and so its checksum, unchanged). */
function withHeader(text: string, edit: (header: Record<string, unknown>) => void): string {
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
  edit(header);
  return `${JSON.stringify(header)}${text.slice(newline)}`;
}

/** The text with one body line changed and the header's checksum made to match again. */
function withBodyLine(text: string, match: (line: string) => boolean, edit: (line: string) => string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l, k) => k > 0 && match(l));
  if (i === -1) throw new Error('no such line');
  lines[i] = edit(lines[i] as string);
  const body = lines.slice(1).join('\n');
  return withHeader(`${lines[0]}\n${body}`, (h) => {
    h.bodySha256 = sha256(body);
  });
}

describe('the schema version the command line reads up to', () => {
  it('is the app\'s current IndexedDB schema version', () => {
    expect(READABLE_SCHEMA_VERSION).toBe(CURRENT_SCHEMA_VERSION);
    expect(fx.backup.header.schemaVersion).toBe(READABLE_SCHEMA_VERSION);
  });
});

describe('fleetledger backup info', () => {
  it('prints the header as JSON with the file size', async () => {
    const { code, stdout, stderr } = await runCli(['backup', 'info', fx.path, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const h = fx.backup.header;
    expect(JSON.parse(stdout)).toEqual({
      file: fx.path,
      fileBytes: fx.backup.bytes.length,
      compressed: true,
      format: 'fleetledger-backup',
      formatVersion: 2,
      ledgerId: h.ledgerId,
      ledgerName: 'Acme GPU fleet',
      schemaVersion: CURRENT_SCHEMA_VERSION,
      createdAt: '2026-11-29T10:00:00.000Z',
      counts: h.counts,
      bodySha256: h.bodySha256,
    });
    expect(h.counts.units).toBe(3);
    expect(h.counts.lots).toBeGreaterThan(10);
  });

  it('prints a few lines for people', async () => {
    const { code, stdout } = await runCli(['backup', 'info', fx.path]);
    expect(code).toBe(0);
    const c = fx.backup.header.counts;
    expect(stdout).toContain('Fleetledger backup of "Acme GPU fleet", made 2026-11-29T10:00:00.000Z');
    expect(stdout).toContain(`${fx.backup.bytes.length} bytes), gzip-compressed`);
    expect(stdout).toContain(`fleetledger-backup version 2, database schema version ${CURRENT_SCHEMA_VERSION}`);
    expect(stdout).toContain(`holds       ${c.events} events, ${c.lots} lots, 3 units, ${c.models} models, ${c.sites} sites, ${c.suppliers} suppliers, ${c.observations} market prices`);
    expect(stdout).toContain(fx.backup.header.bodySha256);
    expect(stdout).toContain('Only the header was read.');
  });

  it('quotes the path in the verify command it suggests, so a name with a space or a quote can be copied and run', async () => {
    // It printed `fleetledger backup verify …/Acme backup.fleetledger`: two arguments to a shell.
    const spaced = fx.file("Acme's backup 2026.fleetledger", fx.backup.bytes);
    const { code, stdout } = await runCli(['backup', 'info', spaced]);
    expect(code).toBe(0);
    expect(stdout).toContain(`\`fleetledger backup verify '${spaced.replace("'", "'\\''")}'\` checks the whole file.`);
    // A plain path stays as it is; letters beyond ASCII need no quotes.
    const plain = fx.file('Sicherung-Übersicht.fleetledger', fx.backup.bytes);
    expect((await runCli(['backup', 'info', plain])).stdout).toContain(`\`fleetledger backup verify ${plain}\` checks`);
  });

  it('reads a plain-text backup, a format-1 one, and the header of one cut short', async () => {
    const plain = await runCli(['backup', 'info', fx.file('plain.fleetledger', fx.text), '--json']);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ compressed: false, fileBytes: Buffer.byteLength(fx.text), formatVersion: 1 });
    const v1 = await runCli(['backup', 'info', fx.file('v1.fleetledger', gzipText(fx.text)), '--json']);
    expect(JSON.parse(v1.stdout)).toMatchObject({ compressed: true, formatVersion: 1, ledgerName: 'Acme GPU fleet' });
    const cut = await runCli(['backup', 'info', fx.file('cut-info.fleetledger', fx.backup.bytes.subarray(0, Math.floor(fx.backup.bytes.length * 0.6))), '--json']);
    expect(cut.code).toBe(0);
    expect(JSON.parse(cut.stdout)).toMatchObject({ ledgerName: 'Acme GPU fleet' });
  });

  it('refuses a file that is not a backup, or a newer one, with one line and exit 1', async () => {
    const csv = fx.file('lots.csv', 'lot_code,manufacturer\nA-1,Dell\n');
    expect(await runCli(['backup', 'info', csv])).toEqual({
      code: 1,
      stdout: '',
      stderr: `fleetledger backup info: ${csv}: This is not a Fleetledger backup: its first line is not a Fleetledger backup header.\n`,
    });
    const newer = fx.file('newer.fleetledger', await editedBackup(fx.backup, { header: (h) => (h.formatVersion = 3) }));
    expect(await runCli(['backup', 'info', newer])).toEqual({
      code: 1,
      stdout: '',
      stderr: `fleetledger backup info: ${newer}: This backup was written by a newer Fleetledger (backup format 3; this version reads up to 2): update Fleetledger to read it.\n`,
    });
    const binary = fx.file('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x0a]));
    expect((await runCli(['backup', 'info', binary])).stderr).toBe(`fleetledger backup info: ${binary}: This is not a Fleetledger backup: it is neither gzip-compressed nor text.\n`);
  });

  it('bad arguments: one line naming the argument, exit 2', async () => {
    expect(await runCli(['backup', 'info'])).toEqual({ code: 2, stdout: '', stderr: 'fleetledger backup info: <file>: required (a .fleetledger backup)\n' });
    expect(await runCli(['backup', 'info', fx.path, 'other.fleetledger'])).toMatchObject({ code: 2, stderr: 'fleetledger backup info: unexpected argument "other.fleetledger" (one backup file at a time)\n' });
    expect(await runCli(['backup', 'info', fx.path, '--frobnicate'])).toMatchObject({ code: 2, stderr: 'fleetledger backup info: unknown option --frobnicate (see --help)\n' });
    const missing = await runCli(['backup', 'info', `${fx.dir}/missing.fleetledger`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^fleetledger backup info: <file>: cannot read ".*missing\.fleetledger" \(ENOENT\)\n$/u);
    expect(await runCli(['backup'])).toMatchObject({ code: 2, stderr: 'fleetledger backup: no subcommand given (info, verify; see --help)\n' });
    expect(await runCli(['backup', 'restore', fx.path])).toMatchObject({ code: 2, stderr: 'fleetledger backup: unknown subcommand "restore" (info, verify)\n' });
    expect(await runCli(['backup', 'verify', fx.path, '--json'])).toMatchObject({ code: 2, stderr: 'fleetledger backup verify: --json: only for backup info (verify prints one line)\n' });
  });

  it('--help describes both subcommands', async () => {
    for (const args of [['backup', '--help'], ['backup', 'info', '--help'], ['backup', 'verify', '-h']]) {
      const { code, stdout } = await runCli(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: fleetledger backup info <file\.fleetledger> \[--json\]\n {7}fleetledger backup verify <file\.fleetledger>\n/u);
    }
  });
});

describe('fleetledger backup verify', () => {
  it('a good backup: exit 0 and one OK line with the counts and checksum', async () => {
    const { code, stdout, stderr } = await runCli(['backup', 'verify', fx.path]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const c = fx.backup.header.counts;
    expect(stdout).toBe(
      `OK: ${c.events} events, ${c.lots} lots, 3 units, ${c.models} models, ${c.sites} sites, ${c.suppliers} suppliers, ${c.observations} market prices; the events rebuild the snapshot (SHA-256 ${fx.backup.header.bodySha256})\n`,
    );
    // A format-1 backup (compressed whole) and its plain text are read too, as the app does.
    expect((await runCli(['backup', 'verify', fx.file('v1-ok.fleetledger', gzipText(fx.text))])).code).toBe(0);
    expect((await runCli(['backup', 'verify', fx.file('plain-ok.fleetledger', fx.text)])).code).toBe(0);
  });

  it('the text of a format-2 backup (what zcat prints): named as such, exit 1', async () => {
    const { code, stderr } = await runCli(['backup', 'verify', fx.file('zcat.fleetledger', fx.zcat)]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/: This is the text of a backup \(as zcat prints it\), not the backup file: .*Use the \.fleetledger file itself\.\n$/u);
  });

  it('a format-2 backup decompressed and compressed again: named as such, not as zcat output, exit 1', async () => {
    const { code, stderr } = await runCli(['backup', 'verify', fx.file('regzipped.fleetledger', gzipText(fx.zcat))]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/: This backup was decompressed and compressed again \(perhaps edited in between\): .*Use the \.fleetledger file Fleetledger wrote\.\n$/u);
  });

  it('one flipped byte in the compressed file: damaged, exit 1', async () => {
    const bytes = flipMiddleByte(fx.backup.bytes);
    const flipped = fx.file('flipped.fleetledger', bytes);
    const { code, stdout, stderr } = await runCli(['backup', 'verify', flipped]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^fleetledger backup verify: ${flipped.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}: The backup is damaged: [^\\n]+\\n$`, 'u'));
    expect((await readBackupFile(bytes)).ok).toBe(false);
  });

  it('one changed byte in a plain-text backup: damaged (checksum), exit 1', async () => {
    const middle = Math.floor(fx.text.length / 2);
    const at = fx.text.slice(middle).search(/[0-9]/u) + middle;
    const digit = fx.text[at] as string;
    const changed = `${fx.text.slice(0, at)}${digit === '9' ? '8' : String(Number(digit) + 1)}${fx.text.slice(at + 1)}`;
    const { code, stderr } = await runCli(['backup', 'verify', fx.file('changed.fleetledger', changed)]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/: The backup is damaged: its contents do not match the checksum in its header \(a byte was changed\)\.\n$/u);
    expect(stderr).not.toContain('restored');
  });

  it('a truncated file: cut short, exit 1', async () => {
    const cut = fx.file('cut.fleetledger', fx.backup.bytes.subarray(0, Math.floor(fx.backup.bytes.length * 0.6)));
    const gz = await runCli(['backup', 'verify', cut]);
    expect(gz.code).toBe(1);
    expect(gz.stderr).toMatch(/: The backup is damaged: it ends early \(the file was cut short\) and does not match the checksum in its header\.\n$/u);
    const cutV1 = await runCli(['backup', 'verify', fx.file('cut-v1.fleetledger', gzipText(fx.text).subarray(0, 500))]);
    expect(cutV1.stderr).toMatch(/: The backup is damaged: its compressed data ends early \(the file was cut short\)\.\n$/u);
    const cutText = fx.file('cut.txt.fleetledger', fx.text.slice(0, Math.floor(fx.text.length * 0.6)));
    const plain = await runCli(['backup', 'verify', cutText]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/: The backup is damaged: it ends in the middle of a line \(the file was cut short\)/u);
  });

  it('a foreign file (a CSV): not a backup, exit 1', async () => {
    const csv = fx.file('market.csv', 'manufacturer,model,date,unit_price,currency,condition,quantity,source\nDell,R760,2026-01-15,5200.00,USD,used,10,auction\n');
    expect(await runCli(['backup', 'verify', csv])).toEqual({
      code: 1,
      stdout: '',
      stderr: `fleetledger backup verify: ${csv}: This is not a Fleetledger backup: its first line is not a Fleetledger backup header.\n`,
    });
  });

  it('a newer format or schema version: update Fleetledger, exit 1', async () => {
    const format = await runCli(['backup', 'verify', fx.file('newer-format.fleetledger', await editedBackup(fx.backup, { header: (h) => (h.formatVersion = 3) }))]);
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/: This backup was written by a newer Fleetledger \(backup format 3; this version reads up to 2\): update Fleetledger to read it\.\n$/u);
    const schema = await runCli(['backup', 'verify', fx.file('newer-schema.fleetledger', await editedBackup(fx.backup, { header: (h) => (h.schemaVersion = CURRENT_SCHEMA_VERSION + 1) }))]);
    expect(schema.code).toBe(1);
    expect(schema.stderr).toContain(`newer Fleetledger (database version ${CURRENT_SCHEMA_VERSION + 1}; this version knows up to ${CURRENT_SCHEMA_VERSION})`);
  });

  it('a snapshot that its events do not rebuild (checksum made to match): refused, exit 1', async () => {
    const lotLine = (l: string): boolean => l.startsWith('{"lot":');
    const tampered = withBodyLine(fx.text, lotLine, (l) => l.replace(/"quantity":(\d+)/u, (_m, q: string) => `"quantity":${Number(q) + 1}`));
    const { code, stderr } = await runCli(['backup', 'verify', fx.file('tampered.fleetledger', gzipText(tampered))]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/: The backup does not agree with itself: rebuilding from its events does not give its snapshot \(1 difference\)\. Lot [^:]+: quantity is \d+ in the snapshot but \d+ in the events\.\n$/u);
    // The app refuses it too.
    expect((await readBackupFile(gzipText(tampered))).ok).toBe(false);
    // The same in a format-2 file.
    const forged = await editedBackup(fx.backup, { snapshot: (t) => t.replace(/("lot":\{[^\n]*?"quantity":)(\d+)/u, (_m, k: string, q: string) => `${k}${Number(q) + 1}`) });
    const v2 = await runCli(['backup', 'verify', fx.file('tampered-v2.fleetledger', forged)]);
    expect(v2.code).toBe(1);
    expect(v2.stderr).toMatch(/: The backup does not agree with itself: rebuilding from its events does not give its snapshot \(1 difference\)\./u);
    expect((await readBackupFile(forged)).ok).toBe(false);
    // And with the checksum left as it was: damaged.
    const stale = await editedBackup(fx.backup, { snapshot: (t) => t.replace('"quantity":', '"quantity": '), staleChecksum: true });
    expect((await runCli(['backup', 'verify', fx.file('stale-v2.fleetledger', stale)])).stderr).toMatch(/: The backup is damaged: its contents do not match the checksum/u);
  });

  it('a count in the header that the file does not hold: refused, exit 1', async () => {
    const wrong = withHeader(fx.text, (h) => {
      (h.counts as Record<string, number>).units = 4;
    });
    const { code, stderr } = await runCli(['backup', 'verify', fx.file('counts.fleetledger', wrong)]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/: The backup's header counts 4 units but it holds 3\.\n$/u);
    const v2 = await editedBackup(fx.backup, { header: (h) => ((h.counts as Record<string, number>).units = 4) });
    expect((await runCli(['backup', 'verify', fx.file('counts-v2.fleetledger', v2)])).stderr).toMatch(/: The backup's header counts 4 units but it holds 3\.\n$/u);
  });
});

describe('a header whose createdAt is not a time', () => {
  // A restore writes it as the ledger's creation time, which the browser's backup reminder
  // counts from: "yesterday" there made the reminder never come.
  it('is refused by verify and by the app, exit 1, naming the field', async () => {
    const bad = await editedBackup(fx.backup, { header: (h) => (h.createdAt = 'yesterday') });
    const { code, stderr } = await runCli(['backup', 'verify', fx.file('created-at.fleetledger', bad)]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/: The backup header’s createdAt is not a UTC time \("yesterday"\)\.\n$/u);
    expect(await readBackupFile(bad)).toEqual({ ok: false, error: 'The backup header’s createdAt is not a UTC time ("yesterday").' });
    const dateOnly = await editedBackup(fx.backup, { header: (h) => (h.createdAt = '2026-11-29') });
    expect((await runCli(['backup', 'info', fx.file('created-date.fleetledger', dateOnly)])).code).toBe(1);
  });
});

describe('a raw dump (the app\'s backup before a schema upgrade)', () => {
  it('is named as such and refused by info and verify, exit 1', async () => {
    expect(RAW_DUMP_FORMAT).toBe(APP_RAW_DUMP_FORMAT);
    const { text } = await dumpDatabaseAsIs(fx.db.name, sha256Hex, '2026-11-29T09:00:00.000Z');
    const dump = fx.file('before-upgrade.fleetledger', gzipText(text));
    const message = `This is a raw dump of database version ${CURRENT_SCHEMA_VERSION}, made 2026-11-29T09:00:00.000Z, which the app writes before a schema upgrade: restore it in the app (Restore from backup…); the command line reads ledger backups only.`;
    expect(await runCli(['backup', 'info', dump])).toEqual({ code: 1, stdout: '', stderr: `fleetledger backup info: ${dump}: ${message}\n` });
    expect(await runCli(['backup', 'verify', dump])).toEqual({ code: 1, stdout: '', stderr: `fleetledger backup verify: ${dump}: ${message}\n` });
  });
});

describe('command-line wording of the shared decoder\'s messages', () => {
  it('drops what only a restore says', () => {
    expect(commandLineWording('The backup is damaged: x. Nothing was restored.')).toBe('The backup is damaged: x.');
    expect(commandLineWording('… (backup format 3; this version reads up to 2): update Fleetledger to restore it.')).toBe('… (backup format 3; this version reads up to 2): update Fleetledger to read it.');
  });
});

describe('fleetledger backup (the real executable)', () => {
  it('verify: exit 0 and the OK line; a damaged file: exit 1', () => {
    const bin = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));
    const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
    const good = spawnSync(process.execPath, [bin, 'backup', 'verify', fx.path], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/^OK: \d+ events, \d+ lots, 3 units, /u);
    const bad = spawnSync(process.execPath, [bin, 'backup', 'verify', fx.file('flipped-bin.fleetledger', flipMiddleByte(fx.backup.bytes))], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/The backup is damaged: /u);
    expect(bad.stderr.split('\n')).toHaveLength(2);
  }, 60_000);
});

describe('fleetledger output piped into a command that stops reading (head)', () => {
  it('ends quietly, with no stack trace, when the reader closes the pipe', () => {
    const bin = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));
    const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
    const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
    // The events run to a few hundred kB: far more than a pipe holds once head has gone.
    const piped = spawnSync('sh', ['-c', `${quote(process.execPath)} ${quote(bin)} export events --ledger ${quote(fx.path)} | head -c 100 > /dev/null`], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
  }, 60_000);
});
