import { useEffect, useRef, useState } from "react";
import { trpc } from "../api/trpc.ts";

const coalesceMs = 150;

export type LiveStatus = "connecting" | "live" | "offline";

/**
 * Calls `onChange` whenever an instance matching the filter moves (the runtime's `live.changes`
 * SSE subscription) and each time the subscription (re)starts, since changes made while it was
 * not listening (before the first start, during a reconnect) are not replayed. Reports whether the
 * page is live. The key says when the filter changes.
 */
export function useLiveChanges(
  filter: { instanceId?: string; processKey?: string },
  onChange: () => void,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const callback = useRef(onChange);
  useEffect(() => {
    callback.current = onChange;
  });
  const key = `${filter.instanceId ?? ""}|${filter.processKey ?? ""}`;
  useEffect(() => {
    // A busy process moves many instances a second: changes arriving together cause one reload.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        callback.current();
      }, coalesceMs);
    };
    const sub = trpc.live.changes.subscribe(
      {
        ...(filter.instanceId ? { instanceId: filter.instanceId } : {}),
        ...(filter.processKey ? { processKey: filter.processKey } : {}),
      },
      {
        onStarted: () => {
          setStatus("live");
          callback.current();
        },
        onData: soon,
        onError: () => setStatus("offline"),
        onConnectionStateChange: (state) =>
          setStatus(
            state.state === "pending" ? "live" : state.state === "connecting" ? "connecting" : "offline",
          ),
      },
    );
    return () => {
      clearTimeout(pending);
      sub.unsubscribe();
    };
    // the key stands for the filter
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return status;
}
