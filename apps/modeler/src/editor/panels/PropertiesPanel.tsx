import { useCallback } from "react";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { ActionProperties } from "./ActionProperties";
import { ControlProperties } from "./ControlProperties";
import { LineProperties } from "./LineProperties";
import { ProcessProperties } from "./ProcessProperties";
import { StateProperties } from "./StateProperties";
import { TransitionProperties } from "./TransitionProperties";
import { ResetRouteButton } from "./ResetRouteButton";
import { useSelectedElement } from "./useSelectedElement";
import { FieldsDisabled } from "./fields/FieldsDisabled";

/** The properties of the one selected element (or of the process); every change is an undoable edit. */
export function PropertiesPanel() {
  const store = useEditorStoreApi();
  const selected = useSelectedElement();
  const count = useEditorStore((s) => s.selection.length);
  const readOnly = useEditorStore((s) => s.readOnly);
  const id = selected?.element.id;
  const update = useCallback(
    (changes: Record<string, unknown>) => id && store.getState().updateElement(id, changes),
    [store, id],
  );
  let title = "Process";
  let body = <ProcessProperties />;
  if (count > 1) {
    title = `${count} elements selected`;
    body = <p className="muted small">Select one element to edit its properties.</p>;
  } else if (selected) {
    // `key` resets the fields' local drafts when another element is selected.
    switch (selected.type) {
      case "state":
        title = "State";
        body = <StateProperties key={id} state={selected.element} update={update} />;
        break;
      case "node":
        if (selected.element.kind === "action") {
          title = selected.element.mode === "manual" ? "Manual action" : "Automatic action";
          body = <ActionProperties key={id} action={selected.element} update={update} />;
        } else {
          title =
            selected.element.kind === "finalizer"
              ? "Finalizer"
              : selected.element.kind === "and"
                ? "And"
                : "Or";
          body = <ControlProperties key={id} control={selected.element} update={update} />;
        }
        break;
      case "line":
        title =
          selected.element.kind === "flow"
            ? selected.element.on === "failed"
              ? "Failure flow"
              : "Flow line"
            : selected.element.kind === "limit"
              ? "Limit line"
              : "Not line";
        body = (
          <>
            <LineProperties key={id} line={selected.element} update={update} />
            <ResetRouteButton id={selected.element.id} />
          </>
        );
        break;
      case "transition":
        title = "Transition";
        body = (
          <>
            <TransitionProperties key={id} transition={selected.element} update={update} />
            <ResetRouteButton id={selected.element.id} />
          </>
        );
        break;
    }
  }
  return (
    <aside className="side-panel properties" aria-label="Properties">
      <h2 className="panel-title">{title}</h2>
      <div className="panel-body">
        <FieldsDisabled value={readOnly}>{body}</FieldsDisabled>
      </div>
    </aside>
  );
}
