import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from "react";
import type { ReactNode } from "react";
import { renderDiagram } from "@flowstate/diagram";
import type { ProcessModel } from "@flowstate/model";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { useEditorStore } from "../store/useEditorStore";
import { indexScene } from "./sceneIndex";
import type { SceneIndex } from "./sceneIndex";
import { collapsedKey, parseCollapsed, serializeCollapsed, toggleCollapsed } from "./collapsedStates";
import { createSceneDrawer } from "./sceneRequests";

/**
 * The scene of the diagram around a component: drawn once per model (never per drag frame), off
 * the main thread; null until the first one arrives. It may lag the model by a drawing: lines whose
 * ends moved since are drawn provisionally (`lineIsStale`).
 */
export const SceneContext = createContext<SceneIndex | null>(null);
/** True inside a `DiagramViewProvider`. */
export const InDiagramView = createContext(false);

/** Models up to this many nodes get their first scene at once (no frame without routed lines). */
const DRAW_AT_ONCE = 40;

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
export function DiagramViewProvider({
  processKey,
  children,
}: {
  processKey?: string | undefined;
  children: ReactNode;
}) {
  const [collapsed, setCollapsed] = useState(() => readStored(processKey));
  const model = useSceneModel();
  const store = useEditorStoreApi();
  const toggle = useCallback(
    (stateId: string) =>
      setCollapsed((current) => {
        const next = toggleCollapsed(current, stateId);
        if (processKey) {
          try {
            window.localStorage.setItem(
              collapsedKey(processKey),
              serializeCollapsed(
                next,
                store.getState().model.states.map((s) => s.id),
              ),
            );
          } catch {
            // storage full or blocked: the view still collapses
          }
        }
        return next;
      }),
    [processKey, store],
  );
  const [drawer] = useState(createSceneDrawer);
  useEffect(() => () => drawer.close(), [drawer]);
  const [index, setIndex] = useState<SceneIndex | null>(() =>
    model.nodes.length <= DRAW_AT_ONCE
      ? indexScene(renderDiagram(model, { collapsed }), model, collapsed)
      : null,
  );
  const current = index !== null && index.model === model && index.collapsed === collapsed;
  // No new scene lands during a gesture (it would re-render every line mid-drag): a drawing in
  // flight is dropped and asked for again once the gesture ends.
  const gesture = useEditorStore((st) => st.gesture !== null);
  useEffect(() => {
    if (current || gesture) return;
    return drawer.draw(model, collapsed, (scene) => setIndex(indexScene(scene, model, collapsed)));
  }, [drawer, model, collapsed, current, gesture]);
  const control = useMemo(() => ({ collapsed, toggle }), [collapsed, toggle]);
  const [actions] = useState(createHolder);
  return (
    <InDiagramView.Provider value={true}>
      <ViewActionsContext.Provider value={actions}>
        <CollapseContext.Provider value={control}>
          <SceneContext.Provider value={index}>{children}</SceneContext.Provider>
        </CollapseContext.Provider>
      </ViewActionsContext.Provider>
    </InDiagramView.Provider>
  );
}

/** The scene index of the view around (null until the first scene is drawn). */
export function useSceneIndex(): SceneIndex | null {
  return useContext(SceneContext);
}
