import type { RouterOutputs } from "../api/routerTypes";

export type MoveDryRun = RouterOutputs["instance"]["moveDryRun"];

const list = (items: { name: string }[]) => items.map((i) => `“${i.name}”`).join(", ");

/** Why a move is refused, in the operator's words (from the dry run's refusal code). */
function refusalText(dry: MoveDryRun): string {
  switch (dry.refusal?.code) {
    case "ALREADY_IN_STATE":
      return `The instance is in “${dry.from.name}” already.`;
    case "INSTANCE_NOT_RUNNING":
      return `The instance is ${dry.status}: only running instances move.`;
    case "UNKNOWN_STATE":
      return `Version v${dry.version} has no such state.`;
    case "CANNOT_SETTLE":
      return `The instance could not settle in “${dry.to.name ?? dry.to.stateId}”: ${dry.refusal.message}`;
    default:
      return dry.refusal?.message ?? "The move is refused.";
  }
}

/**
 * The dry run of a move as sentences (state and action names, never ids): what unlocks, which
 * scheduled work is dropped, which migration actions run, what it closes — or why it is refused.
 */
export function moveWords(dry: MoveDryRun): { refused: boolean; lines: string[] } {
  if (!dry.ok) return { refused: true, lines: [refusalText(dry)] };
  const to = dry.to.name ?? dry.to.stateId;
  const lines = [`Leaves “${dry.from.name}” and enters “${to}” afresh.`];
  lines.push(
    dry.unlocked.length
      ? `Unlocked afterwards: ${list(dry.unlocked)}.`
      : "Nothing is unlocked afterwards (the state may move on by itself).",
  );
  if (dry.becomesUnlocked.length) lines.push(`Newly unlocked: ${list(dry.becomesUnlocked)}.`);
  if (dry.noLongerUnlocked.length) lines.push(`No longer unlocked: ${list(dry.noLongerUnlocked)}.`);
  const timers = dry.droppedOccurrences.filter((o) => o.status === "scheduled");
  const running = dry.droppedOccurrences.filter((o) => o.status !== "scheduled");
  if (timers.length) lines.push(`Scheduled work dropped: ${list(timers)}.`);
  if (running.length) lines.push(`Running work cancelled: ${list(running)}.`);
  if (!dry.droppedOccurrences.length) lines.push("No scheduled or running work is dropped.");
  lines.push(
    dry.migrationActions.length
      ? `Migration actions that run: ${list(dry.migrationActions)}.`
      : "No migration actions run.",
  );
  for (const p of dry.problems)
    if (p.code === "INCIDENTS_CLOSED" || p.code === "INSTANCE_LOCKED") lines.push(`${p.message}.`);
  return { refused: false, lines };
}
