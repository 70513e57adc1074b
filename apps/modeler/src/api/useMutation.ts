import { useCallback, useState } from "react";
import { errorInfo } from "./errorInfo.ts";

/**
 * A change the runtime may refuse: `run(mutate)` clears the last refusal, awaits the call and keeps
 * the refusal's message in `error` (then answers `false`); `true` when it went through.
 */
export function useMutation() {
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (mutate: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await mutate();
      return true;
    } catch (err) {
      setError(errorInfo(err).message);
      return false;
    }
  }, []);
  return { error, setError, run };
}
