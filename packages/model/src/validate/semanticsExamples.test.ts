import { describe, expect, it } from "vitest";
import { ModelBuilder } from "../builder/ModelBuilder";
import { validateModel } from "./validateModel";

/** The worked examples of the semantics draft (§3) are models an analyst draws: all lint clean. */
function state(): ModelBuilder {
  return new ModelBuilder("example", "Example").state("s", "S", { initial: true });
}

/** A leads to B and to D, which join at the gate `kind` (its id too) before C. */
function joinBeforeC(kind: "or" | "and", name: string): ModelBuilder {
  const steps = state().manual("A", "B", "C", "D");
  return steps[kind](kind, name)
    .finalizer("end", "End")
    .flows("A->B", "A->D", `B->${kind}`, `D->${kind}->C->end`);
}

const examples: Record<string, () => ModelBuilder> = {
  "A → B → C: sequential": () => state().manual("A", "B", "C").finalizer("end", "End").flows("A->B->C->end"),
  "A → B, A → D, B → C, D → C: C after B or D": () =>
    state().manual("A", "B", "C", "D").finalizer("end", "End").flows("A->B", "A->D", "B->C", "D->C->end"),
  "B → or, D → or, or → C: forced choice": () => joinBeforeC("or", "Choice"),
  "and: parallel join": () => joinBeforeC("and", "All"),
  "finalizer with compensation after a failure flow": () =>
    state()
      .action("charge", "Charge", { mode: "automatic", handler: "http", compensation: { handler: "refund" } })
      .finalizer("ok", "Done")
      .finalizer("undo", "Rolled back", { outcome: "failed", compensate: true })
      .flow("charge", "ok")
      .flow("charge", "undo", { on: "failed" }),
  "validate → fix → validate: a loop re-arms validate": () =>
    state()
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
      .flow("validate", "end", { condition: "valid = true" }),
  "reminder with a limit line remind ⇢ pay": () =>
    state()
      .action("invoice", "Send invoice", { mode: "automatic", handler: "http" })
      .action("remind", "Remind", { mode: "automatic", handler: "http", delay: "P7D", maxOccurs: 3 })
      .action("pay", "Pay", { mode: "manual", code: "invoice.paid" })
      .finalizer("end", "Paid")
      .flows("invoice->remind", "invoice->pay")
      .limit("remind", "pay")
      .flow("pay", "end"),
  "human task with expiry: task → or, expire (automatic, P90D) → or": () =>
    state()
      .action("task", "Task", { mode: "manual" })
      .action("expire", "Expire", { mode: "automatic", handler: "noop", delay: "P90D" })
      .or("or", "Done or expired")
      .finalizer("end", "End")
      .flows("task->or", "expire->or->end"),
  "SLA breach while waiting: slaBreached (PT4H) ⇢ callback": () =>
    state()
      .action("call", "Call", { mode: "automatic", handler: "http" })
      .action("callback", "Callback", { mode: "manual", code: "cb" })
      .action("slaBreached", "SLA breached", { mode: "automatic", handler: "noop", delay: "PT4H" })
      .finalizer("end", "End")
      .flows("call->callback", "call->slaBreached")
      .limit("slaBreached", "callback")
      .flow("callback", "end"),
  "a transition to the own state re-enters it (loop across state instances)": () =>
    state()
      .action("try", "Try", { mode: "manual", output: { ok: "result.ok" } })
      .transition("try", "s", { condition: "ok = false", order: 1 })
      .transition("try", "done", { condition: "ok = true", order: 0 })
      .state("done", "Done")
      .finalizer("end", "End"),
};

describe("worked examples of the unlock rule validate clean", () => {
  it.each(Object.entries(examples))("%s", (_name, build) => {
    expect(validateModel(build().toModel())).toEqual([]);
  });
});
