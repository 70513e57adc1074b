import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import type { MouseEvent as ReactMouseEvent } from "react";
import { useMemo } from "react";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { Icon } from "../canvas/Icon";
import { connectKindFromModifiers } from "../canvas/connectKindFromModifiers";
import { padActions } from "./padActions";
import type { PadButton } from "./padActions";
import { padPlacement } from "./padPlacement";
import { useElementScreenRect } from "./useElementScreenRect";
import { useObstacleRects } from "./useObstacleRects";
import "./pad.css";

/** The pad's grid: three 30 px buttons a row (`pad.css`). */
const COLUMNS = 3;
const CELL = 32;

/**
 * The context pad beside the one selected node or state (as in bpmn-js): append the next element
 * (connected by a flow line, placed clear of the others, its name opened for typing), change kind,
 * connect by click, delete. Each button is one store command, so one undo step. Hidden while
 * dragging, connecting, naming or a palette tool is armed (its click must reach the canvas), and
 * for read-only drafts.
 */
export function ContextPad() {
  const id = useEditorStore((s) =>
    s.selection.length === 1 && !s.readOnly && !s.gesture && !s.connecting && !s.renaming && !s.place
      ? s.selection[0]!
      : null,
  );
  const model = useEditorStore((s) => s.model);
  const buttons = useMemo(() => (id ? padActions(model, id) : []), [model, id]);
  const onScreen = useElementScreenRect(buttons.length > 0 ? id : null);
  const obstacles = useObstacleRects(onScreen ? id : null);
  if (!id || !onScreen || buttons.length === 0) return null;
  const rows = Math.ceil(buttons.length / COLUMNS);
  const size = { width: COLUMNS * CELL + 8, height: rows * CELL + 8 };
  const at = padPlacement(onScreen.rect, onScreen.canvas, size, obstacles);
  if (!at) return null;
  return (
    <div
      className="fs-context-pad nodrag nopan nowheel"
      role="toolbar"
      aria-label="Context pad"
      data-side={at.side}
      style={{ left: at.x, top: at.y, width: size.width }}
      onPointerDown={(event) => event.stopPropagation()}
    >
      {buttons.map((button) =>
        button.action.command === "changeKind" ? (
          <ChangeKindMenu key="changeKind" id={id} button={button} />
        ) : (
          <PadButtonView key={button.label} id={id} button={button} />
        ),
      )}
    </div>
  );
}

function tooltip(button: PadButton): string {
  return `${button.label}${button.hint ? ` — ${button.hint}` : ""}${button.keys ? ` (${button.keys})` : ""}`;
}

function PadButtonView({ id, button }: { id: string; button: PadButton }) {
  const store = useEditorStoreApi();
  const onClick = (event: ReactMouseEvent) => {
    const s = store.getState();
    const action = button.action;
    if (action.command === "append") s.append(id, action.kind);
    else if (action.command === "connect") s.beginLink(id, connectKindFromModifiers(s.connectKind, event));
    else if (action.command === "delete") s.deleteSelection();
  };
  return (
    <button
      type="button"
      className={`fs-pad-button pad-${button.action.command}`}
      aria-label={button.label}
      title={tooltip(button)}
      onClick={onClick}
    >
      <Icon name={button.icon} size={18} />
    </button>
  );
}

/** Change kind: manual ⇄ automatic, and ⇄ or (same id, lines kept); a finalizer's outcome. */
function ChangeKindMenu({ id, button }: { id: string; button: PadButton }) {
  const store = useEditorStoreApi();
  const node = useEditorStore((s) => s.model.nodes.find((n) => n.id === id));
  if (!node) return null;
  const current =
    node.kind === "action" ? node.mode : node.kind === "finalizer" ? `end-${node.outcome}` : node.kind;
  const choices: { value: string; label: string; run: () => void }[] =
    node.kind === "action"
      ? [
          { value: "manual", label: "Manual action", run: () => store.getState().toggleKind(id) },
          { value: "automatic", label: "Automatic action", run: () => store.getState().toggleKind(id) },
        ]
      : node.kind === "finalizer"
        ? [
            {
              value: "end-succeeded",
              label: "Finalizer: succeeded",
              run: () => store.getState().updateElement(id, { outcome: "succeeded" }, "Change kind"),
            },
            {
              value: "end-failed",
              label: "Finalizer: failed",
              run: () => store.getState().updateElement(id, { outcome: "failed" }, "Change kind"),
            },
          ]
        : [
            { value: "and", label: "And", run: () => store.getState().toggleKind(id) },
            { value: "or", label: "Or", run: () => store.getState().toggleKind(id) },
          ];
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button
          type="button"
          className="fs-pad-button pad-changeKind"
          aria-label={button.label}
          title={tooltip(button)}
        >
          <Icon name={button.icon} size={18} />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" side="right" align="start" sideOffset={4}>
          <DropdownMenu.RadioGroup value={current}>
            {choices.map((c) => (
              <DropdownMenu.RadioItem
                key={c.value}
                value={c.value}
                className="menu-item fs-kind-item"
                disabled={c.value === current}
                onSelect={c.run}
              >
                <DropdownMenu.ItemIndicator className="fs-kind-check">✓</DropdownMenu.ItemIndicator>
                {c.label}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
