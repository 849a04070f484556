/**
 * Which of `buckets` records a key is kept in (asset tags, serials, event counters): FNV-1a over
 * the key's UTF-16 code units. Stable across builds, which stored buckets rely on: changing it,
 * or a table's bucket count, needs a migration that rebuilds that table.
 */
export function hashBucket(key: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}
