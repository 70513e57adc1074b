import type { Ref } from "react";
import { Breadcrumbs } from "../../ui/Breadcrumbs";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { Icon } from "../canvas/Icon";
import { Tooltip } from "../../ui/Tooltip";
import { StatusBadge } from "../../ui/StatusBadge";
import { LayoutButton } from "../layout/LayoutButton";
import { SaveIndicator } from "../versions/SaveIndicator";
import { PublishButton } from "../versions/PublishButton";
import { NewDraftButton } from "../versions/NewDraftButton";
import { FindBox } from "./FindBox";
import { ExportMenu } from "./ExportMenu";
import { useSession } from "../../auth/useSession";
import { StartInstanceButton } from "../../start/StartInstanceButton";
import { keysOf } from "../keyboard/shortcutFor";

export interface EditorVersionInfo {
  id: string;
  processKey: string;
  number: number;
  status: string;
}

/** Undo and redo: the store command (also the icon), the button's name, its keys (from the shortcut table). */
const historyButtons = [
  ["undo", "Undo", keysOf("undo")],
  ["redo", "Redo", keysOf("redo")],
] as const;

/** The editor's top bar: where you are, save state, history, layout, find, export, publish. */
export function EditorToolbar({
  version,
  findRef,
  onPublished,
  onHelp,
  onPlay,
  onOpenInPlay,
}: {
  version: EditorVersionInfo;
  findRef: Ref<HTMLInputElement>;
  onPublished: () => void;
  /** Opens the keyboard shortcut sheet. */
  onHelp?: () => void;
  /** Starts play mode on the current draft (in the browser). */
  onPlay?: () => void;
  /** Starts play mode replaying a scenario (from the publish dialog's failures). */
  onOpenInPlay?: (scenario: string) => void;
}) {
  const store = useEditorStoreApi();
  const { may } = useSession();
  const name = useEditorStore((s) => s.model.name);
  const canUndo = useEditorStore((s) => s.past.length > 0 && !s.readOnly);
  const canRedo = useEditorStore((s) => s.future.length > 0 && !s.readOnly);
  const readOnly = useEditorStore((s) => s.readOnly);
  const key = encodeURIComponent(version.processKey);
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editor">
      <Breadcrumbs trail={[{ href: `/processes/${key}`, label: name }]}>
        <span>v{version.number}</span>
        <StatusBadge status={version.status} />
      </Breadcrumbs>
      <SaveIndicator />
      <div className="toolbar-spacer" />
      {!readOnly && (
        <>
          {historyButtons.map(([command, label, keys]) => (
            <Tooltip key={command} content={`${label} (${keys})`}>
              <button
                type="button"
                className="btn btn-icon"
                aria-label={label}
                disabled={command === "undo" ? !canUndo : !canRedo}
                onClick={() => store.getState()[command]()}
              >
                <Icon name={command} size={16} />
              </button>
            </Tooltip>
          ))}
          <LayoutButton />
        </>
      )}
      <FindBox inputRef={findRef} />
      {onPlay && (
        <Tooltip content="Play the draft in the browser: virtual clock, scenarios">
          <button type="button" className="btn" onClick={onPlay}>
            Play
          </button>
        </Tooltip>
      )}
      {onHelp && (
        <Tooltip content={`Keyboard shortcuts (${keysOf("help")})`}>
          <button type="button" className="btn btn-icon" aria-label="Keyboard shortcuts" onClick={onHelp}>
            <Icon name="keyboard" size={16} />
          </button>
        </Tooltip>
      )}
      <ExportMenu fileBase={`${version.processKey}-v${version.number}`} />
      {version.status === "published" && (
        <StartInstanceButton processKey={version.processKey} version={version.number} small />
      )}
      {version.status === "draft"
        ? may("version.publish") && (
            <PublishButton versionId={version.id} onPublished={onPublished} onOpenInPlay={onOpenInPlay} />
          )
        : may("version.createDraft") && (
            <NewDraftButton processKey={version.processKey} versionId={version.id} />
          )}
    </div>
  );
}
