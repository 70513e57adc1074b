/** The record with `from` renamed to `to`, keeping the key order. */
export function renameKey<V>(
  record: Readonly<Record<string, V>>,
  from: string,
  to: string,
): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [k, v] of Object.entries(record)) out[k === from ? to : k] = v;
  return out;
}
