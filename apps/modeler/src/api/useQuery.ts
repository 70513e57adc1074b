import { useCallback, useEffect, useState } from "react";
import { QueryRunner } from "./QueryRunner.ts";
import type { QuerySnapshot, QueryState } from "./QueryRunner.ts";

export type { QueryState };

export type Query<T> = QueryState<T> & {
  /** The last answer for the current key; still there while a later read failed. */
  last: { data: T } | null;
  /** Reads again, dropping an answer under way (after a change the old answer would not show). */
  reload: () => void;
  /** Reads again without dropping an answer under way (polling): see `QueryRunner`. */
  refresh: () => void;
};

/**
 * Runs an async read when its key changes; answers for a previous key are dropped. Until the new
 * answer the previous state stays on screen (no flicker to "Loading…").
 */
export function useQuery<T>(key: string, read: () => Promise<T>): Query<T> {
  const [snapshot, setSnapshot] = useState<QuerySnapshot<T>>({ state: { status: "loading" }, last: null });
  const [runner] = useState(() => new QueryRunner<T>(setSnapshot));
  // Every render hands over the current `read` (it is recreated each time); only a new key reads.
  useEffect(() => runner.use(key, read));
  useEffect(() => () => runner.dispose(), [runner]);
  const reload = useCallback(() => runner.reload(), [runner]);
  const refresh = useCallback(() => runner.refresh(), [runner]);
  return { ...snapshot.state, last: snapshot.last, reload, refresh };
}

/** One stable callback that calls `first`, then `second` (two queries' `refresh` or `reload`). */
export function useBoth(first: () => void, second: () => void): () => void {
  return useCallback(() => {
    first();
    second();
  }, [first, second]);
}
