import type { OverlayMark, SceneOverlay } from "@flowstate/diagram";
import type { ElementOverlay } from "../editor/canvas/ElementOverlay";

const has = (o: ElementOverlay, cls: string) => o.className.split(/\s+/).includes(cls);

/** The mark one element's canvas overlay stands for on an exported drawing (undefined: drawn plain). */
function markOf(o: ElementOverlay): OverlayMark | undefined {
  if (has(o, "ov-current")) return o.badges.some((b) => b.tone === "danger") ? "failed" : "current";
  if (has(o, "ov-incident")) return "incident";
  if (has(o, "ov-unlocked")) return "unlocked";
  if (has(o, "ov-reason-locked")) return "locked";
  if (has(o, "ov-fired")) return "taken";
  if (has(o, "ov-visited") || o.badges.some((b) => b.tone === "ok" && b.text.startsWith("✓")))
    return "completed";
  return undefined;
}

/**
 * An instance's canvas overlay (`instanceOverlay`) as the marks of its exported drawing: the
 * current state (or where it ended, failed), states visited before and actions completed in the
 * current state, lines fired and transitions taken, unlocked and locked actions, incidents.
 */
export function sceneOverlayOf(
  byElement: Readonly<Record<string, ElementOverlay>>,
  caption?: string,
): SceneOverlay {
  const marks: Record<string, OverlayMark> = {};
  for (const [id, o] of Object.entries(byElement)) {
    const mark = markOf(o);
    if (mark) marks[id] = mark;
  }
  return caption ? { marks, caption } : { marks };
}
