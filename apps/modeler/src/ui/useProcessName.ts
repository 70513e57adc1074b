import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";

/**
 * The name of the process `key` (what people call it), for breadcrumbs and page titles: `null`
 * while it loads, "Process" when it cannot be read. The key is an identifier and never shown in
 * its place.
 */
export function useProcessName(key: string): string | null {
  const process = useQuery(`process-name:${key}`, () => trpc.process.get.query({ key }));
  if (process.status === "ready") return process.data.name;
  return process.last?.data.name ?? (process.status === "error" ? "Process" : null);
}
