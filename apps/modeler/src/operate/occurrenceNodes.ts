/** Occurrence id → node id, from the history entries that mention both (started, scheduled, completed …). */
export function occurrenceNodes(history: readonly { data: unknown }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of history) {
    const d = h.data as { occurrenceId?: unknown; nodeId?: unknown } | null;
    if (d && typeof d.occurrenceId === "string" && typeof d.nodeId === "string")
      out.set(d.occurrenceId, d.nodeId);
  }
  return out;
}
