import { createContext, useCallback, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { trpc } from "../api/trpc.ts";
import type { Session } from "./session.ts";

export interface SessionValue {
  session: Session;
  /** Whether the signed-in user may call a procedure (the server refuses regardless). */
  may: (procedure: string) => boolean;
  /**
   * Whether the user may perform a manual action with this `role` (none: open to every performer):
   * `instance.perform`, and the role among their groups unless they are an admin (as the server's
   * `assertMayPerform` decides).
   */
  mayPerform: (role: string | null | undefined) => boolean;
  /** Reads the session again (after sign-in or sign-out). */
  reload: () => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

type State =
  { status: "loading" } | { status: "error"; message: string } | { status: "ready"; session: Session };

/**
 * Asks the runtime who is signed in (`auth.me`) and what they may do. Without a session it shows
 * `signIn` (the sign-in page) instead of the app.
 */
export function SessionProvider({
  children,
  signIn,
}: {
  children: ReactNode;
  signIn: (reload: () => void) => ReactNode;
}) {
  const [state, setState] = useState<State>({ status: "loading" });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    trpc.auth.me.query().then(
      (session) => current && setState({ status: "ready", session }),
      (error: unknown) =>
        current &&
        setState({ status: "error", message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const value = useMemo<SessionValue | null>(() => {
    if (state.status !== "ready") return null;
    const { session } = state;
    const allowed = new Set(session.allowed);
    const mayPerform = (role: string | null | undefined) =>
      allowed.has("instance.perform") &&
      (!role || session.roles.includes("admin") || session.groups.includes(role));
    return { session, may: (procedure) => allowed.has(procedure), mayPerform, reload };
  }, [state, reload]);
  if (state.status === "loading") return <p className="page muted">Loading…</p>;
  if (state.status === "error")
    return (
      <p role="alert" className="page error">
        Could not reach the runtime: {state.message}
      </p>
    );
  if (!value || !value.session.signedIn) return <>{signIn(reload)}</>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
