import { useStore } from "@xyflow/react";
import { useMemo } from "react";
import { shallow } from "zustand/shallow";
import type { ScreenRect } from "./padPlacement";

/**
 * Where React Flow draws every node except `id` and the states that contain it, in pixels from the
 * canvas's top-left: what the context pad must not cover. Follows pans, zooms and moves.
 */
export function useObstacleRects(id: string | null): ScreenRect[] {
  const flat = useStore((s) => {
    if (!id) return [];
    const own = new Set<string>([id]);
    for (let parent = s.nodeLookup.get(id)?.parentId; parent; parent = s.nodeLookup.get(parent)?.parentId)
      own.add(parent);
    const [tx, ty, zoom] = s.transform;
    const out: number[] = [];
    for (const node of s.nodeLookup.values()) {
      if (own.has(node.id) || node.hidden) continue;
      const { x, y } = node.internals.positionAbsolute;
      out.push(
        x * zoom + tx,
        y * zoom + ty,
        (node.measured.width ?? node.width ?? 0) * zoom,
        (node.measured.height ?? node.height ?? 0) * zoom,
      );
    }
    return out;
  }, shallow);
  return useMemo(() => {
    const rects: ScreenRect[] = [];
    for (let i = 0; i + 3 < flat.length; i += 4)
      rects.push({ x: flat[i]!, y: flat[i + 1]!, width: flat[i + 2]!, height: flat[i + 3]! });
    return rects;
  }, [flat]);
}
