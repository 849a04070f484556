import { describe, expect, it } from 'vitest';
import {
  BRIDGE_CHANNELS,
  EXTERNAL_HOST_ALLOW_LIST,
  IPC_CHANNELS,
  IPC_REQUEST_VALIDATORS,
  isAllowedExternalUrl,
  isMenuCommand,
  isLedgerFileStem,
  LEARN_MORE_URL,
  MAX_BACKUP_BYTES,
  MAX_TEXT_FILE_BYTES,
  MENU_COMMANDS,
  validateAppInfoRequest,
  validateIpcRequest,
  validateLedgerRecord,
  validateNoRequest,
  validateOpenCsvRequest,
  validateOpenExternalRequest,
  validatePrintToPdfRequest,
  validateReadBackupRequest,
  validateSaveBackupAsRequest,
  validateSaveTextRequest,
  validateWriteBackupRequest,
  safeFileName,
} from '../../shared/ipc';

describe('contract', () => {
  it('has a validator and exactly one bridge function per channel', () => {
    expect(Object.keys(IPC_REQUEST_VALIDATORS).sort()).toEqual([...IPC_CHANNELS].sort());
    expect(Object.values(BRIDGE_CHANNELS).sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('recognises menu commands only', () => {
    expect(MENU_COMMANDS).toHaveLength(25);
    expect(MENU_COMMANDS).toEqual(expect.arrayContaining(['back-up-now', 'restore-from-backup', 'import-snipeit', 'import-netbox', 'export-snipeit', 'export-netbox']));
    for (const command of MENU_COMMANDS) expect(isMenuCommand(command)).toBe(true);
    for (const value of ['', 'go-lot', 'GO-LOTS', null, undefined, 1, { command: 'go-lots' }]) expect(isMenuCommand(value)).toBe(false);
  });
});

describe('validateOpenCsvRequest', () => {
  it('accepts nothing, an empty object or a title', () => {
    expect(validateOpenCsvRequest(undefined)).toEqual({ ok: true, value: undefined });
    expect(validateOpenCsvRequest({})).toEqual({ ok: true, value: {} });
    expect(validateOpenCsvRequest({ title: 'Import lots' })).toEqual({ ok: true, value: { title: 'Import lots' } });
  });

  it('names the bad field', () => {
    expect(validateOpenCsvRequest({ title: 1 })).toEqual({ ok: false, error: '"title" must be a string, got number' });
    expect(validateOpenCsvRequest({ title: 'x'.repeat(201) })).toEqual({ ok: false, error: '"title" is longer than 200 characters' });
    expect(validateOpenCsvRequest({ path: '/etc/passwd' })).toEqual({ ok: false, error: 'unexpected field "path"' });
    expect(validateOpenCsvRequest(null)).toEqual({ ok: false, error: 'the request must be an object, got null' });
    expect(validateOpenCsvRequest([])).toEqual({ ok: false, error: 'the request must be an object, got an array' });
  });
});

describe('validateSaveTextRequest', () => {
  const good = { suggestedName: 'lots-2026-03-01.csv', text: 'code\nA\n', kind: 'csv' };

  it('accepts a well-formed request', () => {
    expect(validateSaveTextRequest(good)).toEqual({ ok: true, value: good });
    expect(validateSaveTextRequest({ ...good, kind: 'json', text: '' })).toEqual({ ok: true, value: { ...good, kind: 'json', text: '' } });
  });

  it.each([
    [{ ...good, suggestedName: 3 }, '"suggestedName" must be a string, got number'],
    [{ ...good, suggestedName: '  ' }, '"suggestedName" is empty'],
    [{ ...good, suggestedName: 'a/b.csv' }, '"suggestedName" must be a file name without folders or control characters'],
    [{ ...good, suggestedName: 'C:\\x.csv' }, '"suggestedName" must be a file name without folders or control characters'],
    [{ ...good, suggestedName: 'a\u0000.csv' }, '"suggestedName" must be a file name without folders or control characters'],
    [{ ...good, suggestedName: '..' }, '"suggestedName" is not a file name'],
    [{ ...good, suggestedName: `${'x'.repeat(200)}.csv` }, '"suggestedName" is longer than 200 characters'],
    [{ ...good, text: null }, '"text" must be a string, got null'],
    [{ ...good, kind: 'xlsx' }, '"kind" must be one of "csv", "json"'],
    [{ ...good, kind: undefined }, '"kind" must be one of "csv", "json"'],
    [{ ...good, mode: 0o777 }, 'unexpected field "mode"'],
  ])('refuses %j', (payload, error) => {
    expect(validateSaveTextRequest(payload)).toEqual({ ok: false, error });
  });

  it('refuses text over the size limit', () => {
    expect(validateSaveTextRequest({ ...good, text: 'x'.repeat(MAX_TEXT_FILE_BYTES + 1) })).toEqual({ ok: false, error: '"text" is larger than 50 MB' });
  });
});

describe('other validators', () => {
  it('app:info takes nothing', () => {
    expect(validateAppInfoRequest(undefined)).toEqual({ ok: true, value: undefined });
    expect(validateAppInfoRequest({})).toEqual({ ok: false, error: 'takes no request, got object' });
  });

  it('shell:open-external checks the shape only (the allow-list is checked when acting)', () => {
    expect(validateOpenExternalRequest({ url: 'http://anything' })).toEqual({ ok: true, value: { url: 'http://anything' } });
    expect(validateOpenExternalRequest({ url: 5 })).toEqual({ ok: false, error: '"url" must be a string, got number' });
    expect(validateOpenExternalRequest({ url: `https://github.com/${'a'.repeat(2048)}` })).toEqual({ ok: false, error: '"url" is longer than 2048 characters' });
  });

  it('print:to-pdf needs a file name', () => {
    expect(validatePrintToPdfRequest({ suggestedName: 'certificate.pdf' })).toEqual({ ok: true, value: { suggestedName: 'certificate.pdf' } });
    expect(validatePrintToPdfRequest({ suggestedName: '../c.pdf' })).toEqual({
      ok: false,
      error: '"suggestedName" must be a file name without folders or control characters',
    });
  });

  it('validateIpcRequest prefixes the channel', () => {
    expect(validateIpcRequest('print:to-pdf', {})).toEqual({ ok: false, error: 'print:to-pdf: "suggestedName" must be a string, got undefined' });
    expect(validateIpcRequest('app:info', undefined)).toEqual({ ok: true, value: undefined });
  });
});

describe('isAllowedExternalUrl', () => {
  it('allows https on an allow-listed host, any path or query', () => {
    expect(isAllowedExternalUrl(LEARN_MORE_URL)).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/fleetledger/fleetledger/issues?q=csv#top')).toBe(true);
    expect(isAllowedExternalUrl('HTTPS://GitHub.com/')).toBe(true);
    for (const host of EXTERNAL_HOST_ALLOW_LIST) expect(isAllowedExternalUrl(`https://${host}/`)).toBe(true);
  });

  it.each([
    'http://github.com/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://github.com/',
    'https://evil.example/',
    'https://github.com.evil.example/',
    'https://gist.github.com/',
    'https://github.com@evil.example/',
    'https://user@github.com/',
    'https://github.com:444/',
    '//github.com/',
    'github.com',
    'https://',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('backup validators', () => {
  const bytes = new Uint8Array([31, 139, 8, 0]);
  const good = { bytes, ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'daily' };

  it('backup:write accepts a well-formed request, keeping the same bytes', () => {
    const result = validateWriteBackupRequest(good);
    expect(result).toEqual({ ok: true, value: good });
    expect(result.ok && result.value.bytes).toBe(bytes);
    for (const reason of ['manual', 'before-restore', 'schema-upgrade']) {
      expect(validateWriteBackupRequest({ ...good, reason }).ok).toBe(true);
    }
    // A Node Buffer is a Uint8Array too (what main may see after IPC).
    expect(validateWriteBackupRequest({ ...good, bytes: Buffer.from([1]) }).ok).toBe(true);
    for (const ledgerStem of ['a', 'Acme_Fleet-2.0', '_x', '-x', 'x'.repeat(60)]) {
      expect(validateWriteBackupRequest({ ...good, ledgerStem }).ok).toBe(true);
    }
  });

  it.each<[unknown, string]>([
    [{ ...good, bytes: [31, 139] }, '"bytes" must be a Uint8Array, got an array'],
    [{ ...good, bytes: 'H4sI' }, '"bytes" must be a Uint8Array, got string'],
    [{ ...good, bytes: new Uint16Array(2) }, '"bytes" must be a Uint8Array, got object'],
    [{ ...good, bytes: new Uint8Array(0) }, '"bytes" is empty'],
    [{ ...good, bytes: undefined }, '"bytes" must be a Uint8Array, got undefined'],
    [{ ...good, ledgerStem: 7 }, '"ledgerStem" must be a string, got number'],
    ...['', '.hidden', '../x', 'a/b', 'a\\b', 'a b', 'Flèet', 'x'.repeat(61), 'a:b'].map(
      (ledgerStem): [unknown, string] => [{ ...good, ledgerStem }, '"ledgerStem" must be 1 to 60 letters, digits, ".", "-" or "_", not starting with "."'],
    ),
    ...['2026-02-30', '2026-12-5', '05/12/2026', '', 20261205].map((date): [unknown, string] => [{ ...good, date }, '"date" must be a calendar date in YYYY-MM-DD form']),
    [{ ...good, reason: 'weekly' }, '"reason" must be one of "manual", "daily", "before-restore", "schema-upgrade", "origin-move"'],
    [{ ...good, reason: undefined }, '"reason" must be one of "manual", "daily", "before-restore", "schema-upgrade", "origin-move"'],
    [{ ...good, path: '/tmp/x' }, 'unexpected field "path"'],
    [null, 'the request must be an object, got null'],
  ])('backup:write refuses %j', (payload, error) => {
    expect(validateWriteBackupRequest(payload)).toEqual({ ok: false, error });
  });

  it('refuses bytes over the size limit', () => {
    // A view claiming more than 512 MiB without allocating it: only byteLength is read.
    const huge = Object.create(Uint8Array.prototype, { byteLength: { value: MAX_BACKUP_BYTES + 1 } }) as Uint8Array;
    expect(validateWriteBackupRequest({ ...good, bytes: huge })).toEqual({ ok: false, error: '"bytes" is larger than 512 MB' });
    expect(validateSaveBackupAsRequest({ suggestedName: 'a.fleetledger', bytes: huge })).toEqual({ ok: false, error: '"bytes" is larger than 512 MB' });
  });

  it('backup:read takes a .fleetledger file name, no folders', () => {
    expect(validateReadBackupRequest({ name: 'Fleetledger-2026-12-05.fleetledger' })).toEqual({ ok: true, value: { name: 'Fleetledger-2026-12-05.fleetledger' } });
    expect(validateReadBackupRequest({ name: '../Fleetledger-2026-12-05.fleetledger' })).toEqual({
      ok: false,
      error: '"name" must be a file name without folders or control characters',
    });
    expect(validateReadBackupRequest({ name: 'notes.txt' })).toEqual({ ok: false, error: '"name" must be a file name ending in .fleetledger' });
    expect(validateReadBackupRequest({ name: '.fleetledger' })).toEqual({ ok: false, error: '"name" must be a file name ending in .fleetledger' });
    expect(validateReadBackupRequest({ name: 3 })).toEqual({ ok: false, error: '"name" must be a string, got number' });
    expect(validateReadBackupRequest({})).toEqual({ ok: false, error: '"name" must be a string, got undefined' });
  });

  it('backup:save-as takes a .fleetledger file name and the bytes', () => {
    expect(validateSaveBackupAsRequest({ suggestedName: 'Fleetledger 2026-12-05.fleetledger', bytes })).toEqual({
      ok: true,
      value: { suggestedName: 'Fleetledger 2026-12-05.fleetledger', bytes },
    });
    expect(validateSaveBackupAsRequest({ suggestedName: 'backup.zip', bytes })).toEqual({ ok: false, error: '"suggestedName" must be a file name ending in .fleetledger' });
    expect(validateSaveBackupAsRequest({ suggestedName: 'C:\\b.fleetledger', bytes })).toEqual({
      ok: false,
      error: '"suggestedName" must be a file name without folders or control characters',
    });
    expect(validateSaveBackupAsRequest({ suggestedName: 'b.fleetledger' })).toEqual({ ok: false, error: '"bytes" must be a Uint8Array, got undefined' });
  });

  it('channels without a request take only undefined', () => {
    for (const channel of ['backup:list', 'backup:open', 'backup:config', 'backup:choose-second-folder', 'backup:clear-second-folder', 'ledger:read-record'] as const) {
      expect(validateIpcRequest(channel, undefined)).toEqual({ ok: true, value: undefined });
      expect(validateIpcRequest(channel, { folder: '/tmp' })).toEqual({ ok: false, error: `${channel}: takes no request, got object` });
      expect(IPC_REQUEST_VALIDATORS[channel]).toBe(validateNoRequest);
    }
    expect(validateAppInfoRequest).toBe(validateNoRequest);
  });

  it('isLedgerFileStem', () => {
    expect(isLedgerFileStem('Fleetledger')).toBe(true);
    expect(isLedgerFileStem('.x')).toBe(false);
    expect(isLedgerFileStem('')).toBe(false);
  });
});

describe('validateLedgerRecord', () => {
  const good = { ledgerId: '01JEX5Q4N8', devices: { 'dev-A_1': 0, devB: 1234 }, updatedAt: '2026-12-05T10:00:00.000Z' };

  it('accepts a well-formed record', () => {
    expect(validateLedgerRecord(good)).toEqual({ ok: true, value: good });
    expect(validateLedgerRecord({ ...good, devices: {} })).toEqual({ ok: true, value: { ...good, devices: {} } });
    expect(validateLedgerRecord({ ...good, devices: { d: Number.MAX_SAFE_INTEGER } }).ok).toBe(true);
    expect(validateLedgerRecord({ ...good, ledgerId: 'x'.repeat(100) }).ok).toBe(true);
    expect(validateIpcRequest('ledger:write-record', good)).toEqual({ ok: true, value: good });
  });

  it('accepts up to 10,000 devices and refuses more', () => {
    const devices = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`d${i}`, i]));
    expect(validateLedgerRecord({ ...good, devices }).ok).toBe(true);
    expect(validateLedgerRecord({ ...good, devices: { ...devices, extra: 1 } })).toEqual({ ok: false, error: '"devices" has more than 10000 entries' });
  });

  it('keeps a "__proto__" device id as data, never as a prototype', () => {
    const devices = JSON.parse('{"__proto__": 5}') as Record<string, number>;
    const result = validateLedgerRecord({ ...good, devices });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.value.devices)).toBe(Object.prototype);
    expect(Object.keys(result.value.devices)).toEqual(['__proto__']);
  });

  it.each([
    [{ ...good, ledgerId: '' }, '"ledgerId" is empty'],
    [{ ...good, ledgerId: 5 }, '"ledgerId" must be a string, got number'],
    [{ ...good, ledgerId: 'x'.repeat(101) }, '"ledgerId" is longer than 100 characters'],
    [{ ...good, updatedAt: null }, '"updatedAt" must be a string, got null'],
    [{ ...good, updatedAt: 'x'.repeat(101) }, '"updatedAt" is longer than 100 characters'],
    [{ ...good, devices: [] }, '"devices" must be an object, got an array'],
    [{ ...good, devices: null }, '"devices" must be an object, got null'],
    [{ ...good, devices: 'all' }, '"devices" must be an object, got string'],
    [{ ...good, devices: { 'a b': 1 } }, '"devices" has a key that is not a device id: "a b"'],
    [{ ...good, devices: { '': 1 } }, '"devices" has a key that is not a device id: ""'],
    [{ ...good, devices: { ['x'.repeat(65)]: 1 } }, `"devices" has a key that is not a device id: "${'x'.repeat(65)}"`],
    [{ ...good, devices: { d: -1 } }, '"devices.d" must be a whole number ≥ 0, got -1'],
    [{ ...good, devices: { d: 1.5 } }, '"devices.d" must be a whole number ≥ 0, got 1.5'],
    [{ ...good, devices: { d: Number.MAX_SAFE_INTEGER + 1 } }, '"devices.d" must be a whole number ≥ 0, got 9007199254740992'],
    [{ ...good, devices: { d: Number.NaN } }, '"devices.d" must be a whole number ≥ 0, got NaN'],
    [{ ...good, devices: { d: '3' } }, '"devices.d" must be a whole number ≥ 0, got string'],
    [{ ledgerId: 'L', devices: {} }, '"updatedAt" must be a string, got undefined'],
    [{ ...good, schema: 2 }, 'unexpected field "schema"'],
    [[good], 'the request must be an object, got an array'],
  ])('refuses %j', (payload, error) => {
    expect(validateLedgerRecord(payload)).toEqual({ ok: false, error });
  });
});

describe('safeFileName', () => {
  it('turns a lot code with slashes and other forbidden characters into a name the bridge accepts', () => {
    expect(safeFileName('GPU/2024/01-provenance-record.pdf')).toBe('GPU-2024-01-provenance-record.pdf');
    expect(safeFileName('a\\b:c*d?e"f<g>h|i\u0001.csv')).toBe('a-b-c-d-e-f-g-h-i-.csv');
    expect(safeFileName(' ..hidden. ')).toBe('hidden');
    expect(safeFileName('..')).toBe('fleetledger');
    expect(safeFileName('x'.repeat(300) + '.pdf')).toHaveLength(200);
    for (const name of ['GPU/2024/01-sanitisation-certificate.pdf', '../../etc/passwd', 'C:\\Windows\\x.csv', '\u0000']) {
      expect(validatePrintToPdfRequest({ suggestedName: safeFileName(name) }).ok, name).toBe(true);
    }
  });
});
