import { useCallback, useEffect, useState } from "react";

export type QueryState<T> = { status: "loading" } | { status: "error"; error: Error } | { status: "ready"; data: T };

/** Runs an async read when its key changes; `reload` runs it again. Stale answers are dropped. */
export function useQuery<T>(key: string, read: () => Promise<T>): QueryState<T> & { reload: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: "loading" });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    read().then(
      (data) => current && setState({ status: "ready", data }),
      (error: unknown) => current && setState({ status: "error", error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
    // `read` is recreated every render; the key says when the query really changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
