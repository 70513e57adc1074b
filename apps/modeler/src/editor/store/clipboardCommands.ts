/** Copy, cut and paste through the shared `ClipboardStore`; each paste lands a step further away, or at the pointer when given. */
import { copyElements, EditError, pasteElements } from "@flowstate/model";
import { combineEdits } from "../model/combineEdits";
import { fitStateToNodes, placeInsideStates, stateAt } from "../model/fitStateToNodes";
import * as edits from "../model/modelEdits";
import type { CommandGroup } from "./EditorCore";

const PASTE_OFFSET = 40;

/** The top-left corner of the copied boxes. */
function topLeft(
  bounds: Readonly<Record<string, { x: number; y: number }>>,
): { x: number; y: number } | undefined {
  const boxes = Object.values(bounds);
  if (boxes.length === 0) return undefined;
  return { x: Math.min(...boxes.map((b) => b.x)), y: Math.min(...boxes.map((b) => b.y)) };
}

export const clipboardCommands: CommandGroup<"copy" | "cut" | "paste"> = ({
  set,
  get,
  deps,
  commit,
  refuse,
}) => {
  return {
    copy() {
      const { model, selection } = get();
      const content = copyElements(model, selection);
      if (!content) return false;
      deps.clipboard.write(content);
      set({ pasteCount: 0 });
      return true;
    },

    cut() {
      if (!get().copy()) return false;
      get().deleteSelection();
      return true;
    },

    paste(at) {
      const s = get();
      if (s.readOnly) return [];
      const content = deps.clipboard.read();
      if (!content) return [];
      const n = s.pasteCount + 1;
      const loose = content.nodes.some((node) => !content.states.some((st) => st.id === node.stateId));
      const homeless = content.nodes.some(
        (node) =>
          !content.states.some((st) => st.id === node.stateId) &&
          !(content.processKey === s.model.key && s.model.diagram.states[node.stateId]),
      );
      const selectedState =
        s.selection.length === 1 && s.model.diagram.states[s.selection[0] ?? ""] ? s.selection[0] : undefined;
      const stateAtPointer = at ? stateAt(s.model, at) : undefined;
      const targetStateId = loose
        ? (stateAtPointer ?? selectedState ?? (homeless ? s.model.states[0]?.id : undefined))
        : undefined;
      const corner = at ? topLeft(content.bounds) : undefined;
      const offset =
        at && corner
          ? { x: Math.round(at.x - corner.x), y: Math.round(at.y - corner.y) }
          : { x: PASTE_OFFSET * n, y: PASTE_OFFSET * n };
      let pasted: ReturnType<typeof pasteElements>;
      try {
        pasted = pasteElements(s.model, deps.ctx, content, {
          offset,
          ...(targetStateId ? { targetStateId } : {}),
        });
      } catch (error) {
        if (!(error instanceof EditError)) throw error;
        refuse("Nothing to paste here: add a state first.");
        return [];
      }
      // Behaviour: pasted nodes land inside their state box, which grows around them (at the pointer
      // inside a state they stay where the pointer put them).
      const pastedNodes = pasted.model.nodes.filter((node) => pasted.ids.includes(node.id));
      const inside = edits.setBounds(
        pasted.model,
        stateAtPointer
          ? {}
          : placeInsideStates(
              pasted.model,
              pastedNodes.map((node) => node.id),
            ),
      );
      let r = combineEdits(pasted, inside);
      const grow = fitStateToNodes(r.model, new Set(pastedNodes.map((node) => node.stateId)));
      if (Object.keys(grow).length > 0)
        r = combineEdits(r, edits.setBounds(r.model, grow, { carryNodes: false }));
      commit("Paste", r, pasted.ids);
      set({ pasteCount: n });
      return pasted.ids;
    },
  };
};
