import { createContext } from "react";
import type { Point } from "@flowstate/model";

/** The last pointer position over the canvas, in diagram coordinates (`null` once it left): paste lands there. */
export interface LastPointer {
  get(): Point | null;
  set(at: Point | null): void;
}

export function createLastPointer(): LastPointer {
  let last: Point | null = null;
  return {
    get: () => last,
    set: (at) => {
      last = at;
    },
  };
}

/** Shared by the canvas (writes it on pointer moves) and the keyboard handler (reads it on Ctrl+V). */
export const LastPointerContext = createContext<LastPointer>(createLastPointer());
