import { useEffect, useMemo, useState } from "react";
import { useStore } from "zustand";
import type { StoreApi } from "zustand";
import type { ProcessModel } from "@flowstate/model";

/** What play reads of the editor's store: the draft and whether it has errors. */
export interface DraftSource {
  model: ProcessModel;
  problems: readonly { severity: string }[];
}

const DEBOUNCE_MS = 500;

/**
 * The draft as play follows it: the editor's model, settled 500 ms after the last edit (never on
 * every keystroke), with whether it has errors. Without a store, the model play started with.
 */
export function useFollowDraft(
  store: StoreApi<DraftSource> | undefined,
  initial: ProcessModel,
): { model: ProcessModel; hasErrors: boolean } {
  const fallback = useMemo(
    () => ({ getState: () => ({ model: initial, problems: [] }), subscribe: () => () => {} }),
    [initial],
  );
  const model = useStore((store ?? fallback) as StoreApi<DraftSource>, (s) => s.model);
  const hasErrors = useStore((store ?? fallback) as StoreApi<DraftSource>, (s) =>
    s.problems.some((p) => p.severity === "error"),
  );
  const [settled, setSettled] = useState({ model, hasErrors });
  useEffect(() => {
    if (settled.model === model && settled.hasErrors === hasErrors) return;
    const timer = setTimeout(() => setSettled({ model, hasErrors }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [model, hasErrors, settled]);
  return settled;
}
