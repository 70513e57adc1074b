import { memoryClipboard, storageClipboard } from "./ClipboardStore";
import type { ClipboardStore } from "./ClipboardStore";

let shared: ClipboardStore | undefined;

/** The clipboard every editor in this browser shares (localStorage, so it also crosses tabs). */
export function sharedClipboard(): ClipboardStore {
  shared ??= typeof localStorage === "undefined" ? memoryClipboard() : storageClipboard(localStorage);
  return shared;
}
