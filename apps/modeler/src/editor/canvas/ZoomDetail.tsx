import { useLayoutEffect } from "react";
import type { RefObject } from "react";
import { useStore } from "@xyflow/react";
import { DETAIL_LINE_HEIGHT, levelOfDetail } from "./levelOfDetail";
import "./levelOfDetail.css";

/**
 * Applies `levelOfDetail` of React Flow's zoom to the canvas element: `data-lod` while texts are
 * drawn larger, with `--lod-text` (font size in diagram units), `--lod-line`, `--lod-name-lines`
 * and `--lod-control-lines` for `levelOfDetail.css`. Writes the DOM only when the values change;
 * renders nothing.
 */
export function ZoomDetail({ canvasRef }: { canvasRef: RefObject<HTMLElement | null> }) {
  const zoom = useStore((s) => s.transform[2]);
  const detail = levelOfDetail(zoom);
  const text = detail ? `${detail.textPx}px` : "";
  const nameLines = detail?.nameLines ?? 0;
  const controlLines = detail?.controlLines ?? 0;
  useLayoutEffect(() => {
    const el = canvasRef.current;
    if (!el) return;
    if (!text) {
      delete el.dataset.lod;
      for (const p of ["--lod-text", "--lod-line", "--lod-name-lines", "--lod-control-lines"])
        el.style.removeProperty(p);
      return;
    }
    el.dataset.lod = "";
    el.style.setProperty("--lod-text", text);
    el.style.setProperty("--lod-line", String(DETAIL_LINE_HEIGHT));
    el.style.setProperty("--lod-name-lines", String(nameLines));
    el.style.setProperty("--lod-control-lines", String(controlLines));
  }, [canvasRef, text, nameLines, controlLines]);
  return null;
}
