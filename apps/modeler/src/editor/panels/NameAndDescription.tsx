import { TextField } from "./fields/TextField";

/** What every panel edits a `(changes) => void` of: one undoable edit of the selected element. */
export type Update = (changes: Record<string, unknown>) => void;

/** The name (required) and description of a state, action or control node. */
export function NameAndDescription({
  name,
  description,
  update,
}: {
  name: string;
  description: string | undefined;
  update: Update;
}) {
  return (
    <>
      <TextField label="Name" value={name} required onCommit={(n) => update({ name: n })} />
      <TextField
        label="Description"
        value={description}
        multiline
        onCommit={(d) => update({ description: d })}
      />
    </>
  );
}
