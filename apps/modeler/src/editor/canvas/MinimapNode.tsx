import { memo } from "react";
import type { MiniMapNodeProps } from "@xyflow/react";
import type { EditorFlowNode } from "./toFlowElements";

/** The minimap's class for a canvas node (`nodeClassName`): `MinimapNode` draws only those that have one. */
export const minimapClassName = (node: EditorFlowNode): string =>
  node.type === "state" ? "fs-minimap-state" : "";

/**
 * The minimap draws state boxes only: at minimap scale an action is a speck, and drawing ~500 of
 * them made every drag frame repaint hundreds of SVG shapes (the canvas benchmark measured it).
 * Which nodes are states comes with the node (`minimapClassName`), not from a store subscription
 * per node that every drag frame would run.
 */
export const MinimapNode = memo(function MinimapNode({
  x,
  y,
  width,
  height,
  borderRadius,
  shapeRendering,
  selected,
  className,
}: MiniMapNodeProps) {
  if (!className) return null;
  return (
    <rect
      className={`${className} ${selected ? "is-selected" : ""}`}
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
