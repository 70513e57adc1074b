import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore } from "react";
import type { ReactNode } from "react";
import { renderDiagram } from "@flowstate/diagram";
import type { ProcessModel } from "@flowstate/model";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { indexScene } from "./sceneIndex";
import type { SceneIndex } from "./sceneIndex";
import { collapsedKey, parseCollapsed, serializeCollapsed, toggleCollapsed } from "./collapsedStates";

/** The scene of the diagram around a component (computed once per model, never per drag frame). */
export const SceneContext = createContext<SceneIndex | null>(null);

export interface CollapseControl {
  collapsed: ReadonlySet<string>;
  toggle(stateId: string): void;
}
const noCollapse: CollapseControl = { collapsed: new Set(), toggle: () => undefined };
/** Which states are collapsed and how to toggle one. */
export const CollapseContext = createContext<CollapseControl>(noCollapse);

/** The view actions of the view's main canvas (registered by it), for controls outside it (auto-layout). */
export interface ViewActionsHolder {
  get(): { fitAll(duration?: number): void } | null;
  set(actions: { fitAll(duration?: number): void } | null): void;
}
function createHolder(): ViewActionsHolder {
  let current: { fitAll(duration?: number): void } | null = null;
  return { get: () => current, set: (a) => void (current = a) };
}
export const ViewActionsContext = createContext<ViewActionsHolder>(createHolder());

const readStored = (key: string | undefined): Set<string> => {
  if (!key) return new Set();
  try {
    return new Set(parseCollapsed(window.localStorage.getItem(collapsedKey(key))));
  } catch {
    return new Set(); // storage blocked: collapse still works for this page
  }
};

/**
 * The model a scene is drawn from: the store's model, except during a gesture (a drag, a resize),
 * when it stays the one from before it. The scene is then drawn again once, on drop.
 */
function useSceneModel(): ProcessModel {
  const store = useEditorStoreApi();
  const [read] = useState(() => {
    let last = store.getState().model;
    return () => {
      const s = store.getState();
      if (!s.gesture) last = s.model;
      return last;
    };
  });
  return useSyncExternalStore(store.subscribe, read);
}

/**
 * Provides one diagram view: its scene (`renderDiagram` of the model with the collapsed states)
 * and the collapsed states, remembered per process in localStorage (`processKey`; without one
 * only for the page's life). The canvas, its label layer and the export read them.
 */
export function DiagramViewProvider({ processKey, children }: { processKey?: string | undefined; children: ReactNode }) {
  const [collapsed, setCollapsed] = useState(() => readStored(processKey));
  const model = useSceneModel();
  const store = useEditorStoreApi();
  const toggle = useCallback(
    (stateId: string) =>
      setCollapsed((current) => {
        const next = toggleCollapsed(current, stateId);
        if (processKey) {
          try {
            window.localStorage.setItem(collapsedKey(processKey), serializeCollapsed(next, store.getState().model.states.map((s) => s.id)));
          } catch {
            // storage full or blocked: the view still collapses
          }
        }
        return next;
      }),
    [processKey, store],
  );
  const index = useMemo(() => indexScene(renderDiagram(model, { collapsed }), model), [model, collapsed]);
  const control = useMemo(() => ({ collapsed, toggle }), [collapsed, toggle]);
  const [actions] = useState(createHolder);
  return (
    <ViewActionsContext.Provider value={actions}>
      <CollapseContext.Provider value={control}>
        <SceneContext.Provider value={index}>{children}</SceneContext.Provider>
      </CollapseContext.Provider>
    </ViewActionsContext.Provider>
  );
}

/** The scene index of the view around (throws outside a `DiagramViewProvider`: a wiring bug). */
export function useSceneIndex(): SceneIndex {
  const index = useContext(SceneContext);
  if (!index) throw new Error("useSceneIndex outside a DiagramViewProvider");
  return index;
}

/** The current scene, read when needed (export) without subscribing to it. */
export function useHasDiagramView(): boolean {
  return useContext(SceneContext) !== null;
}
