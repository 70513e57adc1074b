/**
 * The wizard's "can continue" rules: what still keeps the operator on a step. An empty list means
 * the step is complete. The runtime enforces the same rules (it refuses an unmapped plan); these
 * let the wizard say so before anything is sent.
 */
import type { MigrationDraft } from "./MigrationDraft";
import { missingChoices } from "./mappingRows";
import type { SourceProposal } from "./mappingRows";
import { variableChangeProblems } from "./variableChangeProblems";
import { stepIndex } from "./wizardSteps";
import type { WizardStep } from "./wizardSteps";

/** What the wizard has learnt from the runtime so far (undefined: not loaded yet). */
export interface WizardFacts {
  proposals?: readonly SourceProposal[];
  /** Instances the plan selects right now (the live count). */
  instanceCount?: number;
  /** The dry run of the current plan was shown without a refusal. */
  dryRunShown?: boolean;
}

export function stepBlockers(step: WizardStep, draft: MigrationDraft, facts: WizardFacts = {}): string[] {
  switch (step) {
    case "versions": {
      const out: string[] = [];
      if (draft.sourceVersionIds.length === 0) out.push("Choose at least one source version");
      if (draft.targetVersionId === null) out.push("Choose the target version");
      else if (draft.sourceVersionIds.includes(draft.targetVersionId))
        out.push("The target version cannot also be a source version");
      return out;
    }
    case "mapping":
      if (!facts.proposals) return ["Loading the proposed mapping…"];
      return missingChoices(facts.proposals, draft.choices).map(
        (m) =>
          `State "${m.name}" of v${m.number} has ${m.running} running instance${m.running === 1 ? "" : "s"} and no target: choose one`,
      );
    case "variables":
      return variableChangeProblems(draft.variableChanges).map(
        (p) => `Variable change ${p.index + 1}: ${p.message}`,
      );
    case "instances":
      if (facts.instanceCount === undefined) return ["Counting the selected instances…"];
      return facts.instanceCount === 0 ? ["No running instance matches the selection"] : [];
    case "dryRun":
      return facts.dryRunShown ? [] : ["The dry run has not been shown yet"];
  }
}

/**
 * The step a reload may open: the requested one unless an earlier step is incomplete by what the
 * draft alone says (versions, variable changes); the mapping is checked again on its own step and
 * by the runtime.
 */
export function reachableStep(requested: WizardStep, draft: MigrationDraft): WizardStep {
  for (const step of ["versions", "variables"] as const) {
    if (stepIndex(requested) > stepIndex(step) && stepBlockers(step, draft).length > 0) return step;
  }
  return requested;
}
