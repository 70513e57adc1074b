import { layoutModel } from "../diagram/layoutModel";
import type { ProcessModel } from "../schema/Process";
import { ModelBuilder } from "./ModelBuilder";

/** Size of a generated model. */
export interface GenerateOptions {
  /** Number of states (≥ 1). */
  states: number;
  /** Nodes per state (≥ 11; the rest beyond the 11 of the template are a chain of automatic steps). */
  nodesPerState: number;
}

/**
 * A large, realistic, lint-clean model for benchmarks and scale tests; deterministic (no
 * randomness). Every state repeats one template that uses every construct: a root manual action
 * with an identifier capture, an `or` loop head (validate → fix → validate), an automatic check
 * with retry, two conditional branches joined by an `and`, a reminder limited by the decision, a
 * chain of automatic enrichment steps with FEEL expressions unique per node, a cancel action with a
 * not line and a failed finalizer, and transitions to the next state and back into the same one.
 * Diagram laid out by `layoutModel`.
 */
export function generateModel(options: GenerateOptions): ProcessModel {
  const fillers = Math.max(0, options.nodesPerState - 11);
  const b = new ModelBuilder(
    "generated",
    "Generated",
    `${options.states} states × ${options.nodesPerState} nodes`,
  );
  for (let i = 0; i < options.states; i++) {
    const p = `s${i}_`;
    const id = (name: string): string => p + name;
    b.state(`s${i}`, `Stage ${i}`, { initial: i === 0 })
      .action(id("receive"), `Receive ${i}`, {
        mode: "manual",
        code: `s${i}.receive`,
        output: { amount: "result.amount", caseId: "result.caseId" },
        captures: [{ name: "caseId", from: "input", path: "caseId", identifier: true }],
      })
      .or(id("again"), "Validate again")
      .action(id("check"), `Check ${i}`, {
        mode: "automatic",
        handler: "http",
        input: { caseId: "caseId", amount: "amount" },
        output: { ok: "result.ok" },
        retry: { maxAttempts: 3, backoff: { initial: "PT10S", factor: 2 } },
      })
      .action(id("fix"), `Fix ${i}`, { mode: "manual", code: `s${i}.fix`, role: "clerk" })
      .action(id("branchA"), `Branch A ${i}`, {
        mode: "automatic",
        handler: "crm.update",
        input: { amount: "amount * 2" },
      })
      .action(id("branchB"), `Branch B ${i}`, {
        mode: "automatic",
        handler: "docs.generate",
        input: { template: `"t-${i}"` },
      })
      .and(id("joined"), "Both done")
      .action(id("remind"), `Remind ${i}`, {
        mode: "automatic",
        handler: "notify.send",
        delay: "P1D",
        maxOccurs: 3,
      })
      .action(id("decide"), `Decide ${i}`, {
        mode: "manual",
        code: `s${i}.decide`,
        output: { approved: "result.approved" },
      })
      .action(id("cancel"), `Cancel ${i}`, { mode: "manual", code: `s${i}.cancel` })
      .finalizer(id("cancelled"), "Cancelled", { outcome: "failed" })
      .flow(id("receive"), id("again"))
      .flow(id("fix"), id("again"))
      .flow(id("again"), id("check"))
      .flow(id("check"), id("fix"), { condition: "ok = false" })
      .flow(id("check"), id("branchA"), { condition: "ok = true" })
      .flow(id("check"), id("branchB"), { condition: "ok = true" })
      .flow(id("branchA"), id("joined"))
      .flow(id("branchB"), id("joined"))
      .flow(id("joined"), id("remind"))
      .limit(id("remind"), id("decide"))
      .flow(id("receive"), id("cancel"))
      .not(id("cancel"), id("decide"))
      .flow(id("cancel"), id("cancelled"));
    let previous = id("joined");
    for (let j = 0; j < fillers; j++) {
      const step = id(`enrich${j}`);
      b.action(step, `Enrich ${i}.${j}`, {
        mode: "automatic",
        handler: "setVariables",
        input: {
          [`level${j}`]: `if amount > ${i * 100 + j} then "high-${i}-${j}" else "low"`,
          total: `sum([amount, ${j}])`,
        },
        output: { [`level${j}`]: `result.level${j}` },
      }).flow(previous, step);
      previous = step;
    }
    b.flow(previous, id("decide"));
    if (i + 1 < options.states)
      b.transition(id("decide"), `s${i + 1}`, { condition: "approved = true", order: 0 });
    b.transition(id("decide"), `s${i}`, { condition: "approved = false", order: 1 });
  }
  const model = b.toModel();
  return { ...model, diagram: layoutModel(model) };
}
