import { useProcessName } from "./useProcessName.ts";

/** The name of the process `key` (see `useProcessName`); "…" while it loads. */
export function ProcessName({ processKey }: { processKey: string }) {
  const name = useProcessName(processKey);
  return name ?? <span className="muted">…</span>;
}
