import { useState } from "react";
import { FormDialog } from "../ui/FormDialog.tsx";
import type { CreateDialogProps } from "../ui/FormDialog.tsx";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { useMutation } from "../api/useMutation.ts";
import { useSession } from "./useSession.ts";
import { CheckOptions } from "../ui/CheckList.tsx";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import { commaList, NewPasswordField, TextField } from "../ui/Field.tsx";
import { Page } from "../ui/Page.tsx";
import { QueryTable } from "../ui/Table.tsx";

const roleNames = ["admin", "analyst", "operator", "worker", "viewer"] as const;
type RoleName = (typeof roleNames)[number];

/** `/users`: local accounts (admins): create with roles and groups, disable (revokes their sessions) or enable, reset a password. */
export function UsersPage() {
  const { session } = useSession();
  const users = useQuery("users", () => trpc.user.list.query());
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<{ id: string; username: string } | null>(null);
  const change = useMutation();
  const setDisabled = async (id: string, disabled: boolean) => {
    if (await change.run(() => trpc.user.setDisabled.mutate({ id, disabled }))) users.reload();
  };
  return (
    <Page
      id="users-title"
      title="Users"
      actions={
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New user
        </button>
      }
      intro="Roles decide what a user may do; operators and workers perform manual actions: those without a role, and those whose role is one of their groups."
    >
      <ErrorAlert message={change.error} />
      <QueryTable
        query={users}
        what="the users"
        empty="No users yet. Add one with “New user”; each person signs in with their own account and roles."
        label="Users"
        columns={["Username", "Roles", "Groups", "Status"]}
        actions="Actions"
      >
        {(u) => (
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
                  <button type="button" className="btn" onClick={() => void setDisabled(u.id, !u.disabled)}>
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
        )}
      </QueryTable>
      <CreateUserDialog open={creating} onOpenChange={setCreating} onCreated={users.reload} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
    </Page>
  );
}

function CreateUserDialog({ open, onOpenChange, onCreated }: CreateDialogProps) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [roles, setRoles] = useState<RoleName[]>(["viewer"]);
  const [groups, setGroups] = useState("");
  const creation = useMutation();
  const submit = async () => {
    const created = await creation.run(() =>
      trpc.user.create.mutate({ username, password, roles, groups: commaList(groups) }),
    );
    if (!created) return;
    onOpenChange(false);
    setUsername("");
    setPassword("");
    onCreated();
  };
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="New user"
      description="A local account that signs in with its username and password."
      onSubmit={submit}
      error={creation.error}
      submitLabel="Create user"
      submitDisabled={roles.length === 0}
    >
      <TextField
        label="Username"
        required
        autoComplete="off"
        value={username}
        onChange={setUsername}
        autoFocus
      />
      <TextField
        label="Password"
        type="password"
        required
        minLength={12}
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
      />
      <fieldset className="fieldset">
        <legend>Roles</legend>
        <CheckOptions options={roleNames} selected={roles} onChange={setRoles} />
      </fieldset>
      <TextField label="Groups (comma separated)" value={groups} onChange={setGroups} />
    </FormDialog>
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
  const reset = useMutation();
  const close = () => {
    setPassword("");
    reset.setError(null);
    onClose();
  };
  const submit = async () => {
    if (!user) return;
    if (await reset.run(() => trpc.user.resetPassword.mutate({ id: user.id, password }))) close();
  };
  return (
    <FormDialog
      open={user !== null}
      onOpenChange={(open) => !open && close()}
      title={`Reset the password of ${user?.username ?? ""}`}
      description="They are signed out everywhere and sign in again with the new password."
      onSubmit={submit}
      error={reset.error}
      onCancel={close}
      submitLabel="Set password"
    >
      <NewPasswordField label="New password" value={password} onChange={setPassword} autoFocus />
    </FormDialog>
  );
}
