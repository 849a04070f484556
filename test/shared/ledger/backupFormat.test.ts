import { describe, expect, it } from 'vitest';
import { readBackupHeader } from '../../../shared/ledger/backupFormat';

describe('a backup header', () => {
  it('says an empty file is empty, rather than that its first line is not a header', () => {
    for (const text of ['', '\n', '  \r\n']) expect(readBackupHeader(text, 9)).toEqual({ ok: false, error: 'This is not a Fleetledger backup: the file is empty.' });
    expect(readBackupHeader('hello\n', 9)).toEqual({ ok: false, error: 'This is not a Fleetledger backup: its first line is not a Fleetledger backup header.' });
  });
});
