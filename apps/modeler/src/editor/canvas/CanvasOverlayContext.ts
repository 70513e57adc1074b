import { createContext } from "react";
import { createStore } from "zustand/vanilla";
import type { StoreApi } from "zustand/vanilla";
import type { ElementOverlay } from "./ElementOverlay";

export interface CanvasOverlayState {
  /** Element id → its overlay; elements without an entry look as in the editor. */
  byElement: Readonly<Record<string, ElementOverlay>>;
  /** Called by an element's "Perform" button. */
  onPerform: ((nodeId: string) => void) | null;
}

export type CanvasOverlayStore = StoreApi<CanvasOverlayState>;

/** A store holding one canvas's overlay; each element selects only its own entry. */
export function createCanvasOverlayStore(initial: Partial<CanvasOverlayState> = {}): CanvasOverlayStore {
  return createStore<CanvasOverlayState>(() => ({ byElement: {}, onPerform: null, ...initial }));
}

/** The overlay of the canvas around a component; the editor and the diff view have none. */
export const CanvasOverlayContext = createContext<CanvasOverlayStore | null>(null);

/** The store used when no overlay is provided: always empty, so hooks stay unconditional. */
export const emptyOverlayStore: CanvasOverlayStore = createCanvasOverlayStore();
