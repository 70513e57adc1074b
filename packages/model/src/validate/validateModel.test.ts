import { describe, expect, it } from "vitest";
import { ModelBuilder } from "../builder/ModelBuilder";
import type { ProcessModel } from "../schema/Process";
import type { Problem } from "./Problem";
import { problemCodes } from "./problemCodes";
import type { ProblemCode } from "./problemCodes";
import { validateModel } from "./validateModel";

type ActionProps = Parameters<ModelBuilder["action"]>[2];

/** `simple()` plus the action `b` (with `props`) flowing into the end. */
function actionB(props: ActionProps): ProcessModel {
  return simple().action("b", "B", props).flow("b", "f").toModel();
}

/** `actionB` capturing `id` from its input and, as `name`, `result.id` from its output. */
function capturesIdAnd(name: string): ProcessModel {
  return actionB({
    mode: "manual",
    captures: [
      { name: "id", from: "input", path: "id" },
      { name, from: "output", path: "result.id" },
    ],
  });
}

/** `base` plus the manual action `b`, reached from `a` when `condition` holds, flowing into the end. */
function conditionalB(base: ModelBuilder, condition: string): ProcessModel {
  return base.action("b", "B", { mode: "manual" }).flow("a", "b", { condition }).flow("b", "f").toModel();
}

/** The props of an automatic action running the `noop` handler, with `more`. */
function noop(more: Partial<ActionProps> = {}): ActionProps {
  return { mode: "automatic", handler: "noop", ...more };
}

/** Given: one initial state `s` with a manual action `a` flowing into a finalizer `f`. */
function simple(): ModelBuilder {
  return new ModelBuilder("t", "Test")
    .state("s", "S", { initial: true })
    .action("a", "A", { mode: "manual", code: "a" })
    .finalizer("f", "End")
    .flow("a", "f");
}

/** `simple()` whose line a → f holds only when `done`: a may lead on to other nodes (else `action.ended-first`). */
function branching(): ModelBuilder {
  return new ModelBuilder("t", "Test")
    .state("s", "S", { initial: true })
    .action("a", "A", { mode: "manual", code: "a" })
    .finalizer("f", "End")
    .flow("a", "f", { condition: "done = true" });
}

function edit(model: ProcessModel, change: (m: ProcessModel) => void): ProcessModel {
  const copy = JSON.parse(JSON.stringify(model)) as ProcessModel;
  change(copy);
  return copy;
}

function codes(problems: Problem[]): string[] {
  return problems.map((p) => p.code);
}

interface Case {
  /** Given this model, validation reports the code (on `elements`, when given). */
  failing: () => unknown;
  elements?: string[];
  /** A close variant that is clean: no problem at all. */
  passing: () => unknown;
}

const cases: Record<Exclude<ProblemCode, "internal.error">, Case> = {
  "json.syntax": {
    failing: () => '{"formatVersion": 1, "key": ',
    passing: () => JSON.stringify(simple().build()),
  },
  "format.version": {
    failing: () => ({ ...simple().build(), formatVersion: 7 }),
    passing: () => simple().build(),
  },
  "schema.invalid": {
    failing: () => edit(simple().toModel(), (m) => Object.assign(m.nodes[0] as object, { maxOccurs: -1 })),
    elements: ["a"],
    passing: () => edit(simple().toModel(), (m) => Object.assign(m.nodes[0] as object, { maxOccurs: 3 })),
  },
  "node.unknown-kind": {
    failing: () => edit(simple().toModel(), (m) => Object.assign(m.nodes[1] as object, { kind: "xor" })),
    elements: ["f"],
    passing: () => simple().toModel(),
  },
  "line.unknown-kind": {
    failing: () => edit(simple().toModel(), (m) => Object.assign(m.lines[0] as object, { kind: "dashed" })),
    elements: ["flow:a->f"],
    passing: () => simple().toModel(),
  },
  "id.duplicate": {
    failing: () =>
      edit(simple().action("b", "B", { mode: "manual" }).flow("b", "f").toModel(), (m) =>
        Object.assign(m.nodes[2] as object, { id: "a" }),
      ),
    elements: ["a"],
    passing: () => simple().action("b", "B", { mode: "manual" }).flow("b", "f").toModel(),
  },
  "ref.duplicate": {
    failing: () => edit(simple().toModel(), (m) => Object.assign(m.nodes[1] as object, { ref: "r.a" })),
    elements: ["a", "f"],
    passing: () => simple().toModel(),
  },
  "code.duplicate": {
    failing: () => simple().action("b", "B", { mode: "manual", code: "a" }).flow("b", "f").toModel(),
    elements: ["a", "b"],
    passing: () => simple().action("b", "B", { mode: "manual", code: "b" }).flow("b", "f").toModel(),
  },
  "reference.dangling": {
    failing: () => simple().transition("a", "nowhere").toModel(),
    elements: ["go:a->nowhere"],
    passing: () => simple().transition("a", "s").toModel(),
  },
  "schedule.duplicate": {
    failing: () => ({
      ...simple().toModel(),
      schedules: [
        { id: "daily", cron: "0 9 * * *", timezone: "UTC", missed: "skip" as const },
        { id: "daily", cron: "0 18 * * *", timezone: "UTC", missed: "skip" as const },
      ],
    }),
    elements: ["daily"],
    passing: () => ({
      ...simple().toModel(),
      schedules: [
        { id: "daily", cron: "0 9 * * *", timezone: "UTC", missed: "skip" as const },
        { id: "evening", cron: "0 18 * * *", timezone: "UTC", missed: "skip" as const },
      ],
    }),
  },
  "diagram.dangling": {
    failing: () =>
      edit(simple().toModel(), (m) => (m.diagram.nodes["ghost"] = { x: 0, y: 0, width: 10, height: 10 })),
    elements: ["ghost"],
    passing: () =>
      edit(simple().toModel(), (m) => (m.diagram.nodes["a"] = { x: 0, y: 0, width: 10, height: 10 })),
  },
  "line.across-states": {
    failing: () =>
      simple()
        .transition("a", "t")
        .state("t", "T")
        .action("c", "C", { mode: "manual" })
        .finalizer("g", "G")
        .flows("c->g", "a->c")
        .toModel(),
    elements: ["flow:a->c"],
    passing: () =>
      simple()
        .transition("a", "t")
        .state("t", "T")
        .action("c", "C", { mode: "manual" })
        .finalizer("g", "G")
        .flow("c", "g")
        .toModel(),
  },
  "line.self": {
    failing: () => simple().limit("a", "a").toModel(),
    elements: ["limit:a->a"],
    passing: () => simple().toModel(),
  },
  "line.duplicate": {
    failing: () =>
      edit(simple().toModel(), (m) =>
        m.lines.push({ ...(m.lines[0] as ProcessModel["lines"][number]), id: "dup", ref: "r.dup" }),
      ),
    elements: ["flow:a->f", "dup"],
    passing: () =>
      branching()
        .action("b", "B", noop({ retry: { maxAttempts: 2, backoff: { initial: "PT1S" } } }))
        .flows("a->b->f")
        .flow("b", "f", { on: "failed" })
        .toModel(),
  },
  "line.from-finalizer": {
    failing: () => simple().action("b", "B", { mode: "manual" }).flow("f", "b").toModel(),
    elements: ["flow:f->b"],
    passing: () => branching().action("b", "B", { mode: "manual" }).flow("a", "b").toModel(),
  },
  "line.failure-from-control": {
    failing: () =>
      simple()
        .or("o", "O")
        .action("b", "B", { mode: "manual" })
        .flow("a", "o")
        .flow("o", "b", { on: "failed" })
        .flow("b", "f")
        .toModel(),
    elements: ["fail:o->b"],
    passing: () =>
      simple().action("b", "B", { mode: "manual" }).flow("a", "b", { on: "failed" }).flow("b", "f").toModel(),
  },
  "state.initial-count": {
    failing: () =>
      new ModelBuilder("t", "T")
        .state("s", "S")
        .action("a", "A", { mode: "manual" })
        .finalizer("f", "F")
        .flow("a", "f")
        .toModel(),
    passing: () => simple().toModel(),
  },
  "state.unreachable": {
    failing: () => simple().state("t", "Island").finalizer("g", "G").toModel(),
    elements: ["t"],
    passing: () => simple().transition("a", "t").state("t", "Island").finalizer("g", "G").toModel(),
  },
  "state.no-end": {
    failing: () =>
      new ModelBuilder("t", "T")
        .state("s", "S", { initial: true })
        .action("a", "A", { mode: "manual", maxOccurs: 0 })
        .toModel(),
    elements: ["s"],
    passing: () => simple().toModel(),
  },
  "transition.from-non-action": {
    failing: () => simple().or("o", "O").flow("a", "o").transition("o", "s").toModel(),
    elements: ["go:o->s"],
    passing: () => simple().transition("a", "s").toModel(),
  },
  "action.no-handler": {
    failing: () => simple().action("b", "B", { mode: "automatic" }).flow("a", "b").flow("b", "f").toModel(),
    elements: ["b"],
    passing: () => branching().action("b", "B", noop()).flows("a->b->f").toModel(),
  },
  "action.handler-on-manual": {
    failing: () =>
      simple().action("b", "B", { mode: "manual", handler: "noop" }).flow("a", "b").flow("b", "f").toModel(),
    elements: ["b"],
    passing: () => branching().action("b", "B", { mode: "manual" }).flow("a", "b").flow("b", "f").toModel(),
  },
  "action.unbounded-repeat": {
    failing: () =>
      simple()
        .action("poll", "Poll", { mode: "automatic", handler: "http", maxOccurs: 0 })
        .flow("a", "poll")
        .toModel(),
    elements: ["poll"],
    passing: () =>
      branching()
        .action("poll", "Poll", { mode: "automatic", handler: "http", maxOccurs: 0, delay: "PT5M" })
        .flow("a", "poll")
        .toModel(),
  },
  "cycle.unbounded": {
    failing: () =>
      simple()
        .action("x", "X", noop())
        .action("y", "Y", noop())
        .or("o", "Loop")
        .flows("a->o->x->y->o")
        .toModel(),
    elements: ["o", "x", "y"],
    passing: () =>
      branching()
        .action("x", "X", noop())
        .action("y", "Y", noop({ delay: "PT1H" }))
        .or("o", "Loop")
        .flows("a->o->x->y->o")
        .toModel(),
  },
  "cycle.conditional": {
    failing: () =>
      new ModelBuilder("t", "T")
        .state("s", "S", { initial: true })
        .action("check", "Check", { mode: "automatic", handler: "http", output: { done: "result.done" } })
        .finalizer("f", "Done")
        .flow("check", "f", { condition: "done = true" })
        .transition("check", "s", { condition: "done = false" })
        .toModel(),
    elements: ["check"],
    passing: () =>
      new ModelBuilder("t", "T")
        .state("s", "S", { initial: true })
        .action("check", "Check", {
          mode: "automatic",
          handler: "http",
          delay: "PT10M",
          output: { done: "result.done" },
        })
        .finalizer("f", "Done")
        .flow("check", "f", { condition: "done = true" })
        .transition("check", "s", { condition: "done = false" })
        .toModel(),
  },
  "singleton.no-identifier": {
    failing: () =>
      simple()
        .action("login", "Login", {
          mode: "manual",
          singleton: true,
          captures: [{ name: "userId", from: "output", path: "result.userId" }],
        })
        .flow("login", "f")
        .toModel(),
    elements: ["login"],
    passing: () =>
      simple()
        .action("login", "Login", {
          mode: "manual",
          singleton: true,
          captures: [{ name: "userId", from: "output", path: "result.userId", identifier: true }],
        })
        .flow("login", "f")
        .toModel(),
  },
  "capture.duplicate-name": {
    failing: () => capturesIdAnd("id"),
    elements: ["b"],
    passing: () => capturesIdAnd("newId"),
  },
  "personal.unknown": {
    failing: () => ({
      ...actionB({ mode: "manual", output: { customer: "result" } }),
      personal: ["custmer.email"],
    }),
    passing: () => ({
      ...actionB({
        mode: "manual",
        output: { customer: "result" },
        captures: [{ name: "iban", from: "input", path: "iban", identifier: true }],
        form: { type: "object", properties: { phone: { type: "string" } } },
      }),
      personal: ["customer.email", "iban", "phone", "$businessKey"],
    }),
  },
  "feel.syntax": {
    failing: () => conditionalB(simple(), "amount > "),
    elements: ["flow:a->b"],
    passing: () => conditionalB(branching(), "amount > 100"),
  },
  "migration.incoming-lines": {
    failing: () =>
      simple()
        .action("m", "Migrate", noop({ migration: {} }))
        .flows("a->m->f")
        .toModel(),
    elements: ["m", "flow:a->m"],
    passing: () =>
      simple()
        .action("m", "Migrate", noop({ migration: { sourceVersions: { include: [1, 2] } } }))
        .flow("m", "f")
        .toModel(),
  },
  "node.never-armed": {
    failing: () => simple().manual("b", "c").flows("f->b->c->f").toModel(),
    elements: ["c"],
    passing: () => branching().manual("b", "c").flows("a->b->c->f").toModel(),
  },
  "finalizer.fires-at-entry": {
    failing: () =>
      new ModelBuilder("t", "T")
        .state("s", "S", { initial: true })
        .action("a", "A", { mode: "manual" })
        .finalizer("f", "End")
        .toModel(),
    elements: ["f", "s"],
    passing: () => simple().toModel(),
  },
  "action.ended-first": {
    failing: () =>
      simple().action("b", "B", { mode: "manual" }).finalizer("g", "Other end").flows("a->b->g").toModel(),
    elements: ["b", "a", "f"],
    passing: () =>
      simple().action("b", "B", { mode: "manual" }).finalizer("g", "Other end").flow("b", "g").toModel(),
  },
  "join.fires-at-entry": {
    failing: () =>
      simple().action("b", "B", { mode: "manual" }).or("o", "Or").flow("o", "b").flow("b", "f").toModel(),
    elements: ["o"],
    passing: () => branching().action("b", "B", { mode: "manual" }).flow("a", "b").flow("b", "f").toModel(),
  },
  "and.waits-on-dead": {
    failing: () =>
      new ModelBuilder("t", "T")
        .state("s", "S", { initial: true })
        .manual("b", "d")
        .or("choice", "Choice")
        .and("both", "Both")
        .finalizer("f", "End")
        .flows("b->choice", "d->choice", "b->both", "d->both->f", "choice->f")
        .toModel(),
    elements: ["both", "b", "d", "choice"],
    passing: () =>
      new ModelBuilder("t", "T")
        .state("s", "S", { initial: true })
        .manual("b", "d")
        .and("both", "Both")
        .finalizer("f", "End")
        .flows("b->both", "d->both->f")
        .toModel(),
  },
  "join.single-incoming": {
    failing: () => simple().or("o", "O").action("c", "C", { mode: "manual" }).flows("a->o->c->f").toModel(),
    elements: ["o"],
    passing: () =>
      simple()
        .action("b", "B", { mode: "manual" })
        .or("o", "O")
        .action("c", "C", { mode: "manual" })
        .flows("a->o", "b->o->c->f")
        .toModel(),
  },
  "limit.upstream-target": {
    failing: () =>
      simple().action("b", "B", { mode: "manual" }).flow("a", "b").flow("b", "f").limit("b", "a").toModel(),
    elements: ["limit:b->a"],
    passing: () =>
      simple()
        .action("remind", "Remind", noop({ delay: "P1D", maxOccurs: 3 }))
        .limit("remind", "a")
        .toModel(),
  },
  "limit.closes-at-open": {
    failing: () =>
      new ModelBuilder("t", "T")
        .state("s", "S", { initial: true })
        .manual("start", "task")
        .action("timeout", "Timeout", noop())
        .finalizer("f", "End")
        .flows("start->task", "start->timeout")
        .limit("task", "timeout")
        .flows("task->f", "timeout->f")
        .toModel(),
    elements: ["limit:task->timeout"],
    passing: () =>
      new ModelBuilder("t", "T")
        .state("s", "S", { initial: true })
        .manual("start", "task")
        .action("timeout", "Timeout", noop({ delay: "P3D" }))
        .finalizer("f", "End")
        .flows("start->task", "start->timeout")
        .limit("task", "timeout")
        .flows("task->f", "timeout->f")
        .toModel(),
  },
  "not.always-blocked": {
    failing: () => simple().manual("b", "c").flows("a->b->c").not("a", "c").toModel(),
    elements: ["not:a->c"],
    passing: () => simple().manual("b", "c").flow("b", "c").not("a", "c").toModel(),
  },
  "not.blocks-all-finalizers": {
    failing: () => simple().not("a", "f").toModel(),
    elements: ["not:a->f", "f"],
    passing: () =>
      simple()
        .action("cancel", "Cancel", { mode: "manual" })
        .finalizer("g", "Cancelled")
        .flow("cancel", "g")
        .not("cancel", "f")
        .toModel(),
  },
};

describe("validateModel: every problem code has a failing and a passing model", () => {
  it("covers every code", () => {
    expect(Object.keys(cases).sort()).toEqual(
      Object.keys(problemCodes)
        .filter((c) => c !== "internal.error")
        .sort(),
    );
  });

  describe.each(Object.entries(cases))("%s", (code, { failing, passing, elements }) => {
    it("is reported for the failing model", () => {
      const problems = validateModel(failing());
      const found = problems.filter((p) => p.code === code);
      expect(found.length, JSON.stringify(problems, null, 2)).toBeGreaterThan(0);
      for (const p of found) {
        expect(p.severity).toBe(problemCodes[code as ProblemCode].severity);
        expect(p.message.length).toBeGreaterThan(10);
        expect(p.hint.length).toBeGreaterThan(10);
      }
      if (elements) expect(found.flatMap((p) => p.elementIds)).toEqual(expect.arrayContaining(elements));
    });

    it("is not reported for the passing model, which is clean", () => {
      expect(validateModel(passing())).toEqual([]);
    });
  });
});

describe("validateModel details", () => {
  it("gives the position of a FEEL error in the message and in location", () => {
    const model = simple()
      .action("b", "B", { mode: "manual", output: { total: "result.amount * (1 + " } })
      .flows("a->b->f")
      .toModel();
    const [problem] = validateModel(model);
    expect(problem).toMatchObject({
      code: "feel.syntax",
      elementIds: ["b"],
      path: ["nodes", 2, "output", "total"],
      location: { from: 21, to: 21 },
    });
    expect(problem?.message).toContain("position 21");
  });

  it("reports no initial and several initial states distinctly", () => {
    const two = simple().state("t", "T", { initial: true }).finalizer("g", "G").toModel();
    expect(validateModel(two).filter((p) => p.code === "state.initial-count")).toEqual([
      expect.objectContaining({ elementIds: ["s", "t"] }),
    ]);
  });

  it("reports a dangling node state, line endpoint and calendar with their paths", () => {
    const model = edit(simple().toModel(), (m) => {
      Object.assign(m.nodes[0] as object, { calendar: "office" });
      Object.assign(m.lines[0] as object, { to: "gone" });
    });
    const dangling = validateModel(model).filter((p) => p.code === "reference.dangling");
    expect(dangling.map((p) => p.path)).toEqual([
      ["nodes", 0, "calendar"],
      ["lines", 0, "to"],
    ]);
  });

  it("does not flag a state entered only by migration as unreachable", () => {
    const model = simple()
      .state("legacy", "Legacy")
      .action("m", "Fix up", noop({ migration: {} }))
      .finalizer("g", "G")
      .flow("m", "g")
      .toModel();
    expect(validateModel(model)).toEqual([]);
  });

  it("explains a node that only its own loop reaches", () => {
    const model = simple().manual("x", "y").flows("x->y->x").toModel();
    const never = validateModel(model).filter((p) => p.code === "node.never-armed");
    expect(never.map((p) => p.elementIds[0])).toEqual(["x", "y"]);
    expect(never[0]?.message).toContain("only reached from its own loop");
  });

  it("accepts the loop validate → fix → validate through an or loop head", () => {
    const model = new ModelBuilder("t", "T")
      .state("s", "S", { initial: true })
      .action("start", "Start", { mode: "manual" })
      .or("attempt", "Attempt")
      .action("validate", "Validate", noop({ output: { ok: "result.ok" } }))
      .action("fix", "Fix", { mode: "manual" })
      .finalizer("f", "Done")
      .flows("start->attempt", "fix->attempt->validate")
      .flow("validate", "fix", { condition: "ok = false" })
      .flow("validate", "f", { condition: "ok = true" })
      .toModel();
    expect(validateModel(model)).toEqual([]);
  });

  it("does not treat an automatic action closed at once by an or as unbounded", () => {
    const model = simple()
      .action("b", "B", { mode: "manual" })
      .action("tick", "Tick", noop({ maxOccurs: 0 }))
      .or("o", "O")
      .flows("a->tick->o", "b->o->f")
      .toModel();
    expect(codes(validateModel(model))).not.toContain("action.unbounded-repeat");
  });

  it("reports an and fed by a failure flow from a control node as waiting on the dead", () => {
    const model = simple()
      .or("o", "O")
      .and("both", "Both")
      .action("b", "B", { mode: "manual" })
      .flows("a->o", "b->o")
      .flow("o", "both", { on: "failed" })
      .flows("b->both->f")
      .toModel();
    expect(codes(validateModel(model))).toEqual(
      expect.arrayContaining(["line.failure-from-control", "and.waits-on-dead"]),
    );
  });

  it("returns schema problems alone when the document does not match the format", () => {
    const problems = validateModel({ formatVersion: 1, key: "k", name: "n", states: [{ id: "s" }] });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.code === "schema.invalid")).toBe(true);
    expect(problems[0]?.elementIds).toEqual(["s"]);
  });
});
