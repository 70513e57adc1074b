import { useContext, useRef, useState } from "react";
import type { PointerEvent as ReactPointerEvent } from "react";
import { useReactFlow, useStore, ViewportPortal } from "@xyflow/react";
import type { Point } from "@flowstate/model";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { CollapseContext, useSceneIndex } from "../view/DiagramView";
import { lineIsStale } from "../view/sceneIndex";
import { moveBend, moveSegment, removeBend, routeHandles } from "./bendPoints";
import "./canvasEditing.css";

/** Bend points land on this grid (the canvas's snap grid). */
const GRID = 10;
const snap = (n: number) => Math.round(n / GRID) * GRID;

interface Drag {
  kind: "bend" | "segment";
  index: number;
  /** The route when the drag began (the scene is not drawn again until the drop). */
  route: Point[];
  start: Point;
  at: Point;
}

/**
 * The handles of the one selected line or transition: a dot on each bend, a bar on each segment's
 * midpoint. Dragging a bar moves its segment across its direction, dragging a dot moves the bend
 * (the route stays orthogonal, `bendPoints.ts`); the drop stores the bend points as one history
 * entry, Escape during the drag restores them. Double-clicking a bend removes it.
 */
export function BendPoints() {
  const store = useEditorStoreApi();
  const index = useSceneIndex();
  const { collapsed } = useContext(CollapseContext);
  const flow = useReactFlow();
  const zoom = useStore((s) => s.transform[2]);
  const [drag, setDrag] = useState<Drag | null>(null);
  const dragRef = useRef<Drag | null>(null);
  const edge = useEditorStore((s) => {
    if (s.readOnly || s.selection.length !== 1) return null;
    const id = s.selection[0] as string;
    const e = s.model.lines.find((l) => l.id === id) ?? s.model.transitions.find((t) => t.id === id);
    return e ?? null;
  });
  // Handles only on a route the scene has drawn for the current model (not after a move of an end).
  const current = useEditorStore((s) => {
    if (!edge || !index || index.collapsed !== collapsed) return false;
    if (lineIsStale(index, s.model, edge.from, edge.to)) return false;
    const layout = (m: typeof s.model) => m.diagram.lines[edge.id] ?? m.diagram.transitions[edge.id];
    return layout(s.model) === layout(index.model);
  });
  const routed = edge ? index?.lines.get(edge.id)?.points : undefined;
  if (!edge || !routed || (!current && !drag)) return null;
  const route = drag?.route ?? routed;
  const { bends, segments } = routeHandles(route, 24 / zoom);
  const r = 5 / zoom;

  const flowPoint = (e: ReactPointerEvent) => flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
  const begin = (e: ReactPointerEvent, kind: Drag["kind"], i: number) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    const start = flowPoint(e);
    const d: Drag = { kind, index: i, route, start, at: start };
    dragRef.current = d;
    setDrag(d);
    store.getState().beginGesture(kind === "bend" ? "Move bend point" : "Move line segment");
  };
  const move = (e: ReactPointerEvent) => {
    const d = dragRef.current;
    if (!d) return;
    const at = flowPoint(e);
    let waypoints: Point[];
    if (d.kind === "bend") {
      waypoints = moveBend(d.route, d.index, { x: snap(at.x), y: snap(at.y) });
    } else {
      const a = d.route[d.index] as Point;
      const delta = { x: snap(a.x + at.x - d.start.x) - a.x, y: snap(a.y + at.y - d.start.y) - a.y };
      waypoints = moveSegment(d.route, d.index, delta);
    }
    store.getState().setWaypoints(edge.id, waypoints);
    const next = { ...d, at };
    dragRef.current = next;
    setDrag(next);
  };
  const end = () => {
    if (!dragRef.current) return;
    dragRef.current = null;
    setDrag(null);
    store.getState().commitGesture();
  };
  const remove = (i: number) =>
    store.getState().setWaypoints(edge.id, removeBend(route, i), "Remove bend point");

  return (
    <ViewportPortal>
      <svg className="fs-bend-points" aria-label="Route handles">
        {segments.map((s) => {
          const dragged = drag?.kind === "segment" && drag.index === s.index;
          const shift =
            dragged && drag ? { x: drag.at.x - drag.start.x, y: drag.at.y - drag.start.y } : { x: 0, y: 0 };
          const cx = s.mid.x + (s.horizontal ? 0 : shift.x);
          const cy = s.mid.y + (s.horizontal ? shift.y : 0);
          const long = 14 / zoom;
          const thick = 6 / zoom;
          return (
            <rect
              key={`s${s.index}`}
              className={`fs-segment-handle ${s.horizontal ? "is-horizontal" : "is-vertical"} nodrag nopan nokey`}
              data-testid="segment-handle"
              aria-label="Line segment: drag to move"
              x={cx - (s.horizontal ? long : thick) / 2}
              y={cy - (s.horizontal ? thick : long) / 2}
              width={s.horizontal ? long : thick}
              height={s.horizontal ? thick : long}
              rx={thick / 2}
              strokeWidth={1.5 / zoom}
              onPointerDown={(e) => begin(e, "segment", s.index)}
              onPointerMove={move}
              onPointerUp={end}
              onPointerCancel={end}
            />
          );
        })}
        {bends.map((b) => {
          const dragged = drag?.kind === "bend" && drag.index === b.index;
          const p = dragged && drag ? drag.at : b.point;
          return (
            <circle
              key={`b${b.index}`}
              className="fs-bend-handle nodrag nopan nokey"
              data-testid="bend-handle"
              aria-label="Bend point: drag to move, double-click to remove"
              cx={p.x}
              cy={p.y}
              r={r}
              strokeWidth={1.5 / zoom}
              onPointerDown={(e) => begin(e, "bend", b.index)}
              onPointerMove={move}
              onPointerUp={end}
              onPointerCancel={end}
              onDoubleClick={(e) => {
                e.stopPropagation();
                remove(b.index);
              }}
            />
          );
        })}
      </svg>
    </ViewportPortal>
  );
}
