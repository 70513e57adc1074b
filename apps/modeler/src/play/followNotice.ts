import type { ProcessModel } from "@flowstate/model";
import { followDraft, startSession } from "./playSession";
import type { PlaySession } from "./playSession";

/** What play says after the draft changed under it (docs/play.md, "Editing beside play"). */
export type FollowNotice =
  | { kind: "continues" }
  | { kind: "paused"; problem?: string }
  | { kind: "diverged"; draft: ProcessModel; reason: string; replayed: PlaySession };

/** What play shows: the model it runs, the session, and the notice about the draft. */
export interface FollowedPlay {
  model: ProcessModel;
  session: PlaySession | { problem: string };
  follow: FollowNotice | null;
}

/**
 * Play after the draft settled (`useFollowDraft`). A draft with errors pauses the play on the model
 * it runs; a changed draft is followed (`followDraft`): the play continues on it, or stays on its
 * model with the offer to restart (`diverged`), or waits when the draft cannot start. A play that
 * could not start starts afresh on the new draft. Pure.
 */
export function followNotice(
  draft: { model: ProcessModel; hasErrors: boolean },
  play: Omit<FollowedPlay, "follow">,
): FollowedPlay {
  const { model, session } = play;
  if (draft.hasErrors) return { model, session, follow: { kind: "paused" } };
  if (draft.model === model) return { model, session, follow: null };
  if (!("entries" in session))
    return { model: draft.model, session: startSession(draft.model), follow: null };
  const followed = followDraft(draft.model, session);
  if (followed.kind === "continues")
    return { model: draft.model, session: followed.session, follow: { kind: "continues" } };
  if (followed.kind === "cannotStart")
    return { model, session, follow: { kind: "paused", problem: followed.problem } };
  return {
    model,
    session,
    follow: { kind: "diverged", draft: draft.model, reason: followed.reason, replayed: followed.replayed },
  };
}

/** What the play strip says about the edited draft; before any edit (null), that play follows it. */
export function followWords(follow: FollowNotice | null): { text: string; warn: boolean } {
  if (!follow) return { text: "The play follows your edits.", warn: false };
  if (follow.kind === "continues") return { text: "The play still fits the edited draft.", warn: false };
  if (follow.kind === "paused")
    return {
      text: `The draft ${follow.problem ? `cannot start: ${follow.problem}` : "has errors"}; the play waits.`,
      warn: true,
    };
  return { text: `The play no longer fits: ${follow.reason}.`, warn: true };
}
