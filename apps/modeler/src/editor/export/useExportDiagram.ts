import { useCallback } from "react";
import { getNodesBounds, getViewportForBounds, useReactFlow } from "@xyflow/react";
import { toPng, toSvg } from "html-to-image";
import { downloadDataUrl } from "../../api/downloadFile";

const PADDING = 40;
const MAX_SIDE = 8000;

/**
 * Exports the whole diagram (not just the visible part) as SVG or PNG: renders React Flow's viewport
 * element with a transform that fits every node, on the canvas background colour.
 */
export function useExportDiagram(fileBase: string): (format: "svg" | "png") => Promise<void> {
  const flow = useReactFlow();
  return useCallback(
    async (format) => {
      const viewport = document.querySelector<HTMLElement>(".fs-canvas .react-flow__viewport");
      if (!viewport) return;
      const bounds = getNodesBounds(flow.getNodes());
      const width = Math.min(MAX_SIDE, Math.ceil(bounds.width + 2 * PADDING));
      const height = Math.min(MAX_SIDE, Math.ceil(bounds.height + 2 * PADDING));
      const transform = getViewportForBounds(bounds, width, height, 0.1, 2, PADDING / Math.max(width, height));
      const background = getComputedStyle(document.documentElement).getPropertyValue("--canvas-bg").trim() || "white";
      const options = {
        backgroundColor: background,
        width,
        height,
        style: { width: `${width}px`, height: `${height}px`, transform: `translate(${transform.x}px, ${transform.y}px) scale(${transform.zoom})` },
        // The markers live outside the viewport; SVG export needs them inline, so keep edges' own styles.
        filter: (node: Node) => !(node instanceof HTMLElement && node.classList.contains("react-flow__resize-control")),
      };
      const url = format === "svg" ? await toSvg(viewport, options) : await toPng(viewport, { ...options, pixelRatio: 2 });
      downloadDataUrl(`${fileBase}.${format}`, url);
    },
    [flow, fileBase],
  );
}
