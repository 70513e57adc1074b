import { useStore } from "@xyflow/react";
import { shallow } from "zustand/shallow";
import type { ScreenRect } from "./padPlacement";

export interface ElementOnScreen {
  rect: ScreenRect;
  canvas: { width: number; height: number };
}

/**
 * Where React Flow draws node `id` now, in pixels from the canvas's top-left, and the canvas's
 * size: follows pans, zooms, moves and collapsing. `null` when the node is not rendered.
 */
export function useElementScreenRect(id: string | null): ElementOnScreen | null {
  const values = useStore((s) => {
    const node = id ? s.nodeLookup.get(id) : undefined;
    if (!node) return null;
    const [tx, ty, zoom] = s.transform;
    const { x, y } = node.internals.positionAbsolute;
    return [
      x * zoom + tx,
      y * zoom + ty,
      (node.measured.width ?? node.width ?? 0) * zoom,
      (node.measured.height ?? node.height ?? 0) * zoom,
      s.width,
      s.height,
    ];
  }, shallow);
  if (!values) return null;
  const [x, y, width, height, cw, ch] = values as [number, number, number, number, number, number];
  return { rect: { x, y, width, height }, canvas: { width: cw, height: ch } };
}
