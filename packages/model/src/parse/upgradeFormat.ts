import { nodeKinds } from "../schema/nodeKinds";
import { FORMAT_VERSION } from "../schema/Process";
import { makeProblem } from "../validate/makeProblem";
import type { Problem } from "../validate/Problem";

type Doc = Record<string, unknown>;

function isRecord(value: unknown): value is Doc {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * v0 → v1. Format 0 nested each state's nodes in `state.actions` (without `stateId`) and kept an
 * optional `position: {x, y}` on each node; format 1 keeps nodes in one flat `nodes` array with a
 * `stateId`, and all layout in `diagram`. Anything unexpected is passed through untouched for the
 * schema to report.
 */
function v0ToV1(doc: Doc): Doc {
  const { states, ...rest } = doc;
  if (!Array.isArray(states)) return { ...rest, states, formatVersion: 1 };
  const nodes: unknown[] = Array.isArray(rest["nodes"]) ? [...(rest["nodes"] as unknown[])] : [];
  const positions: Record<string, unknown> = {};
  const newStates = states.map((state: unknown) => {
    if (!isRecord(state)) return state;
    const { actions, ...stateRest } = state;
    if (Array.isArray(actions)) {
      for (const node of actions) {
        if (!isRecord(node)) {
          nodes.push(node);
          continue;
        }
        const { position, ...nodeRest } = node;
        nodes.push({ ...nodeRest, stateId: state["id"] });
        if (isRecord(position) && typeof node["id"] === "string") {
          const kind =
            typeof node["kind"] === "string" && node["kind"] in nodeKinds
              ? (node["kind"] as keyof typeof nodeKinds)
              : "action";
          positions[node["id"]] = { x: position["x"], y: position["y"], ...nodeKinds[kind].size };
        }
      }
    }
    return stateRest;
  });
  const diagram = isRecord(rest["diagram"])
    ? rest["diagram"]
    : { nodes: {}, states: {}, lines: {}, transitions: {} };
  const diagramNodes = isRecord(diagram["nodes"]) ? diagram["nodes"] : {};
  return {
    ...rest,
    formatVersion: 1,
    states: newStates,
    nodes,
    diagram: { ...diagram, nodes: { ...diagramNodes, ...positions } },
  };
}

/**
 * Forward upgrades of the document format: entry `n` turns a format-`n` document into a
 * format-`n+1` one. Each is small, pure and total (never throws).
 */
export const formatUpgrades: Readonly<Record<number, (doc: Doc) => Doc>> = { 0: v0ToV1 };

/** Result of `upgradeFormat`: the document in the current format, and the version it came from. */
export type FormatUpgradeResult =
  { ok: true; document: Doc; upgradedFrom: number } | { ok: false; problems: Problem[] };

/**
 * Brings a raw document (already JSON-parsed, not yet schema-checked) to `FORMAT_VERSION` by
 * applying the format upgrades in order. A document already current is returned as is
 * (`upgradedFrom === FORMAT_VERSION`). Missing, non-integer or future versions give a
 * `format.version` problem. Never throws.
 */
export function upgradeFormat(raw: unknown): FormatUpgradeResult {
  if (!isRecord(raw)) {
    return {
      ok: false,
      problems: [makeProblem("schema.invalid", [], "A process model must be a JSON object.", { path: [] })],
    };
  }
  const version = raw["formatVersion"];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0 || version > FORMAT_VERSION) {
    const message =
      version === undefined
        ? "The document has no formatVersion."
        : `formatVersion ${JSON.stringify(version)} is not supported (this package reads 0 to ${FORMAT_VERSION}).`;
    return { ok: false, problems: [makeProblem("format.version", [], message, { path: ["formatVersion"] })] };
  }
  let document = raw;
  for (let v = version; v < FORMAT_VERSION; v++) {
    const step = formatUpgrades[v];
    if (!step) {
      return {
        ok: false,
        problems: [
          makeProblem("format.version", [], `No upgrade from formatVersion ${v}.`, {
            path: ["formatVersion"],
          }),
        ],
      };
    }
    document = step(document);
  }
  return { ok: true, document, upgradedFrom: version };
}
