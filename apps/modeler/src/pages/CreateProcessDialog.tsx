import { useState } from "react";
import type { FormEvent } from "react";
import { trpc } from "../api/trpc.ts";
import { errorInfo } from "../api/errorInfo.ts";
import { Dialog } from "../ui/Dialog.tsx";
import { keyFromName } from "./keyFromName.ts";

/** Asks for a new process's name, key and description and creates it (draft v1). */
export function CreateProcessDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (key: string, number: number) => void;
}) {
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyTouched, setKeyTouched] = useState(false);
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const effectiveKey = keyTouched ? key : keyFromName(name);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await trpc.process.create.mutate({
        key: effectiveKey,
        name,
        ...(description ? { description } : {}),
      });
      onOpenChange(false);
      onCreated(created.processKey, created.number);
    } catch (err) {
      setError(errorInfo(err).message);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New process"
      description="A new process starts as a draft v1 with one initial state."
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Name</span>
          <input
            className="input"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
        </label>
        <label className="field">
          <span>Key</span>
          <input
            className="input"
            required
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
            value={effectiveKey}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span>Description</span>
          <textarea
            className="input"
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary">
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
