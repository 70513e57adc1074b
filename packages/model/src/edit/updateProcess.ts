import { NameSchema } from "../schema/Element";
import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/**
 * Changes the process's name or description (`undefined` or `""` removes the description). The key
 * identifies the process across versions and is not edited here.
 */
export function updateProcess(
  model: ProcessModel,
  changes: { name?: string; description?: string | undefined },
): EditResult {
  if (changes.name !== undefined && !NameSchema.safeParse(changes.name).success)
    throw new EditError("invalid-change", "a name must not be empty");
  return produceEdit(model, (draft) => {
    if (changes.name !== undefined && changes.name !== draft.name) draft.name = changes.name;
    if ("description" in changes) {
      if (changes.description === undefined || changes.description === "") {
        if (draft.description !== undefined) delete draft.description;
      } else if (changes.description !== draft.description) draft.description = changes.description;
    }
  });
}
