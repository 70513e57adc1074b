import { useState } from "react";
import { CloseActions, FormFooter } from "../ui/FormFooter.tsx";
import type { FormEvent } from "react";
import { Dialog } from "../ui/Dialog.tsx";
import { NewPasswordField, TextField } from "../ui/Field.tsx";
import { postChangePassword } from "./session.ts";

/** From the user menu: current password + new one (twice); the user's other sessions are signed out. */
export function ChangePasswordDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const close = (value: boolean) => {
    if (!value) {
      setCurrent("");
      setNext("");
      setRepeat("");
      setError(null);
      setDone(null);
    }
    onOpenChange(value);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (next !== repeat) return setError("the new passwords differ");
    const result = await postChangePassword(current, next);
    if (!result.ok) return setError(result.message);
    setDone(
      result.revokedSessions > 0
        ? `Password changed. ${result.revokedSessions} other session(s) were signed out.`
        : "Password changed.",
    );
  };
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="Change password"
      description="Your other sessions (other browsers and devices) are signed out."
    >
      {done ? (
        <div className="form">
          <p role="status">{done}</p>
          <CloseActions label="Done" primary onClose={() => close(false)} />
        </div>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)}>
          <TextField
            label="Current password"
            type="password"
            required
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
            autoFocus
          />
          <NewPasswordField label="New password (at least 12 characters)" value={next} onChange={setNext} />
          <NewPasswordField label="New password again" value={repeat} onChange={setRepeat} />
          <FormFooter error={error} onCancel={() => close(false)} submitLabel="Change password" />
        </form>
      )}
    </Dialog>
  );
}
