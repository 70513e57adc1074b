/**
 * The migration wizard's steps, in order, and how a step is named in the URL (`?step=`), so a
 * reload keeps the step.
 */
export const WIZARD_STEPS = ["versions", "mapping", "variables", "instances", "dryRun"] as const;

export type WizardStep = (typeof WIZARD_STEPS)[number];

export const STEP_TITLES: Record<WizardStep, string> = {
  versions: "Versions",
  mapping: "State mapping",
  variables: "Variables and migration actions",
  instances: "Instances",
  dryRun: "Dry run",
};

/** The step a URL's query names; the first step when it names none or an unknown one. */
export function stepFromSearch(search: string): WizardStep {
  const name = new URLSearchParams(search).get("step");
  return WIZARD_STEPS.find((s) => s === name) ?? "versions";
}

export function stepIndex(step: WizardStep): number {
  return WIZARD_STEPS.indexOf(step);
}

export function nextStep(step: WizardStep): WizardStep | null {
  return WIZARD_STEPS[stepIndex(step) + 1] ?? null;
}

export function previousStep(step: WizardStep): WizardStep | null {
  return stepIndex(step) > 0 ? WIZARD_STEPS[stepIndex(step) - 1]! : null;
}
