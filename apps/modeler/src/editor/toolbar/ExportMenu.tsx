import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { useExportDiagram } from "../export/useExportDiagram";
import { downloadFile } from "../../api/downloadFile";

/** Export the diagram (SVG, PNG) or the model (JSON). */
export function ExportMenu({ fileBase }: { fileBase: string }) {
  const store = useEditorStoreApi();
  const exportDiagram = useExportDiagram(fileBase);
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
          <DropdownMenu.Item className="menu-item" onSelect={() => downloadFile(`${fileBase}.json`, JSON.stringify(store.getState().model, null, 2))}>
            Export JSON
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
