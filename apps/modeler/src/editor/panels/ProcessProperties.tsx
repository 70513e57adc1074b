import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { TextField } from "./fields/TextField";
import { CalendarsEditor } from "./fields/CalendarsEditor";

/** Shown when nothing is selected: the process's name and description and its calendars. */
export function ProcessProperties() {
  const store = useEditorStoreApi();
  const name = useEditorStore((s) => s.model.name);
  const description = useEditorStore((s) => s.model.description);
  const key = useEditorStore((s) => s.model.key);
  return (
    <>
      <p className="muted small">
        Process <code>{key}</code>. Select an element to edit it.
      </p>
      <TextField
        label="Process name"
        value={name}
        required
        onCommit={(n) => n && store.getState().updateProcess({ name: n })}
      />
      <TextField
        label="Process description"
        value={description}
        multiline
        onCommit={(d) => store.getState().updateProcess({ description: d })}
      />
      <CalendarsEditor />
    </>
  );
}
