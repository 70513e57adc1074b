import { useState } from "react";
import type { FormEvent } from "react";
import { trpc } from "../api/trpc.ts";
import { useMutation } from "../api/useMutation.ts";
import { Dialog } from "../ui/Dialog.tsx";
import { TextField } from "../ui/Field.tsx";
import { FormFooter } from "../ui/FormFooter.tsx";
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
  const creation = useMutation();
  const effectiveKey = keyTouched ? key : keyFromName(name);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await creation.run(async () => {
      const created = await trpc.process.create.mutate({
        key: effectiveKey,
        name,
        ...(description ? { description } : {}),
      });
      onOpenChange(false);
      onCreated(created.processKey, created.number);
    });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New process"
      description="A new process starts as a draft v1 with one initial state."
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <TextField label="Name" required value={name} onChange={setName} autoFocus />
        <TextField
          label="Key"
          required
          pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
          value={effectiveKey}
          onChange={(value) => {
            setKeyTouched(true);
            setKey(value);
          }}
        />
        <label className="field">
          <span>Description</span>
          <textarea
            className="input"
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <FormFooter error={creation.error} onCancel={() => onOpenChange(false)} submitLabel="Create" />
      </form>
    </Dialog>
  );
}
