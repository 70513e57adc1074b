import { useCallback, useRef, useState } from "react";
import type { PointerEvent as ReactPointerEvent } from "react";
import { useReactFlow } from "@xyflow/react";
import type { PlaceKind } from "../store/createEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";

const DRAG_THRESHOLD = 5;

/**
 * Drag-to-create with pointer events (works with mouse, pen and touch, and in tests): press on a
 * palette item, move onto the canvas, release to place the element there. A press without a move is
 * left to the item's click (arm the tool for click-to-place). Returns the handler for the item and
 * the ghost's position while dragging.
 */
export function usePaletteDrag() {
  const store = useEditorStoreApi();
  const flow = useReactFlow();
  const dragged = useRef(false);
  const [ghost, setGhost] = useState<{ kind: PlaceKind; x: number; y: number } | null>(null);

  const onPointerDown = useCallback(
    (kind: PlaceKind) => (event: ReactPointerEvent) => {
      if (event.button !== 0) return;
      const start = { x: event.clientX, y: event.clientY };
      dragged.current = false;
      const move = (e: PointerEvent) => {
        if (!dragged.current && Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_THRESHOLD) return;
        dragged.current = true;
        setGhost({ kind, x: e.clientX, y: e.clientY });
      };
      const up = (e: PointerEvent) => {
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
        window.removeEventListener("keydown", cancel);
        setGhost(null);
        if (!dragged.current) return;
        const over = document.elementFromPoint(e.clientX, e.clientY);
        if (!over?.closest(".fs-canvas")) return;
        const s = store.getState();
        s.setPlace(kind);
        s.placeAt(flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      };
      const cancel = (e: KeyboardEvent) => {
        if (e.key !== "Escape") return;
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
        window.removeEventListener("keydown", cancel);
        setGhost(null);
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
      window.addEventListener("keydown", cancel);
    },
    [store, flow],
  );

  /** True once: the click that ends a drag must not also arm the tool. */
  const consumeDrag = useCallback(() => {
    const was = dragged.current;
    dragged.current = false;
    return was;
  }, []);

  return { onPointerDown, consumeDrag, ghost };
}
