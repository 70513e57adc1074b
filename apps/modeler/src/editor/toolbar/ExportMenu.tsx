import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import type { SceneOverlay } from "@flowstate/diagram";
import { useExportDiagram } from "../export/useExportDiagram";
import { downloadFile } from "../../api/downloadFile";

/**
 * Export the diagram (SVG, PNG at 1× and 2×, drawn from the view's scene) or the model (JSON).
 * The instance view passes its overlay (marks + caption) and leaves out the JSON.
 */
export function ExportMenu({
  fileBase,
  overlay,
  json = true,
}: {
  fileBase: string;
  overlay?: () => SceneOverlay | undefined;
  json?: boolean;
}) {
  const store = useEditorStoreApi();
  const exportDiagram = useExportDiagram(fileBase, overlay);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="btn btn-small">
          Export
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Item className="menu-item" onSelect={() => void exportDiagram("svg")}>
            Export SVG
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => void exportDiagram("png")}>
            Export PNG
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => void exportDiagram("png@2x")}>
            Export PNG (2×)
          </DropdownMenu.Item>
          {json && (
            <DropdownMenu.Item
              className="menu-item"
              onSelect={() =>
                downloadFile(`${fileBase}.json`, JSON.stringify(store.getState().model, null, 2))
              }
            >
              Export JSON
            </DropdownMenu.Item>
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
