import { describe, expect, it } from 'vitest';
import { utf8Text } from '../../../renderer/db/gzip';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('utf8Text', () => {
  it('decodes ASCII text as it is', () => {
    const line = '{"event":{"id":"d:1","note":"tab\\there"}}\n';
    expect(utf8Text(encode(line))).toBe(line);
    expect(utf8Text(bytes(0, 0x7f))).toBe('\u0000\u007f');
    expect(utf8Text(bytes())).toBe('');
  });

  it('decodes UTF-8 beyond ASCII: every character, not one per byte', () => {
    for (const text of ['Zürich', 'Salle serveur – baie 3', '東京', 'rack 🚀 4', '\u0080\u00ff\u0100']) {
      expect(utf8Text(encode(text))).toBe(text);
    }
  });

  it('decodes a text whose only non-ASCII character is at its very end or start', () => {
    const long = `${'a'.repeat(100_000)}é`;
    expect(utf8Text(encode(long))).toBe(long);
    expect(utf8Text(encode(`é${'a'.repeat(100_000)}`))).toBe(`é${'a'.repeat(100_000)}`);
  });

  it('refuses bytes that are not UTF-8 (a single-byte decoder would take them)', () => {
    expect(() => utf8Text(bytes(0x68, 0x80))).toThrow();
    expect(() => utf8Text(bytes(0xe9, 0x61))).toThrow();
    expect(() => utf8Text(bytes(0xc3))).toThrow();
  });

  it('keeps a U+FFFD the text really holds', () => {
    expect(utf8Text(encode('a\uFFFDb'))).toBe('a\uFFFDb');
  });

  it('drops a byte-order mark, as the UTF-8 decoder does', () => {
    expect(utf8Text(bytes(0xef, 0xbb, 0xbf, 0x61))).toBe('a');
  });

  it('decodes a view into a larger buffer at any offset', () => {
    const whole = encode('xx{"a":"é"}yy');
    expect(utf8Text(whole.subarray(2, whole.length - 2))).toBe('{"a":"é"}');
    const ascii = encode('xxx{"a":1}');
    expect(utf8Text(ascii.subarray(3))).toBe('{"a":1}');
  });
});
