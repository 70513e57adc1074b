import { createContext } from "react";
import type { Point } from "@flowstate/model";

/** The last pointer position over the canvas, in diagram coordinates (`null` once it left): paste lands there. */
export interface LastPointer {
  current: Point | null;
}

/** Shared by the canvas (writes it on pointer moves) and the keyboard handler (reads it on Ctrl+V). */
export const LastPointerContext = createContext<LastPointer>({ current: null });
