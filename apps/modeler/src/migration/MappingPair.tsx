import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ComponentProps, KeyboardEvent as ReactKeyboardEvent, Ref } from "react";
import type { ProcessModel } from "@flowstate/model";
import type { DiffMark } from "../editor/canvas/toFlowElements";
import {
  anchorIn,
  anchorOut,
  arrowPath,
  arrowsInDrawOrder,
  isDrag,
  offsetRect,
  overlaps,
  stateAt,
} from "./mappingArrows";
import type { MappingArrow, Point, Rect } from "./mappingArrows";
import type { MappingRow } from "./mappingRows";
import { VersionCanvas } from "./VersionCanvas";
import type { CanvasGeometry } from "./VersionCanvas";

const howLabel = {
  ref: "proposed: same element (ref)",
  name: "proposed: same name",
  choice: "chosen",
} as const;

/** A canvas's states and its box, in the overlay's coordinates. */
interface PlacedCanvas {
  box: Rect;
  states: Record<string, Rect>;
}

/** The canvas's geometry moved into the container's coordinates (both measured now, so page scrolling cancels out). */
function place(container: HTMLElement | null, geometry: CanvasGeometry | null): PlacedCanvas | null {
  if (!container || !geometry || !geometry.element.isConnected) return null;
  const c = container.getBoundingClientRect();
  const e = geometry.element.getBoundingClientRect();
  const origin = { x: e.left - c.left, y: e.top - c.top };
  return {
    box: { x: origin.x, y: origin.y, width: e.width, height: e.height },
    states: Object.fromEntries(Object.entries(geometry.states).map(([id, r]) => [id, offsetRect(r, origin)])),
  };
}

interface Drag {
  sourceStateId: string;
  point: Point;
  /** The target state under the pointer (where releasing maps to). */
  over: string | null;
}

/**
 * The side-by-side diagrams of one source version with its mapping drawn as arrows between them
 * (an SVG overlay over both canvases, in screen pixels): press a source state and drag to a target
 * state to map it (releasing anywhere else cancels, so does Escape); a plain click still picks
 * (`onPickSource`/`onPickTarget`). Click an arrow (or Tab to it) and press Delete/Backspace to
 * remove a choice — the proposal (or "no target") applies again. Forced mappings (a state that
 * had to be chosen) are highlighted. An arrow is drawn while both its states show in their canvas
 * (the table lists every mapping).
 */
export function MappingPair({
  sourceModel,
  targetModel,
  sourceNumber,
  targetNumber,
  marks,
  focus,
  rows,
  onPickSource,
  onPickTarget,
  onChoose,
}: {
  sourceModel: ProcessModel | null;
  targetModel: ProcessModel | null;
  sourceNumber: number;
  targetNumber: number;
  marks: { source: Readonly<Record<string, DiffMark>>; target: Readonly<Record<string, DiffMark>> };
  focus: { source: readonly string[]; target: readonly string[] };
  rows: readonly MappingRow[];
  onPickSource: (stateId: string) => void;
  onPickTarget: (stateId: string) => void;
  /** Maps a source state to a target state; null removes the choice. */
  onChoose: (stateId: string, targetStateId: string | null) => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const sourceSlotRef = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const markerId = useId().replace(/:/g, "");
  // What each canvas last reported, and the same moved into the container's coordinates (what is drawn).
  const geometry = useRef<{ source: CanvasGeometry | null; target: CanvasGeometry | null }>({
    source: null,
    target: null,
  });
  const [source, setSource] = useState<PlacedCanvas | null>(null);
  const [target, setTarget] = useState<PlacedCanvas | null>(null);
  const onSourceGeometry = useCallback((g: CanvasGeometry) => {
    geometry.current.source = g;
    setSource(place(containerRef.current, g));
  }, []);
  const onTargetGeometry = useCallback((g: CanvasGeometry) => {
    geometry.current.target = g;
    setTarget(place(containerRef.current, g));
  }, []);
  // The container's own size or position may change without either canvas changing (window resize, wrapping).
  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => {
      setSource(place(el, geometry.current.source));
      setTarget(place(el, geometry.current.target));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const arrows = useMemo(() => arrowsInDrawOrder(rows), [rows]);
  const sourceName = (id: string) => rows.find((r) => r.stateId === id)?.name ?? id;
  const targetName = (id: string) => targetModel?.states.find((s) => s.id === id)?.name ?? id;

  // The latest values for the pointer handlers (bound once per source canvas).
  const latest = useRef({ target, onChoose, sourceModel });
  useLayoutEffect(() => {
    latest.current = { target, onChoose, sourceModel };
  });

  useEffect(() => {
    const slot = sourceSlotRef.current;
    const container = containerRef.current;
    if (!slot || !container) return undefined;
    const onPointerDown = (down: PointerEvent) => {
      if (down.button !== 0 || !down.isPrimary || !(down.target instanceof Element)) return;
      const nodeElement = down.target.closest(".react-flow__node");
      const id = nodeElement && slot.contains(nodeElement) ? nodeElement.getAttribute("data-id") : null;
      const model = latest.current.sourceModel;
      const sourceStateId =
        id && model
          ? model.states.some((s) => s.id === id)
            ? id
            : model.nodes.find((n) => n.id === id)?.stateId
          : undefined;
      if (!sourceStateId) return;
      // Cancelling the press keeps React Flow from panning (it listens to the compatibility mouse
      // events, which a cancelled pointerdown suppresses); a click without a drag still picks.
      down.preventDefault();
      const start = { x: down.clientX, y: down.clientY };
      let dragging = false;
      const local = (e: PointerEvent): Point => {
        const c = container.getBoundingClientRect();
        return { x: e.clientX - c.left, y: e.clientY - c.top };
      };
      const hit = (p: Point) => {
        const t = latest.current.target;
        return t ? stateAt(p, t.states, t.box) : null;
      };
      const finish = () => {
        window.removeEventListener("pointermove", onMove);
        window.removeEventListener("pointerup", onUp);
        window.removeEventListener("pointercancel", onCancel);
        window.removeEventListener("keydown", onKey, true);
        if (slot.hasPointerCapture(down.pointerId)) slot.releasePointerCapture(down.pointerId);
        setDrag(null);
      };
      const onMove = (e: PointerEvent) => {
        if (e.pointerId !== down.pointerId) return;
        if (!dragging) {
          if (!isDrag(start, { x: e.clientX, y: e.clientY })) return;
          dragging = true;
          // Captured: the rest of the gesture (and the click it ends with) goes to the source slot, not to a node.
          slot.setPointerCapture(down.pointerId);
          setSelected(null);
        }
        const p = local(e);
        setDrag({ sourceStateId, point: p, over: hit(p) });
      };
      const onUp = (e: PointerEvent) => {
        if (e.pointerId !== down.pointerId) return;
        const targetStateId = dragging ? hit(local(e)) : null;
        finish();
        if (targetStateId) latest.current.onChoose(sourceStateId, targetStateId);
      };
      const onCancel = (e: PointerEvent) => {
        if (e.pointerId === down.pointerId) finish();
      };
      const onKey = (e: KeyboardEvent) => {
        if (e.key === "Escape" && dragging) {
          e.stopPropagation();
          finish();
        }
      };
      window.addEventListener("pointermove", onMove);
      window.addEventListener("pointerup", onUp);
      window.addEventListener("pointercancel", onCancel);
      window.addEventListener("keydown", onKey, true);
    };
    slot.addEventListener("pointerdown", onPointerDown, { capture: true });
    return () => slot.removeEventListener("pointerdown", onPointerDown, { capture: true });
  }, []);

  const removeSelected = useCallback(
    (arrow: MappingArrow) => {
      if (arrow.how !== "choice") return;
      onChoose(arrow.sourceStateId, null);
      setSelected(null);
    },
    [onChoose],
  );
  const onArrowKey = (arrow: MappingArrow) => (e: ReactKeyboardEvent) => {
    if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      removeSelected(arrow);
    } else if (e.key === "Escape") setSelected(null);
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      setSelected(arrow.sourceStateId);
    }
  };
  const selectedArrow = arrows.find((a) => a.sourceStateId === selected) ?? null;

  const drawn =
    source && target
      ? arrows.flatMap((a) => {
          const from = source.states[a.sourceStateId];
          const to = target.states[a.targetStateId];
          // Only while both states show: an arrow to a state panned away would run along the canvas edge.
          return from && to && overlaps(from, source.box) && overlaps(to, target.box)
            ? [{ arrow: a, d: arrowPath(anchorOut(from, source.box), anchorIn(to, target.box)) }]
            : [];
        })
      : [];
  const liveFrom = drag && source ? source.states[drag.sourceStateId] : undefined;
  const liveTo = drag?.over && target ? target.states[drag.over] : undefined;

  return (
    <>
      <div className={`canvas-pair ${drag ? "is-drawing" : ""}`} ref={containerRef}>
        <CanvasSlot
          slotRef={sourceSlotRef}
          model={sourceModel}
          marks={marks.source}
          label={`Source v${sourceNumber} diagram`}
          focus={focus.source}
          onPickState={onPickSource}
          onGeometry={onSourceGeometry}
        />
        <CanvasSlot
          model={targetModel}
          marks={marks.target}
          label={`Target v${targetNumber} diagram`}
          focus={focus.target}
          onPickState={onPickTarget}
          onGeometry={onTargetGeometry}
        />
        <svg
          className="mapping-arrows"
          role="group"
          aria-label={`Mappings from v${sourceNumber} to v${targetNumber}`}
        >
          <defs>
            {(["proposal", "choice", "forced", "live"] as const).map((kind) => (
              <marker
                key={kind}
                id={`${markerId}-${kind}`}
                className={`arrow-head arrow-head-${kind}`}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto-start-reverse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" />
              </marker>
            ))}
          </defs>
          {drawn.map(({ arrow, d }) => {
            const kind = arrow.forced ? "forced" : arrow.how === "choice" ? "choice" : "proposal";
            const label = `${sourceName(arrow.sourceStateId)} → ${targetName(arrow.targetStateId)} (${arrow.forced ? "had to be chosen, " : ""}${howLabel[arrow.how]})`;
            return (
              <g
                key={arrow.sourceStateId}
                data-testid={`arrow-${arrow.sourceStateId}`}
                className={`mapping-arrow arrow-${kind} ${selected === arrow.sourceStateId ? "is-selected" : ""}`}
                role="button"
                tabIndex={0}
                aria-pressed={selected === arrow.sourceStateId}
                aria-label={label}
                onClick={(e) => {
                  setSelected(arrow.sourceStateId);
                  (e.currentTarget as SVGGElement).focus();
                }}
                onFocus={() => setSelected(arrow.sourceStateId)}
                onKeyDown={onArrowKey(arrow)}
                onBlur={() => setSelected((s) => (s === arrow.sourceStateId ? null : s))}
              >
                <title>{label}</title>
                <path className="arrow-hit" d={d} />
                <path className="arrow-line" d={d} markerEnd={`url(#${markerId}-${kind})`} />
              </g>
            );
          })}
          {drag && liveFrom && source && (
            <path
              data-testid="arrow-live"
              className="arrow-line arrow-live"
              d={arrowPath(
                anchorOut(liveFrom, source.box),
                liveTo && target ? anchorIn(liveTo, target.box) : drag.point,
              )}
              markerEnd={`url(#${markerId}-live)`}
            />
          )}
          {liveTo && (
            <rect
              className="arrow-drop-target"
              x={liveTo.x - 3}
              y={liveTo.y - 3}
              width={liveTo.width + 6}
              height={liveTo.height + 6}
              rx={6}
            />
          )}
        </svg>
      </div>
      <p
        className="muted arrow-hint"
        role="status"
        aria-live="polite"
        aria-label={`Arrow of v${sourceNumber}`}
      >
        {drag
          ? drag.over
            ? `Release to map "${sourceName(drag.sourceStateId)}" to "${targetName(drag.over)}".`
            : `Drag "${sourceName(drag.sourceStateId)}" onto a state of the v${targetNumber} diagram (release elsewhere or press Escape to cancel).`
          : selectedArrow
            ? selectedArrow.how === "choice"
              ? `Selected: ${sourceName(selectedArrow.sourceStateId)} → ${targetName(selectedArrow.targetStateId)}. Press Delete to remove this choice.`
              : `Selected: ${sourceName(selectedArrow.sourceStateId)} → ${targetName(selectedArrow.targetStateId)} is proposed; draw another arrow or choose in the table to change it.`
            : "\u00a0"}
      </p>
    </>
  );
}

/** One side of the pair: its version's canvas, or a placeholder while the model loads. */
function CanvasSlot({
  slotRef,
  model,
  ...canvas
}: Omit<ComponentProps<typeof VersionCanvas>, "model"> & {
  slotRef?: Ref<HTMLDivElement>;
  model: ProcessModel | null;
}) {
  return (
    <div className="canvas-slot" ref={slotRef}>
      {model ? <VersionCanvas model={model} {...canvas} /> : <div className="canvas-box muted">Loading…</div>}
    </div>
  );
}
