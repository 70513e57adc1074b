import { memo } from "react";
import type { MiniMapNodeProps } from "@xyflow/react";
import { useEditorStore } from "../store/useEditorStore";

/**
 * The minimap draws state boxes only: at minimap scale an action is a speck, and drawing ~500 of
 * them made every drag frame repaint hundreds of SVG shapes (the canvas benchmark measured it).
 */
export const MinimapNode = memo(function MinimapNode({
  id,
  x,
  y,
  width,
  height,
  borderRadius,
  shapeRendering,
  selected,
}: MiniMapNodeProps) {
  const isState = useEditorStore((s) => s.model.diagram.states[id] !== undefined);
  if (!isState) return null;
  return (
    <rect
      className={`fs-minimap-state ${selected ? "is-selected" : ""}`}
      x={x}
      y={y}
      rx={borderRadius}
      ry={borderRadius}
      width={width}
      height={height}
      shapeRendering={shapeRendering}
    />
  );
});
