import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import type { PlaceKind } from "../store/createEditorStore";
import { CONNECT_KINDS } from "@flowstate/model";
import { connectKindLabels } from "../model/ConnectKind";
import { Icon } from "../canvas/Icon";
import type { IconName } from "../canvas/Icon";
import { Tooltip } from "../../ui/Tooltip";
import { usePaletteDrag } from "./usePaletteDrag";

const items: { kind: PlaceKind; label: string; icon: IconName; hint: string }[] = [
  { kind: "state", label: "State", icon: "state", hint: "A phase of the case; holds actions" },
  { kind: "manual", label: "Manual action", icon: "manual", hint: "Done by a person or an outside system" },
  {
    kind: "automatic",
    label: "Automatic action",
    icon: "automatic",
    hint: "Run by the engine through a handler",
  },
  { kind: "and", label: "And", icon: "and", hint: "Fires once all incoming lines fired" },
  { kind: "or", label: "Or", icon: "or", hint: "Fires on the first incoming line; closes the others" },
  { kind: "finalizer", label: "Finalizer", icon: "finalizer", hint: "Ends the instance" },
];

/** Click an item then the canvas to place it, or drag it onto the canvas; pick the kind of line to draw. */
export function Palette() {
  const store = useEditorStoreApi();
  const place = useEditorStore((s) => s.place);
  const connectKind = useEditorStore((s) => s.connectKind);
  const readOnly = useEditorStore((s) => s.readOnly);
  const drag = usePaletteDrag();
  if (readOnly) return null;
  return (
    <aside className="palette" aria-label="Palette">
      <div role="toolbar" aria-label="Create elements" aria-orientation="vertical" className="palette-group">
        {items.map((item) => (
          <Tooltip
            key={item.kind}
            content={`${item.label}: ${item.hint}. Click, then click on the canvas, or drag.`}
          >
            <button
              type="button"
              className={`palette-item ${place === item.kind ? "is-active" : ""}`}
              aria-label={item.label}
              aria-pressed={place === item.kind}
              onPointerDown={drag.onPointerDown(item.kind)}
              onClick={() =>
                !drag.consumeDrag() && store.getState().setPlace(place === item.kind ? null : item.kind)
              }
            >
              <Icon name={item.icon} size={18} />
              <span className="palette-label">{item.label}</span>
            </button>
          </Tooltip>
        ))}
      </div>
      <div role="radiogroup" aria-label="Line kind" className="palette-group">
        <span className="palette-heading">Lines</span>
        {CONNECT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            role="radio"
            aria-checked={connectKind === kind}
            className={`palette-line ${connectKind === kind ? "is-active" : ""}`}
            onClick={() => store.getState().setConnectKind(kind)}
          >
            <svg width="28" height="10" aria-hidden="true">
              <line
                x1="1"
                y1="5"
                x2="22"
                y2="5"
                className={`fs-edge fs-edge-${kind}`}
                markerEnd={`url(#fs-arrow-${kind})`}
              />
            </svg>
            {connectKindLabels[kind]}
          </button>
        ))}
        {drag.ghost && (
          <div className="palette-ghost" style={{ left: drag.ghost.x, top: drag.ghost.y }} aria-hidden="true">
            {items.find((i) => i.kind === drag.ghost?.kind)?.label}
          </div>
        )}
        <p className="palette-hint">
          Drag from a node's right dot. Shift: limit · Alt: not · Ctrl/⌘: failure. Drop on a state box for a
          transition.
        </p>
      </div>
    </aside>
  );
}
