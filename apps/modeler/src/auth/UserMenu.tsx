import { useState } from "react";
import { useSession } from "./useSession.ts";
import { postSignOut } from "./session.ts";
import { ChangePasswordDialog } from "./ChangePasswordDialog.tsx";

/** The header's right side: who is signed in (or the demo-mode notice), change password and sign out. */
export function UserMenu() {
  const { session, reload } = useSession();
  const [changing, setChanging] = useState(false);
  if (session.demo)
    return (
      <span className="badge badge-warn" role="note">
        demo mode: signed in as demo admin
      </span>
    );
  return (
    <span className="user-menu">
      <span aria-label="Signed in as">
        {session.username} <span className="muted">· {session.roles.join(", ")}</span>
      </span>
      <button type="button" className="btn" onClick={() => setChanging(true)}>
        Change password
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => {
          void postSignOut().then(reload);
        }}
      >
        Sign out
      </button>
      <ChangePasswordDialog open={changing} onOpenChange={setChanging} />
    </span>
  );
}
