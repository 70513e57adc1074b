import { describe, expect, it } from "vitest";
import { ModelBuilder } from "../builder/ModelBuilder";
import { changeLineKind } from "../edit/changeLineKind";
import { moveNode } from "../edit/moveNode";
import { setWaypoints } from "../edit/setWaypoints";
import { renameElement } from "../edit/renameElement";
import { updateNode } from "../edit/updateNode";
import { fixtures, salesCase } from "../fixtures/index";
import { canonicalJson } from "../json/canonicalJson";
import type { ProcessModel } from "../schema/Process";
import { contentHash } from "./contentHash";
import { diffModels } from "./diffModels";
import { proposeStateMapping } from "./proposeStateMapping";
import {
  canEdit,
  canRunInstances,
  canStartInstances,
  nextStatusOnPublish,
  shouldDeactivate,
  transitionVersion,
} from "./versionLifecycle";

function v1(): ProcessModel {
  return new ModelBuilder("p", "P")
    .state("s", "Start", { initial: true })
    .action("a", "A", { mode: "manual" })
    .finalizer("f", "End")
    .flow("a", "f")
    .transition("a", "review")
    .state("review", "Review")
    .action("r", "R", { mode: "manual" })
    .finalizer("g", "G")
    .flow("r", "g")
    .toModel();
}

/** The same model with every element id renumbered (refs untouched; calendars are matched by id and keep theirs). */
function renumbered(model: ProcessModel): ProcessModel {
  const text = JSON.stringify({ ...model, calendars: [] }).replace(
    /"(id|stateId|from|to)":"(?!input"|output")([^"]+)"/g,
    '"$1":"v2-$2"',
  ); // not a capture's `from`
  const out = { ...(JSON.parse(text) as ProcessModel), calendars: model.calendars };
  for (const section of ["states", "nodes", "lines", "transitions"] as const) {
    out.diagram[section] = Object.fromEntries(
      Object.entries(out.diagram[section]).map(([k, v]) => [`v2-${k}`, v]),
    ) as never;
  }
  return out;
}

describe("diffModels", () => {
  it("finds nothing between a model and itself or a renumbered copy", () => {
    expect(diffModels(v1(), v1())).toMatchObject({ same: true, layoutChanged: false });
    expect(diffModels(salesCase, renumbered(salesCase))).toMatchObject({ same: true, layoutChanged: false });
  });

  it("reports added, removed and changed elements by ref with the changed fields", () => {
    const before = v1();
    const after = new ModelBuilder("p", "P v2")
      .state("s", "Start", { initial: true })
      .action("a", "A", { mode: "automatic", handler: "http" })
      .action("n", "New", { mode: "manual" })
      .finalizer("f", "End")
      .flows("a->n->f")
      .transition("a", "review", { condition: "ok" })
      .state("review", "Review")
      .finalizer("g", "G")
      .toModel();
    const diff = diffModels(before, after);
    expect(diff.same).toBe(false);
    expect(diff.process).toEqual(["name"]);
    expect(diff.nodes.added.map((n) => n.id)).toEqual(["n"]);
    expect(diff.nodes.removed.map((n) => n.id)).toEqual(["r"]);
    expect(diff.nodes.changed).toEqual([
      expect.objectContaining({ ref: "r.a", fields: ["handler", "mode"] }),
    ]);
    expect(diff.lines.added.map((l) => l.id)).toEqual(["flow:a->n", "flow:n->f"]);
    expect(diff.lines.removed.map((l) => l.id)).toEqual(["flow:a->f", "flow:r->g"]);
    expect(diff.transitions.changed).toEqual([expect.objectContaining({ fields: ["condition"] })]);
    expect(diff.states).toEqual({ added: [], removed: [], changed: [] });
  });

  it("reports a layout-only change as layoutChanged, not as a change of meaning", () => {
    const model = fixtures["login-session"];
    const moved = moveNode(model, "login", { x: 1, y: 2 }).model;
    expect(diffModels(model, moved)).toMatchObject({ same: true, layoutChanged: true });
  });

  it("reports a line's kind change as a changed line (same id and ref), not removed + added", () => {
    const model = v1();
    const line = model.lines[0];
    if (!line) throw new Error("v1 has a line");
    const limited = changeLineKind(model, line.id, "limit").model;
    expect(limited.lines[0]).toMatchObject({ id: line.id, ref: line.ref, kind: "limit" });
    const diff = diffModels(model, limited);
    expect(diff.lines.added).toEqual([]);
    expect(diff.lines.removed).toEqual([]);
    expect(diff.lines.changed).toEqual([expect.objectContaining({ ref: line.ref, fields: ["kind", "on"] })]);
  });

  it("reports bend points as a layout change only", () => {
    const model = v1();
    const id = model.lines[0]?.id as string;
    const bent = setWaypoints(model, id, [{ x: 500, y: 500 }]).model;
    expect(diffModels(model, bent)).toMatchObject({ same: true, layoutChanged: true });
  });

  it("compares references by the ref they point at", () => {
    const model = v1();
    const retargeted = JSON.parse(JSON.stringify(model)) as ProcessModel;
    (retargeted.transitions[0] as { to: string }).to = "s";
    expect(diffModels(model, retargeted).transitions.changed[0]?.fields).toEqual(["to"]);
  });
});

/** A process `p` of states only, `{ id: name }` in order, the first initial. */
function statesOnly(states: Record<string, string>): ProcessModel {
  const b = new ModelBuilder("p", "P");
  Object.entries(states).forEach(([id, name], i) => b.state(id, name, i === 0 ? { initial: true } : {}));
  return b.toModel();
}

describe("proposeStateMapping", () => {
  it("maps by ref first, then by unique name, and lists the rest as needing a choice", () => {
    const from = statesOnly({ s: "Start", review: "Review", archive: " archive ", legacy: "Legacy" });
    const to = statesOnly({ s: "Start", rev2: "Review", arch: "Archive" });
    // "rev2" has a different ref and the same name as "review": matched by name.
    expect(proposeStateMapping(from, to)).toEqual({
      mapping: { s: "s", review: "rev2", archive: "arch" },
      matchedBy: { s: "ref", review: "name", archive: "name" },
      needsChoice: ["legacy"],
    });
  });

  it("does not map by a name that is ambiguous or already matched by ref", () => {
    const from = statesOnly({ x: "Same", y: "Twin" });
    const to = statesOnly({ x: "Same", t1: "Twin", t2: "twin" });
    const renamedFrom = statesOnly({ z: "Same", x: "Other" });
    expect(proposeStateMapping(from, to).needsChoice).toEqual(["y"]);
    expect(proposeStateMapping(renamedFrom, to)).toMatchObject({ mapping: { x: "x" }, needsChoice: ["z"] });
  });

  it("maps every state of a fixture onto a renumbered copy by ref", () => {
    const proposal = proposeStateMapping(salesCase, renumbered(salesCase));
    expect(proposal.needsChoice).toEqual([]);
    expect(Object.values(proposal.matchedBy).every((m) => m === "ref")).toBe(true);
  });
});

describe("version lifecycle", () => {
  it("moves draft → published → deprecated → inactive", () => {
    expect(transitionVersion("draft", "publish")).toEqual({ ok: true, status: "published" });
    expect(transitionVersion("published", "deprecate")).toEqual({ ok: true, status: "deprecated" });
    expect(transitionVersion("deprecated", "deactivate", 0)).toEqual({ ok: true, status: "inactive" });
  });

  it("refuses illegal moves with typed errors", () => {
    expect(transitionVersion("published", "publish")).toMatchObject({
      ok: false,
      error: { code: "illegal-transition", from: "published", event: "publish" },
    });
    expect(transitionVersion("draft", "deprecate")).toMatchObject({
      ok: false,
      error: { code: "illegal-transition" },
    });
    expect(transitionVersion("inactive", "deactivate")).toMatchObject({
      ok: false,
      error: { code: "illegal-transition" },
    });
    expect(transitionVersion("deprecated", "deactivate", 3)).toMatchObject({
      ok: false,
      error: { code: "instances-running", message: expect.stringContaining("3") },
    });
  });

  it("answers what each status allows", () => {
    expect(["draft", "published", "deprecated", "inactive"].map((s) => canEdit(s as never))).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(
      ["draft", "published", "deprecated", "inactive"].map((s) => canStartInstances(s as never)),
    ).toEqual([false, true, false, false]);
    expect(["draft", "published", "deprecated", "inactive"].map((s) => canRunInstances(s as never))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(
      ["draft", "published", "deprecated", "inactive"].map((s) => nextStatusOnPublish(s as never)),
    ).toEqual(["draft", "deprecated", "deprecated", "inactive"]);
    expect(shouldDeactivate("deprecated", 0)).toBe(true);
    expect(shouldDeactivate("deprecated", 1)).toBe(false);
    expect(shouldDeactivate("published", 0)).toBe(false);
  });
});

describe("contentHash", () => {
  // The digest is the caller's (node:crypto in the runtime); the text it digests is canonical JSON.
  const digest = (text: string) => `digest of ${text}`;

  it("digests the model's canonical JSON with the caller's SHA-256", () => {
    const model = fixtures["signup-saga"];
    expect(contentHash(model, digest)).toBe(`digest of ${canonicalJson(model)}`);
  });

  it("writes canonical JSON with sorted keys", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }], u: undefined })).toBe(
      '{"a":[{"c":"x","d":null}],"b":1}',
    );
  });

  it("is stable under key order and JSON round trips, and changes with meaning or layout", () => {
    const model = fixtures["signup-saga"];
    const hash = contentHash(model, digest);
    const reordered = JSON.parse(canonicalJson(model)) as ProcessModel;
    expect(contentHash(reordered, digest)).toBe(hash);
    expect(contentHash(JSON.parse(JSON.stringify(model)) as ProcessModel, digest)).toBe(hash);
    expect(contentHash(renameElement(model, "createCustomer", "Create account").model, digest)).not.toBe(
      hash,
    );
    expect(contentHash(updateNode(model, "createCustomer", { maxOccurs: 2 }).model, digest)).not.toBe(hash);
    expect(contentHash(moveNode(model, "createCustomer", { x: 0, y: 0 }).model, digest)).not.toBe(hash);
  });
});
