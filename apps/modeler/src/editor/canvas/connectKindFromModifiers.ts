import type { ConnectKind } from "@flowstate/model";

/**
 * The line kind of a connection drag: the palette's kind, unless a modifier is held when the drag
 * starts: Shift = limit, Alt = not, Ctrl/Cmd = failure flow.
 */
export function connectKindFromModifiers(
  paletteKind: ConnectKind,
  modifiers: { shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean } | undefined,
): ConnectKind {
  if (!modifiers) return paletteKind;
  if (modifiers.altKey) return "not";
  if (modifiers.shiftKey) return "limit";
  if (modifiers.ctrlKey || modifiers.metaKey) return "failure";
  return paletteKind;
}
