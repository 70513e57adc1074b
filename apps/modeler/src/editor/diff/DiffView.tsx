import { useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import type { ProcessModel } from "@flowstate/model";
import { EditorStoreProvider } from "../store/EditorStoreProvider";
import { useReadOnlyStore } from "../store/useReadOnlyStore";
import { EditorCanvas } from "../canvas/EditorCanvas";
import { DiffList } from "./DiffList";
import { diffForCanvas } from "./diffForCanvas";

/** Two versions on one read-only canvas: added, removed and changed elements coloured, with a list. */
export function DiffView({ from, to }: { from: ProcessModel; to: ProcessModel }) {
  const [diff] = useState(() => diffForCanvas(from, to));
  const store = useReadOnlyStore(diff.model);
  return (
    <ReactFlowProvider>
      <EditorStoreProvider store={store}>
        <div className="editor-body diff-body">
          <div className="editor-center">
            <EditorCanvas marks={diff.marks} />
          </div>
          <DiffList entries={diff.entries} />
        </div>
      </EditorStoreProvider>
    </ReactFlowProvider>
  );
}
