import { describe, expect, it } from 'vitest';
import {
  BRIDGE_CHANNELS,
  EXTERNAL_HOST_ALLOW_LIST,
  IPC_CHANNELS,
  IPC_REQUEST_VALIDATORS,
  isAllowedExternalUrl,
  isMenuCommand,
  LEARN_MORE_URL,
  MAX_TEXT_FILE_BYTES,
  MENU_COMMANDS,
  validateAppInfoRequest,
  validateIpcRequest,
  validateOpenCsvRequest,
  validateOpenExternalRequest,
  validatePrintToPdfRequest,
  validateSaveTextRequest,
} from '../../shared/ipc';

describe('contract', () => {
  it('has a validator and exactly one bridge function per channel', () => {
    expect(Object.keys(IPC_REQUEST_VALIDATORS).sort()).toEqual([...IPC_CHANNELS].sort());
    expect(Object.values(BRIDGE_CHANNELS).sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('recognises menu commands only', () => {
    expect(MENU_COMMANDS).toHaveLength(13);
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
