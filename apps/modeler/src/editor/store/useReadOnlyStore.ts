import { useState } from "react";
import type { ProcessModel } from "@flowstate/model";
import { createEditContext } from "../model/EditContext";
import { memoryClipboard } from "./ClipboardStore";
import { createEditorStore } from "./createEditorStore";
import type { EditorStore } from "./EditorState";

/**
 * An editor store that only shows `model` (read-only, no validation, its own clipboard), made once
 * for the component's life: the diff, migration and operate canvases.
 */
export function useReadOnlyStore(model: ProcessModel): EditorStore {
  const [store] = useState(() =>
    createEditorStore(
      model,
      { ctx: createEditContext(), clipboard: memoryClipboard(), validate: () => [] },
      { readOnly: true },
    ),
  );
  return store;
}
