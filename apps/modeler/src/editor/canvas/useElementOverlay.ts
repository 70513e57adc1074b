import { useContext } from "react";
import { useStore } from "zustand";
import { CanvasOverlayContext, emptyOverlayStore } from "./CanvasOverlayContext";
import type { CanvasOverlayState } from "./CanvasOverlayContext";
import type { ElementOverlay } from "./ElementOverlay";

/** This element's overlay entry (undefined without one); re-renders only when that entry changes. */
export function useElementOverlay(id: string): ElementOverlay | undefined {
  return useStore(useContext(CanvasOverlayContext) ?? emptyOverlayStore, (s) => s.byElement[id]);
}

/** The canvas overlay's perform callback (null outside an operate view). */
export function useOverlayPerform(): CanvasOverlayState["onPerform"] {
  return useStore(useContext(CanvasOverlayContext) ?? emptyOverlayStore, (s) => s.onPerform);
}
