import { useContext } from "react";
import { SessionContext } from "./SessionProvider.tsx";
import type { SessionValue } from "./SessionProvider.tsx";

/** The signed-in user and `may(procedure)`; only inside `SessionProvider`. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
