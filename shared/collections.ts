/** Small collection helpers for the domain code. */

/**
 * Adds `value` to the list kept under `key`, in place. Grouping by copying the list for every
 * item (`map.set(k, [...(map.get(k) ?? []), v])`) is quadratic: a lot of 100,000 units grouped
 * that way takes minutes.
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
