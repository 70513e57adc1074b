import { useCallback, useContext } from "react";
import { renderDiagram, sceneToSvg } from "@flowstate/diagram";
import type { SceneOverlay } from "@flowstate/diagram";
import { downloadFile } from "../../api/downloadFile";
import { CollapseContext, SceneContext } from "../view/DiagramView";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { svgToPng } from "./svgImage";

export type ExportFormat = "svg" | "png" | "png@2x";

/**
 * Exports the whole diagram as drawn by the view's scene (collapsed states stay collapsed): SVG is
 * `sceneToSvg` of the scene, PNG that SVG rasterised at 1× or 2×. `overlay` (instance view) adds
 * the instance's marks and caption.
 */
export function useExportDiagram(
  fileBase: string,
  overlay?: () => SceneOverlay | undefined,
): (format: ExportFormat) => Promise<void> {
  const index = useContext(SceneContext);
  const { collapsed } = useContext(CollapseContext);
  const store = useEditorStoreApi();
  return useCallback(
    async (format) => {
      const model = store.getState().model;
      // the view's scene when it is of this very model, else drawn now (the export must match the model)
      const scene =
        index && index.model === model && index.collapsed === collapsed
          ? index.scene
          : renderDiagram(model, { collapsed });
      const marks = overlay?.();
      const svg = sceneToSvg(scene, marks ? { overlay: marks } : {});
      if (format === "svg") {
        downloadFile(`${fileBase}.svg`, svg, "image/svg+xml");
        return;
      }
      const scale = format === "png@2x" ? 2 : 1;
      downloadFile(`${fileBase}${scale === 2 ? "@2x" : ""}.png`, await svgToPng(svg, scale));
    },
    [index, collapsed, store, fileBase, overlay],
  );
}
