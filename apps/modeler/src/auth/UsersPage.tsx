import { useState } from "react";
import { FormFooter } from "../ui/FormFooter.tsx";
import type { FormEvent } from "react";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { errorInfo } from "../api/errorInfo.ts";
import { Dialog } from "../ui/Dialog.tsx";
import { useSession } from "./useSession.ts";
import { CheckOptions } from "../ui/CheckList.tsx";
import { QueryView } from "../ui/QueryView.tsx";

const roleNames = ["admin", "analyst", "operator", "worker", "viewer"] as const;
type RoleName = (typeof roleNames)[number];

/** `/users`: local accounts (admins): create with roles and groups, disable (revokes their sessions) or enable, reset a password. */
export function UsersPage() {
  const { session } = useSession();
  const users = useQuery("users", () => trpc.user.list.query());
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<{ id: string; username: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const setDisabled = async (id: string, disabled: boolean) => {
    setError(null);
    try {
      await trpc.user.setDisabled.mutate({ id, disabled });
      users.reload();
    } catch (err) {
      setError(errorInfo(err).message);
    }
  };
  return (
    <section className="page" aria-labelledby="users-title">
      <div className="page-header">
        <h1 id="users-title">Users</h1>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New user
        </button>
      </div>
      <p className="muted">
        Roles decide what a user may do; operators and workers perform manual actions: those without a role,
        and those whose role is one of their groups.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <QueryView query={users} what="the users">
        {(data) => (
          <table className="table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Roles</th>
                <th scope="col">Groups</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.username}
                    {u.oidc && (
                      <>
                        {" "}
                        <span
                          className="badge"
                          title="Signs in through the identity provider; roles and groups follow its claims at every sign-in"
                        >
                          SSO
                        </span>
                      </>
                    )}
                  </td>
                  <td>{u.roles.join(", ")}</td>
                  <td className="muted">{u.groups.join(", ") || "—"}</td>
                  <td className={u.disabled ? "error" : undefined}>{u.disabled ? "disabled" : "active"}</td>
                  <td>
                    {u.username !== session.username && (
                      <span className="cell-actions">
                        <button
                          type="button"
                          className="btn"
                          onClick={() => void setDisabled(u.id, !u.disabled)}
                        >
                          {u.disabled ? `Enable ${u.username}` : `Disable ${u.username}`}
                        </button>
                        {!u.oidc && (
                          <button
                            type="button"
                            className="btn"
                            onClick={() => setResetting({ id: u.id, username: u.username })}
                          >
                            Reset password of {u.username}
                          </button>
                        )}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      <CreateUserDialog open={creating} onOpenChange={setCreating} onCreated={users.reload} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
    </section>
  );
}

function CreateUserDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: () => void;
}) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [roles, setRoles] = useState<RoleName[]>(["viewer"]);
  const [groups, setGroups] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await trpc.user.create.mutate({
        username,
        password,
        roles,
        groups: groups
          .split(",")
          .map((g) => g.trim())
          .filter(Boolean),
      });
      onOpenChange(false);
      setUsername("");
      setPassword("");
      onCreated();
    } catch (err) {
      setError(errorInfo(err).message);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New user"
      description="A local account that signs in with its username and password."
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Username</span>
          <input
            className="input"
            required
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            className="input"
            type="password"
            required
            minLength={12}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <fieldset className="fieldset">
          <legend>Roles</legend>
          <CheckOptions options={roleNames} selected={roles} onChange={setRoles} />
        </fieldset>
        <label className="field">
          <span>Groups (comma separated)</span>
          <input className="input" value={groups} onChange={(e) => setGroups(e.target.value)} />
        </label>
        <FormFooter
          error={error}
          onCancel={() => onOpenChange(false)}
          submitLabel="Create user"
          submitDisabled={roles.length === 0}
        />
      </form>
    </Dialog>
  );
}

/** An admin sets another user's password; that user is signed out everywhere. */
function ResetPasswordDialog({
  user,
  onClose,
}: {
  user: { id: string; username: string } | null;
  onClose: () => void;
}) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setPassword("");
    setError(null);
    onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!user) return;
    setError(null);
    try {
      await trpc.user.resetPassword.mutate({ id: user.id, password });
      close();
    } catch (err) {
      setError(errorInfo(err).message);
    }
  };
  return (
    <Dialog
      open={user !== null}
      onOpenChange={(open) => !open && close()}
      title={`Reset the password of ${user?.username ?? ""}`}
      description="They are signed out everywhere and sign in again with the new password."
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>New password</span>
          <input
            className="input"
            type="password"
            required
            minLength={12}
            maxLength={200}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
          />
        </label>
        <FormFooter error={error} onCancel={close} submitLabel="Set password" />
      </form>
    </Dialog>
  );
}
