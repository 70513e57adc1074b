import { useState } from "react";
import { FormDialog } from "../ui/FormDialog.tsx";
import type { CreateDialogProps } from "../ui/FormDialog.tsx";
import { trpc } from "../api/trpc.ts";
import { useMutation } from "../api/useMutation.ts";
import { TextField } from "../ui/Field.tsx";
import { keyFromName } from "./keyFromName.ts";

/** Asks for a new process's name, key and description and creates it (draft v1). */
export function CreateProcessDialog({
  open,
  onOpenChange,
  onCreated,
}: CreateDialogProps<[key: string, number: number]>) {
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyTouched, setKeyTouched] = useState(false);
  const [description, setDescription] = useState("");
  const creation = useMutation();
  const effectiveKey = keyTouched ? key : keyFromName(name);
  const submit = async () => {
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
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="New process"
      description="A new process starts as a draft v1 with one initial state."
      onSubmit={submit}
      error={creation.error}
      submitLabel="Create"
    >
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
      <TextField label="Description" rows={3} value={description} onChange={setDescription} />
    </FormDialog>
  );
}
