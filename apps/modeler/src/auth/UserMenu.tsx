import { useSession } from "./useSession.ts";
import { postSignOut } from "./session.ts";

/** The header's right side: who is signed in (or the demo-mode notice) and sign out. */
export function UserMenu() {
  const { session, reload } = useSession();
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
      <button
        type="button"
        className="btn"
        onClick={() => {
          void postSignOut().then(reload);
        }}
      >
        Sign out
      </button>
    </span>
  );
}
