import { useSyncExternalStore } from "react";
import { useStore, ViewportPortal } from "@xyflow/react";
import type { Guide } from "./snapping";
import "./canvasEditing.css";

/** The guides of the drag in flight (the canvas sets them per frame, clears them on drop). */
export interface GuideHolder {
  get(): readonly Guide[];
  set(guides: readonly Guide[]): void;
  subscribe(listener: () => void): () => void;
}

const none: readonly Guide[] = [];
const sameGuides = (a: readonly Guide[], b: readonly Guide[]) =>
  a.length === b.length &&
  a.every((g, i) => {
    const h = b[i] as Guide;
    return g.orientation === h.orientation && g.at === h.at && g.from === h.from && g.to === h.to;
  });

export function createGuideHolder(): GuideHolder {
  let current = none;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(guides) {
      const next = guides.length === 0 ? none : guides;
      if (sameGuides(current, next)) return;
      current = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Thin lines where the dragged boxes align with others (`snapping.ts`). */
export function AlignmentGuides({ holder }: { holder: GuideHolder }) {
  const guides = useSyncExternalStore(holder.subscribe, holder.get);
  const zoom = useStore((s) => s.transform[2]);
  if (guides.length === 0) return null;
  return (
    <ViewportPortal>
      <svg className="fs-alignment-guides" data-testid="alignment-guides" aria-hidden="true">
        {guides.map((g) => (
          <line
            key={`${g.orientation}:${g.at}`}
            className="fs-alignment-guide"
            data-orientation={g.orientation}
            strokeWidth={1 / zoom}
            x1={g.orientation === "vertical" ? g.at : g.from}
            x2={g.orientation === "vertical" ? g.at : g.to}
            y1={g.orientation === "vertical" ? g.from : g.at}
            y2={g.orientation === "vertical" ? g.to : g.at}
          />
        ))}
      </svg>
    </ViewportPortal>
  );
}
