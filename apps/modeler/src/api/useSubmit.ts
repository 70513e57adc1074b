import { useCallback, useState } from "react";
import { errorInfo } from "./errorInfo.ts";
import type { ErrorInfo } from "./errorInfo.ts";

/**
 * A form's submission: `busy` while the call runs, `error` in words when it is refused (the
 * runtime's message, or what `explain` makes of the error, e.g. a CONFLICT told as "reload").
 * `submit` resolves to whether the call went through.
 */
export function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = useCallback(
    async (call: () => Promise<unknown>, explain?: (info: ErrorInfo) => string): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await call();
        return true;
      } catch (err) {
        const info = errorInfo(err);
        setError(explain ? explain(info) : info.message);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { error, setError, busy, submit };
}
