import { useCallback, useLayoutEffect, useMemo, useRef } from "react";
import type { RefObject } from "react";
import { useReactFlow } from "@xyflow/react";
import type { Box } from "@flowstate/diagram";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { useSceneIndex } from "./DiagramView";
import { fitPadding, viewportFor } from "./fitPadding";
import type { Rect } from "./fitPadding";
import { selectionBox, stateToZoom } from "./viewTargets";

/** The canvas's zoom limits (EditorCanvas passes them to React Flow). */
export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 2.5;
/** What the canvas's overlays are: fitting leaves the space they cover out. */
const OVERLAYS = ".react-flow__minimap, .fs-legend, .react-flow__controls, .operate-export";

export interface ViewActions {
  /** The whole diagram (states, nodes, lines, labels) beside the minimap, legend and controls. */
  fitAll(duration?: number): void;
  /** The selected elements; false when nothing is selected. */
  fitSelection(): boolean;
  /** The selected state (or the state of the selected node or line); false when there is none. */
  zoomToState(): boolean;
}

const toBox = (r: { x: number; y: number; width: number; height: number }): Box => ({
  x: r.x,
  y: r.y,
  width: r.width,
  height: r.height,
});

/** Fit-view actions of the canvas whose `.fs-canvas` element `canvasRef` holds. */
export function useViewActions(canvasRef: RefObject<HTMLElement | null>): ViewActions {
  const flow = useReactFlow();
  const latest = useSceneIndex();
  // Read when an action runs (e.g. right after auto-layout, once the new scene has rendered).
  const indexRef = useRef(latest);
  useLayoutEffect(() => {
    indexRef.current = latest;
  });
  const store = useEditorStoreApi();
  const show = useCallback(
    (box: Box, maxZoom: number, duration = 250) => {
      const el = canvasRef.current;
      if (!el) return;
      const frame = el.getBoundingClientRect();
      if (frame.width === 0 || frame.height === 0) return;
      // the instance view's export menu sits beside the canvas element, over its corner
      const obstacles: Rect[] = [...(el.parentElement ?? el).querySelectorAll(OVERLAYS)].map((o) => {
        const r = o.getBoundingClientRect();
        return { x: r.left - frame.left, y: r.top - frame.top, width: r.width, height: r.height };
      });
      const padding = fitPadding(frame, box, obstacles, 16, maxZoom);
      void flow.setViewport(viewportFor(box, frame, padding, MIN_ZOOM, maxZoom), { duration });
    },
    [canvasRef, flow],
  );
  const fitAll = useCallback(
    (duration?: number) => {
      const index = indexRef.current;
      // before the first scene: the boxes React Flow knows
      show(index ? index.scene.bounds : toBox(flow.getNodesBounds(flow.getNodes())), 1, duration);
    },
    [show, flow],
  );
  const fitSelection = useCallback(() => {
    const index = indexRef.current;
    const box = index ? selectionBox(index, store.getState().selection) : undefined;
    if (box) show(box, 1.5);
    return box !== undefined;
  }, [show, store]);
  const zoomToState = useCallback(() => {
    const stateId = stateToZoom(store.getState().model, store.getState().selection);
    const box = stateId
      ? (indexRef.current?.states.get(stateId)?.box ?? store.getState().model.diagram.states[stateId])
      : undefined;
    if (box) show(box, 1.5);
    return box !== undefined;
  }, [show, store]);
  return useMemo(() => ({ fitAll, fitSelection, zoomToState }), [fitAll, fitSelection, zoomToState]);
}
