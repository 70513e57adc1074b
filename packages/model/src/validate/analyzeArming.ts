import { isZeroDuration } from "../schema/Duration";
import type { FlowLine, Line } from "../schema/Line";
import { nodeKinds } from "../schema/nodeKinds";
import type { Node } from "../schema/Node";
import type { ModelIndex } from "./ModelIndex";

/**
 * Static facts about the unlock rule of a model, computed per state instance (every state is
 * analysed as if freshly entered; conditions are assumed able to hold both ways).
 *
 * - `armable`: nodes that can be armed at all (roots, or through a flow line whose source can
 *   complete — or fail, for a failure flow; an `and` needs every incoming line).
 * - `mustPrecede(n)`: nodes that have necessarily completed in the state instance before `n` is
 *   first armed (dominators over flow lines; for an `and` the union over its inputs). Computed
 *   without the effect of not lines.
 * - `blocked`: nodes that can never be unlocked because a not line into them comes from a node
 *   that must precede them; `completable` = armable nodes that are not blocked, after propagating
 *   the blocking to a fixpoint (a blocked node never completes, so what only it arms dies too).
 */
export interface ArmingAnalysis {
  readonly armable: ReadonlySet<string>;
  readonly completable: ReadonlySet<string>;
  /** Not lines whose source must precede their target (first round: the direct causes). */
  readonly blockingLines: readonly Line[];
  /** Nodes blocked forever (after the fixpoint). */
  readonly blocked: ReadonlySet<string>;
  mustPrecede(nodeId: string): ReadonlySet<string>;
  /** Whether the line can ever fire, given which nodes can complete. */
  canFire(line: FlowLine, completable?: ReadonlySet<string>): boolean;
}

/** True for a migration action (armed only when an instance is migrated into its state). */
export function isMigrationAction(node: Node): boolean {
  return node.kind === "action" && node.migration !== undefined;
}

/**
 * A node that completes in the same step it is armed (a control node that needs one firing) or is
 * scheduled at once (an automatic action without a positive delay or calendar).
 */
export function isImmediate(node: Node, index: ModelIndex): boolean {
  switch (node.kind) {
    case "or":
    case "finalizer":
      return true;
    case "and":
      return (index.flowIn.get(node.id)?.length ?? 0) <= 1;
    case "action":
      return (
        node.mode === "automatic" &&
        (node.delay === undefined || isZeroDuration(node.delay)) &&
        node.calendar === undefined
      );
  }
}

function lineFires(line: FlowLine, index: ModelIndex, completable: ReadonlySet<string>): boolean {
  const source = index.nodes.get(line.from);
  if (!source || !completable.has(line.from) || !nodeKinds[source.kind].hasOutgoing) return false;
  return line.on === "completed" || source.kind === "action";
}

/** The nodes that can be armed, given the nodes that can never complete (`dead`). O(V + E). */
function armableNodes(
  index: ModelIndex,
  dead: ReadonlySet<string>,
): { armable: Set<string>; completable: Set<string> } {
  const armable = new Set<string>();
  const completable = new Set<string>();
  const andCount = new Map<string, number>();
  const queue: string[] = [];
  const arm = (id: string): void => {
    if (armable.has(id)) return;
    armable.add(id);
    if (!dead.has(id)) {
      completable.add(id);
      queue.push(id);
    }
  };
  for (const nodes of index.nodesByState.values())
    for (const node of nodes) if (!index.flowIn.has(node.id)) arm(node.id);
  while (queue.length > 0) {
    const id = queue.pop() as string;
    for (const line of index.flowOut.get(id) ?? []) {
      if (!lineFires(line, index, completable)) continue;
      const target = index.nodes.get(line.to);
      if (!target) continue;
      if (target.kind === "and") {
        const count = (andCount.get(target.id) ?? 0) + 1;
        andCount.set(target.id, count);
        if (count === index.flowIn.get(target.id)?.length) arm(target.id);
      } else arm(target.id);
    }
  }
  return { armable, completable };
}

/** Dominator-style must-precede sets per state, as bitsets over the state's nodes. */
function mustPrecedeSets(index: ModelIndex, completable: ReadonlySet<string>): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const nodes of index.nodesByState.values()) {
    const live = nodes.filter((n) => completable.has(n.id));
    const position = new Map<string, number>();
    live.forEach((n, i) => position.set(n.id, i));
    const words = Math.ceil(live.length / 32) || 1;
    const sets = live.map(() => new Uint32Array(words));
    const isRoot = live.map((n) => !index.flowIn.has(n.id));
    const inputs = live.map((n) =>
      (index.flowIn.get(n.id) ?? [])
        .filter((l) => lineFires(l, index, completable) && position.has(l.from))
        .map((l) => ({ from: position.get(l.from) as number, completed: l.on === "completed" })),
    );
    sets.forEach((set, i) => {
      if (!isRoot[i]) set.fill(0xffffffff);
    });
    const scratch = new Uint32Array(words);
    let changed = true;
    while (changed) {
      changed = false;
      for (let i = 0; i < live.length; i++) {
        if (isRoot[i]) continue;
        const union = live[i]?.kind === "and";
        scratch.fill(union ? 0 : 0xffffffff);
        for (const input of inputs[i] ?? []) {
          const src = sets[input.from] as Uint32Array;
          for (let w = 0; w < words; w++) {
            let bits = src[w] as number;
            if (input.completed && w === input.from >>> 5) bits |= 1 << (input.from & 31);
            scratch[w] = union ? (scratch[w] as number) | bits : (scratch[w] as number) & bits;
          }
        }
        const own = sets[i] as Uint32Array;
        for (let w = 0; w < words; w++) {
          if (own[w] !== scratch[w]) {
            own.set(scratch);
            changed = true;
            break;
          }
        }
      }
    }
    live.forEach((n, i) => {
      const set = new Set<string>();
      const bits = sets[i] as Uint32Array;
      for (let j = 0; j < live.length; j++)
        if (((bits[j >>> 5] as number) >>> (j & 31)) & 1) set.add((live[j] as Node).id);
      result.set(n.id, set);
    });
  }
  return result;
}

/** Analyses the unlock rule of an indexed model statically. Pure; linear apart from the per-state dominator sets. */
export function analyzeArming(index: ModelIndex): ArmingAnalysis {
  const base = armableNodes(index, new Set());
  let blocked = new Set<string>();
  let completable = base.completable;
  const baseMust = mustPrecedeSets(index, completable);
  let must = baseMust;
  let blockingLines: Line[] | undefined;
  for (;;) {
    const lines: Line[] = [];
    const next = new Set(blocked);
    for (const [target, notLines] of index.notIn) {
      const precede = must.get(target);
      if (!precede) continue;
      for (const line of notLines) {
        if (precede.has(line.from)) {
          lines.push(line);
          next.add(target);
        }
      }
    }
    blockingLines ??= lines;
    if (next.size === blocked.size) break;
    blocked = next;
    completable = armableNodes(index, blocked).completable;
    must = mustPrecedeSets(index, completable);
  }
  const empty: ReadonlySet<string> = new Set();
  return {
    armable: base.armable,
    completable,
    blockingLines,
    blocked,
    mustPrecede: (id) => baseMust.get(id) ?? empty,
    canFire: (line, set = base.completable) => lineFires(line, index, set),
  };
}
