import { memo, useCallback, useContext, useMemo } from "react";
import { ViewportPortal } from "@xyflow/react";
import { useStore } from "zustand";
import type { LabelShape, LineShape, Point } from "@flowstate/diagram";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { CollapseContext, useSceneIndex } from "../view/DiagramView";
import type { SceneIndex } from "../view/sceneIndex";
import { staleLineKey } from "../view/sceneIndex";
import { CanvasOverlayContext, emptyOverlayStore } from "./CanvasOverlayContext";

/** The point `share` (0–1) of the way along a polyline. */
function along(points: readonly Point[], share: number): Point | undefined {
  let total = 0;
  for (let i = 1; i < points.length; i++)
    total += Math.hypot(
      (points[i] as Point).x - (points[i - 1] as Point).x,
      (points[i] as Point).y - (points[i - 1] as Point).y,
    );
  let left = total * share;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const d = Math.hypot(b.x - a.x, b.y - a.y);
    if (d >= left && d > 0) return { x: a.x + ((b.x - a.x) * left) / d, y: a.y + ((b.y - a.y) * left) / d };
    left -= d;
  }
  return points[0];
}

const Label = memo(function Label({
  label,
  selected,
  onSelect,
}: {
  label: LabelShape;
  selected: boolean;
  onSelect: (lineId: string) => void;
}) {
  const { box } = label;
  const cut = label.text !== label.fullText;
  return (
    <div
      className={`fs-edge-label label-${label.kind} nopan ${selected ? "is-selected" : ""}`}
      data-testid={`label-${label.lineId}`}
      title={cut ? label.fullText : undefined}
      style={{ left: box.x, top: box.y, width: box.width, height: box.height, lineHeight: `${box.height}px` }}
      onClick={() => onSelect(label.lineId)}
    >
      {label.text}
    </div>
  );
});

/**
 * Every line label of the scene, in ONE layer above states and nodes (React Flow's viewport portal
 * comes after its nodes; the layer's own z-index lifts it over child nodes too), at the free spot
 * the scene chose. Cut labels show their whole text on hover. While a gesture moves a line's end,
 * its label is hidden until the drop draws the scene again. Operate's fired-order badges live here too.
 */
export function LabelLayer() {
  const index = useSceneIndex();
  const { collapsed } = useContext(CollapseContext);
  // Labels of a scene drawn with other collapsed states would sit beside their lines: wait for the next.
  return index && index.collapsed === collapsed ? <Labels index={index} /> : null;
}

function Labels({ index }: { index: SceneIndex }) {
  const store = useEditorStoreApi();
  const stale = useEditorStore((s) => staleLineKey(index, s.model));
  const selected = useEditorStore((s) => s.selected);
  const overlay = useStore(useContext(CanvasOverlayContext) ?? emptyOverlayStore, (s) => s.byElement);
  const staleIds = useMemo(() => new Set(stale ? stale.split("\n") : []), [stale]);
  // The same function every render: a label re-renders only when its own props change.
  const select = useCallback((lineId: string) => store.getState().select([lineId]), [store]);
  const fired: { line: LineShape; text: string; title: string | undefined; at: Point }[] = [];
  for (const line of index.scene.lines) {
    const o = overlay[line.id];
    if (!(o?.order?.length || o?.fired) || staleIds.has(line.id)) continue;
    const at = along(line.points, 0.25);
    const text = o.fired ? `×${o.fired}` : (o.order ?? []).join(", ");
    if (at) fired.push({ line, text, title: o.title, at });
  }
  return (
    <ViewportPortal>
      <div className="fs-label-layer">
        {index.scene.labels.map((label) =>
          staleIds.has(label.lineId) ? null : (
            <Label
              key={label.id}
              label={label}
              selected={selected[label.lineId] === true}
              onSelect={select}
            />
          ),
        )}
        {fired.map(({ line, text, title, at }) => (
          <div
            key={line.id}
            className="ov-edge-order"
            data-testid={`fired-${line.id}`}
            title={title}
            style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}
          >
            {text}
          </div>
        ))}
      </div>
    </ViewportPortal>
  );
}
