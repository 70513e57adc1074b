import { lazy, Suspense, useCallback, useRef, useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import { useStore } from "zustand";
import { validateModel } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { createEditorStore } from "./store/createEditorStore";
import { EditorStoreProvider } from "./store/EditorStoreProvider";
import { sharedClipboard } from "./store/sharedClipboard";
import { createEditContext } from "./model/EditContext";
import { useEditorShortcuts } from "./keyboard/useEditorShortcuts";
import { ShortcutSheet } from "./keyboard/ShortcutSheet";
import { createLastPointer, LastPointerContext } from "./canvas/LastPointerContext";
import type { LastPointer } from "./canvas/LastPointerContext";
import { useAutosave } from "./versions/useAutosave";
import { EditorCanvas } from "./canvas/EditorCanvas";
import { DiagramViewProvider } from "./view/DiagramView";
import { Palette } from "./palette/Palette";
import { PropertiesPanel } from "./panels/PropertiesPanel";
import { ProblemsPanel } from "./panels/ProblemsPanel";
import { EditorToolbar } from "./toolbar/EditorToolbar";
import type { EditorVersionInfo } from "./toolbar/EditorToolbar";
import { ConflictBanner } from "./versions/ConflictBanner";
import { NoticeBar } from "./toolbar/NoticeBar";
import { useSession } from "../auth/useSession";
import { useDeadEnds } from "../play/useDeadEnds";
import { budgetNote } from "../play/budgetNote";
import { useScenarioFile } from "../play/useScenarioFile";
import type { Scenario } from "@flowstate/engine";

// Play mode (and the engine's play code under it) loads when Play is first pressed, not with the editor.
const PlayMode = lazy(() => import("../play/PlayMode.tsx").then((m) => ({ default: m.PlayMode })));

/** One editor instance for one version: its own store, canvas, panels and autosave. */
export function ProcessEditor({
  version,
  model,
  revision,
  onPublished,
}: {
  version: EditorVersionInfo;
  model: ProcessModel;
  revision: number;
  onPublished: () => void;
}) {
  const { may } = useSession();
  const mayDraw = may("version.saveDraft");
  const readOnly = version.status !== "draft" || !mayDraw;
  const [store] = useState(() =>
    createEditorStore(
      model,
      { ctx: createEditContext(), clipboard: sharedClipboard(), validate: validateModel },
      { revision, readOnly },
    ),
  );
  const findRef = useRef<HTMLInputElement>(null);
  const focusFind = useCallback(() => findRef.current?.focus(), []);
  const [pointer] = useState<LastPointer>(createLastPointer);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useEditorShortcuts(store, { onFind: focusFind, onHelp: openHelp, pointer });
  useAutosave(store, version.id, !readOnly);
  // Play mode runs a snapshot of the draft taken when Play is pressed, then follows the draft's edits.
  const [playing, setPlaying] = useState<{ model: ProcessModel; open?: string; scenario?: Scenario } | null>(
    null,
  );
  // Editing beside play: the editor is shown, the play session stays (a strip above the editor).
  const [editingBesidePlay, setEditingBesidePlay] = useState(false);
  // Into play, the editor's selection is dropped: its shortcuts (Delete, paste) stay bound for undo/redo.
  const toPlay = () => {
    store.getState().select([]);
    setEditingBesidePlay(false);
  };
  const play = (how: { open?: string; scenario?: Scenario } = {}) => {
    toPlay();
    setPlaying({ model: store.getState().model, ...how });
  };
  return (
    <ReactFlowProvider>
      <LastPointerContext.Provider value={pointer}>
        <EditorStoreProvider store={store}>
          <DiagramViewProvider processKey={version.processKey}>
            <div className="editor">
              <EditorToolbar
                version={version}
                findRef={findRef}
                onPublished={onPublished}
                onHelp={openHelp}
                onPlay={() => (playing ? toPlay() : play())}
                onOpenInPlay={(open) => play({ open })}
              />
              {readOnly && (
                <div className="banner banner-info" role="note" aria-label="Read-only">
                  {version.status !== "draft"
                    ? `v${version.number} is ${version.status}: published versions cannot be changed.${mayDraw ? " Use “New draft from this version” to edit a copy." : ""}`
                    : `You may view this draft; changing it needs the analyst role.`}
                </div>
              )}
              <ConflictBanner versionId={version.id} />
              {playing && (
                <Suspense fallback={<p className="banner banner-info">Loading play mode…</p>}>
                  <PlayMode
                    key={playing.open ?? playing.scenario?.name ?? ""}
                    initialScenario={playing.scenario}
                    model={playing.model}
                    draftStore={readOnly ? undefined : store}
                    openScenario={playing.open}
                    versionId={version.id}
                    editable={!readOnly}
                    editing={editingBesidePlay}
                    onEdit={readOnly ? undefined : () => setEditingBesidePlay(true)}
                    onResume={toPlay}
                    onClose={() => {
                      setPlaying(null);
                      setEditingBesidePlay(false);
                    }}
                  />
                </Suspense>
              )}
              {(!playing || editingBesidePlay) && (
                <div className="editor-body">
                  <Palette />
                  <div className="editor-center">
                    <EditorCanvas />
                    <NoticeBar />
                    <ProblemsWithDeadEnds
                      store={store}
                      versionId={version.id}
                      readOnly={readOnly}
                      onOpenInPlay={(scenario) => play({ scenario })}
                    />
                  </div>
                  <PropertiesPanel />
                </div>
              )}
            </div>
          </DiagramViewProvider>
          <ShortcutSheet open={helpOpen} onOpenChange={setHelpOpen} />
        </EditorStoreProvider>
      </LastPointerContext.Provider>
    </ReactFlowProvider>
  );
}

/**
 * The problems panel with the draft's dead ends. It alone follows every change of the model for the
 * dead-end lint, so the editor around it does not re-render on each edit.
 */
function ProblemsWithDeadEnds({
  store,
  versionId,
  readOnly,
  onOpenInPlay,
}: {
  store: ReturnType<typeof createEditorStore>;
  versionId: string;
  readOnly: boolean;
  onOpenInPlay: (scenario: Scenario) => void;
}) {
  const draft = useStore(store, (s) => s.model);
  const hasErrors = useStore(store, (s) => s.problems.some((p) => p.severity === "error"));
  const scenarios = useScenarioFile(versionId);
  const deadEnds = useDeadEnds(draft, hasErrors || readOnly, scenarios);
  return (
    <ProblemsPanel
      deadEnds={deadEnds?.warnings ?? []}
      deadEndNote={deadEnds ? budgetNote(deadEnds) : undefined}
      onOpenInPlay={onOpenInPlay}
    />
  );
}
