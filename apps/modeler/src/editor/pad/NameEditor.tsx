import { useEffect, useRef } from "react";
import { useReactFlow } from "@xyflow/react";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { inView, nameBoxPlacement } from "./padPlacement";
import { useElementScreenRect } from "./useElementScreenRect";

/**
 * In-place name editing: an input over the label of the element being renamed (the store's
 * `renaming`, opened by double-click, F2, Enter or an append). Enter or leaving the field keeps the
 * name (one undo step, `rename`), Escape cancels.
 */
export function NameEditor() {
  const store = useEditorStoreApi();
  const id = useEditorStore((s) => s.renaming);
  const element = useEditorStore((s) =>
    s.renaming
      ? (s.model.states.find((e) => e.id === s.renaming) ?? s.model.nodes.find((e) => e.id === s.renaming))
      : undefined,
  );
  const onScreen = useElementScreenRect(id);
  const input = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    done.current = false;
  }, [id]);
  // An element appended out of view is brought into it: the user sees what they name.
  const flow = useReactFlow();
  const outOfView = onScreen !== null && !inView(onScreen.rect, onScreen.canvas);
  useEffect(() => {
    if (!id || !outOfView) return;
    const node = flow.getInternalNode(id);
    if (!node) return;
    const { x, y } = node.internals.positionAbsolute;
    const cx = x + (node.measured.width ?? 0) / 2;
    const cy = y + (node.measured.height ?? 0) / 2;
    void flow.setCenter(cx, cy, { zoom: flow.getZoom(), duration: 200 });
  }, [id, outOfView, flow]);
  if (!id || !element || !onScreen) return null;
  const kind = "kind" in element ? (element.kind === "action" ? "action" : "control") : "state";
  const box = nameBoxPlacement(kind, onScreen.rect, onScreen.canvas);
  const finish = (keep: boolean) => {
    if (done.current) return;
    done.current = true;
    const s = store.getState();
    if (keep && input.current) s.rename(id, input.current.value);
    else s.endRename();
  };
  return (
    <input
      key={id}
      ref={input}
      className="fs-name-editor nodrag nopan nowheel"
      aria-label={`Name of ${element.name}`}
      defaultValue={element.name}
      // mounted when the element has its place on screen (just appended: after React Flow measured it)
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      style={{ left: box.x, top: box.y, width: box.width, height: box.height }}
      onKeyDown={(event) => {
        if (event.key === "Enter") finish(true);
        else if (event.key === "Escape") finish(false);
        else return;
        event.preventDefault();
        event.stopPropagation();
      }}
      onBlur={() => finish(true)}
      onPointerDown={(event) => event.stopPropagation()}
    />
  );
}
