import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import type { PlaceKind } from "../store/createEditorStore";
import type { ReactNode } from "react";
import { CONNECT_KINDS } from "@flowstate/model";
import type { ConnectKind } from "@flowstate/model";
import { connectKindLabels } from "../model/ConnectKind";
import { Icon } from "../canvas/Icon";
import type { IconName } from "../canvas/Icon";
import { Tooltip } from "../../ui/Tooltip";
import { usePaletteDrag } from "./usePaletteDrag";
import { LineSample, NodeSample } from "../notation/NotationSample";
import { lineKindMeaning, nodeKindMeaning } from "../notation/notationKinds";

const items: { kind: PlaceKind; label: string; icon: IconName }[] = [
  { kind: "state", label: "State", icon: "state" },
  { kind: "manual", label: "Manual action", icon: "manual" },
  { kind: "automatic", label: "Automatic action", icon: "automatic" },
  { kind: "and", label: "And", icon: "and" },
  { kind: "or", label: "Or", icon: "or" },
  { kind: "finalizer", label: "Finalizer", icon: "finalizer" },
];

/** A palette hint: the kind's picture and its meaning, then how to use it. */
function Explanation({
  picture,
  label,
  meaning,
  how,
}: {
  picture: ReactNode;
  label: string;
  meaning: string;
  how: string;
}) {
  return (
    <span className="notation-tip">
      <span className="notation-picture">{picture}</span>
      <span>
        <strong>{label}</strong>: {meaning}
        <span className="notation-how">{how}</span>
      </span>
    </span>
  );
}

const modifierOf: Partial<Record<ConnectKind, string>> = { limit: "Shift", not: "Alt", failure: "Ctrl/⌘" };

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
            side="right"
            passive
            content={
              <Explanation
                picture={<NodeSample kind={item.kind} size={28} />}
                label={item.label}
                meaning={nodeKindMeaning[item.kind]}
                how="Click, then click on the canvas, or drag it there."
              />
            }
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
          <Tooltip
            key={kind}
            side="right"
            passive
            content={
              <Explanation
                picture={<LineSample kind={kind} width={56} />}
                label={connectKindLabels[kind]}
                meaning={lineKindMeaning[kind]}
                how={
                  kind === "transition"
                    ? "Drag from an action's right dot onto a state box."
                    : `Pick it, then drag from a node's right dot${modifierOf[kind] ? `, or hold ${modifierOf[kind]} while you drag` : ""}.`
                }
              />
            }
          >
            <button
              type="button"
              role="radio"
              aria-checked={connectKind === kind}
              className={`palette-line ${connectKind === kind ? "is-active" : ""}`}
              onClick={() => store.getState().setConnectKind(kind)}
            >
              <LineSample kind={kind} width={28} />
              {connectKindLabels[kind]}
            </button>
          </Tooltip>
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
