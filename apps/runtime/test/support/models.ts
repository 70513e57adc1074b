import type { ProcessModel, Schedule } from "@flowstate/model";
import { parseModel } from "@flowstate/model";
import { publishModel } from "../../src/versions/versionService.ts";

type NodeSpec = Record<string, unknown> & { id: string; kind: string; stateId?: string; name?: string };

export type ModelSpec = {
  key: string;
  states?: { id: string; name?: string; initial?: boolean }[];
  nodes: NodeSpec[];
  lines?: {
    id?: string;
    kind?: "flow" | "limit" | "not";
    from: string;
    to: string;
    condition?: string;
    on?: "completed" | "failed";
  }[];
  transitions?: { id?: string; from: string; to: string; condition?: string; order?: number }[];
};

/** Builds a valid model from a compact description (refs = ids, defaults from the schema, no layout). */
export function buildModel(spec: ModelSpec): ProcessModel {
  const states = spec.states ?? [{ id: "main", name: "Main", initial: true }];
  const doc = {
    formatVersion: 1,
    key: spec.key,
    name: spec.key,
    states: states.map((s) => ({
      id: s.id,
      ref: s.id,
      name: s.name ?? s.id,
      ...(s.initial ? { initial: true } : {}),
    })),
    nodes: spec.nodes.map((n) => ({
      ref: n.id,
      name: n.name ?? n.id,
      stateId: n.stateId ?? states[0]!.id,
      ...n,
    })),
    lines: (spec.lines ?? []).map((l, i) => ({
      id: l.id ?? `l${i}`,
      ref: l.id ?? `l${i}`,
      kind: l.kind ?? "flow",
      from: l.from,
      to: l.to,
      ...(l.condition ? { condition: l.condition } : {}),
      ...(l.on ? { on: l.on } : {}),
    })),
    transitions: (spec.transitions ?? []).map((t, i) => ({
      id: t.id ?? `t${i}`,
      ref: t.id ?? `t${i}`,
      from: t.from,
      to: t.to,
      order: t.order ?? i,
      ...(t.condition ? { condition: t.condition } : {}),
    })),
  };
  const parsed = parseModel(doc);
  if (!parsed.ok)
    throw new Error(`test model ${spec.key} does not parse: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  return parsed.model;
}

/** A process of one action (the manual `go` unless `action` says otherwise), then an end (the succeeded `end` unless `end` says otherwise). */
export function oneAction(
  key: string,
  action: Partial<NodeSpec> = {},
  end: Partial<NodeSpec> = {},
): ProcessModel {
  const node: NodeSpec = { id: "go", kind: "action", mode: "manual", ...action };
  const finalizer: NodeSpec = { id: "end", kind: "finalizer", outcome: "succeeded", ...end };
  return buildModel({
    key,
    nodes: [node, finalizer],
    lines: [{ from: node.id, to: finalizer.id }],
  });
}

/** `oneAction(key)` started by `schedules` (each: every minute, UTC, missed ticks skipped unless said). */
export function scheduledModel(
  key: string,
  schedules: Partial<Schedule>[],
  extra: Partial<ProcessModel> = {},
): ProcessModel {
  return {
    ...oneAction(key),
    ...extra,
    schedules: schedules.map((s) => ({
      id: "s",
      cron: "* * * * *",
      timezone: "UTC",
      missed: "skip" as const,
      ...s,
    })),
  };
}

/** A manual action the signal `code` performs, capturing its input's `identifier` field as an identifier. */
export function signalAction(id: string, code: string, identifier: string): NodeSpec {
  return {
    id,
    kind: "action",
    mode: "manual",
    code,
    captures: [{ name: identifier, from: "input", path: identifier, identifier: true }],
  };
}

/** An automatic action whose `setVariables` handler sets each variable to its FEEL expression. */
export function setVariablesAction(
  id: string,
  variables: Record<string, string>,
  extra: Partial<NodeSpec> = {},
): NodeSpec {
  const output = Object.fromEntries(Object.keys(variables).map((name) => [name, `result.${name}`]));
  return {
    id,
    kind: "action",
    mode: "automatic",
    handler: "setVariables",
    input: variables,
    output,
    ...extra,
  };
}

/** Builds the model of `spec` and publishes it (its first version). */
export function publishBuilt(ctx: Parameters<typeof publishModel>[0], spec: ModelSpec) {
  return publishModel(ctx, buildModel(spec));
}

/** `first` and `second` into the `or` node `orId`, then the succeeded end `endId`: the first to complete wins. */
export function eitherModel(key: string, first: NodeSpec, second: NodeSpec, orId: string, endId: string) {
  return buildModel({
    key,
    nodes: [first, second, { id: orId, kind: "or" }, { id: endId, kind: "finalizer", outcome: "succeeded" }],
    lines: [
      { from: first.id, to: orId },
      { from: second.id, to: orId },
      { from: orId, to: endId },
    ],
  });
}

/** An automatic action `id` calling `url` with the built-in `http` handler, its answer's body into `answer`. */
export function httpCallAction(id: string, url: string): NodeSpec {
  return {
    id,
    kind: "action",
    mode: "automatic",
    handler: "http",
    input: { url: JSON.stringify(url) },
    output: { answer: "result.body" },
  };
}

/** `steps` automatic actions of `handler` in a row (s1 → s2 → …), then a succeeded finalizer. */
export function automaticChain(key: string, steps: number, handler = "work"): ProcessModel {
  return buildModel({
    key,
    nodes: [
      ...Array.from({ length: steps }, (_, i) => ({
        id: `s${i + 1}`,
        kind: "action",
        mode: "automatic",
        handler,
      })),
      { id: "end", kind: "finalizer", outcome: "succeeded" },
    ],
    lines: [
      ...Array.from({ length: steps - 1 }, (_, i) => ({
        id: `l${i + 1}`,
        from: `s${i + 1}`,
        to: `s${i + 2}`,
      })),
      { id: `l${steps}`, from: `s${steps}`, to: "end" },
    ],
  });
}

/**
 * The desk: `call` is automatic (handler `desk.call`; its job waits where no worker runs), `note` is
 * manual and may be performed any number of times. No lines: both stay enabled.
 */
export function deskModel(): ProcessModel {
  return buildModel({
    key: "desk",
    nodes: [
      { id: "call", kind: "action", mode: "automatic", handler: "desk.call" },
      { id: "note", kind: "action", mode: "manual", maxOccurs: 0 },
    ],
  });
}

/**
 * A one-state process with a manual `approve`; `v2`: the same plus an automatic `fix` (handler
 * `noop`, `input` its mapping) that a migration arms for every migrated instance.
 */
export function migrationModel(key: string, v2: boolean, input?: Record<string, string>): ModelSpec {
  const fix: NodeSpec = {
    id: "fix",
    kind: "action",
    mode: "automatic",
    handler: "noop",
    stateId: "work",
    migration: {},
  };
  return {
    key,
    states: [{ id: "work", initial: true }],
    nodes: [
      { id: "approve", kind: "action", mode: "manual", stateId: "work" },
      ...(v2 ? [input ? { ...fix, input } : fix] : []),
    ],
  };
}
