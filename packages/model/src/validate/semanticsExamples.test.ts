import { describe, expect, it } from "vitest";
import { ModelBuilder } from "../builder/ModelBuilder";
import { validateModel } from "./validateModel";

/** The worked examples of the semantics draft (§3) are models an analyst draws: all lint clean. */
function state(): ModelBuilder {
  return new ModelBuilder("example", "Example").state("s", "S", { initial: true });
}

const examples: [name: string, build: () => ModelBuilder][] = [
  [
    "A → B → C: sequential",
    () => {
      const m = state().manual("A", "B", "C").finalizer("end", "End");
      m.flow("A", "B").flow("B", "C").flow("C", "end");
      return m;
    },
  ],
  [
    "A → B, A → D, B → C, D → C: C after B or D",
    () => {
      const m = state();
      for (const id of ["A", "B", "C", "D"]) m.action(id, id, { mode: "manual" });
      m.finalizer("end", "End").flow("A", "B").flow("A", "D").flow("B", "C").flow("D", "C").flow("C", "end");
      return m;
    },
  ],
  [
    "B → or, D → or, or → C: forced choice",
    () => {
      const m = state();
      for (const id of ["A", "B", "C", "D"]) m.action(id, id, { mode: "manual" });
      m.or("or", "Choice").finalizer("end", "End").flows("A->B", "A->D", "B->or", "D->or->C->end");
      return m;
    },
  ],
  [
    "and: parallel join",
    () => {
      const m = state();
      for (const id of ["A", "B", "D", "C"]) m.action(id, id, { mode: "manual" });
      m.and("and", "All").finalizer("end", "End").flows("A->B", "A->D", "B->and", "D->and->C->end");
      return m;
    },
  ],
  [
    "finalizer with compensation after a failure flow",
    () => {
      const m = state()
        .action("charge", "Charge", {
          mode: "automatic",
          handler: "http",
          compensation: { handler: "refund" },
        })
        .finalizer("ok", "Done")
        .finalizer("undo", "Rolled back", { outcome: "failed", compensate: true })
        .flow("charge", "ok")
        .flow("charge", "undo", { on: "failed" });
      return m;
    },
  ],
  [
    "validate → fix → validate: a loop re-arms validate",
    () => {
      const m = state()
        .action("submit", "Submit", { mode: "manual" })
        .or("again", "Validate again")
        .action("validate", "Validate", {
          mode: "automatic",
          handler: "noop",
          output: { valid: "result.valid" },
        })
        .action("fix", "Fix", { mode: "manual" })
        .finalizer("end", "End")
        .flows("submit->again", "fix->again->validate")
        .flow("validate", "fix", { condition: "valid = false" })
        .flow("validate", "end", { condition: "valid = true" });
      return m;
    },
  ],
  [
    "reminder with a limit line remind ⇢ pay",
    () => {
      const m = state()
        .action("invoice", "Send invoice", { mode: "automatic", handler: "http" })
        .action("remind", "Remind", { mode: "automatic", handler: "http", delay: "P7D", maxOccurs: 3 })
        .action("pay", "Pay", { mode: "manual", code: "invoice.paid" })
        .finalizer("end", "Paid")
        .flows("invoice->remind", "invoice->pay")
        .limit("remind", "pay")
        .flow("pay", "end");
      return m;
    },
  ],
  [
    "human task with expiry: task → or, expire (automatic, P90D) → or",
    () => {
      const m = state()
        .action("task", "Task", { mode: "manual" })
        .action("expire", "Expire", { mode: "automatic", handler: "noop", delay: "P90D" })
        .or("or", "Done or expired")
        .finalizer("end", "End")
        .flows("task->or", "expire->or->end");
      return m;
    },
  ],
  [
    "SLA breach while waiting: slaBreached (PT4H) ⇢ callback",
    () => {
      const m = state()
        .action("call", "Call", { mode: "automatic", handler: "http" })
        .action("callback", "Callback", { mode: "manual", code: "cb" })
        .action("slaBreached", "SLA breached", { mode: "automatic", handler: "noop", delay: "PT4H" })
        .finalizer("end", "End")
        .flows("call->callback", "call->slaBreached")
        .limit("slaBreached", "callback")
        .flow("callback", "end");
      return m;
    },
  ],
  [
    "a transition to the own state re-enters it (loop across state instances)",
    () => {
      const m = new ModelBuilder("example", "Example")
        .state("s", "S", { initial: true })
        .action("try", "Try", { mode: "manual", output: { ok: "result.ok" } })
        .transition("try", "s", { condition: "ok = false", order: 1 })
        .transition("try", "done", { condition: "ok = true", order: 0 })
        .state("done", "Done")
        .finalizer("end", "End");
      return m;
    },
  ],
];

describe("worked examples of the unlock rule validate clean", () => {
  it.each(examples)("%s", (_name, build) => {
    expect(validateModel(build().toModel())).toEqual([]);
  });
});
