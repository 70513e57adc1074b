import { useStore } from "zustand";
import { trpc } from "../../api/trpc";
import { useQuery } from "../../api/useQuery";
import { errorInfo } from "../../api/errorInfo";
import { toPlan } from "../MigrationDraft";
import type { IdentifierPair } from "../MigrationDraft";
import { stepBlockers } from "../stepBlockers";
import { useDebounced } from "../useDebounced";
import { WizardFooter } from "../WizardFooter";
import type { StepProps } from "../WizardFooter";
import { ChoiceField, optionsWithNone, TextField } from "../../ui/Field.tsx";

const startedFields = [
  { field: "startedFrom", label: "Started from" },
  { field: "startedTo", label: "Started to" },
] as const;

/**
 * Step 4: which running instances of the source versions to migrate — state, business key,
 * incidents, status, started between and captured identifier values — with a live count
 * (debounced). The dry run and the run send the same filter (`toPlan`).
 */
export function InstancesStep({ store, processKey, proposal, onBack, onNext }: StepProps) {
  const draft = useStore(store, (s) => s.draft);
  const setFilter = useStore(store, (s) => s.setFilter);
  const planKey = useDebounced(JSON.stringify(toPlan(processKey, draft)), 300);
  const count = useQuery(`count:${planKey}`, () => {
    const plan = JSON.parse(planKey) as ReturnType<typeof toPlan>;
    return plan ? trpc.migration.validatePlan.query({ plan }) : Promise.resolve(null);
  });
  const current = planKey === JSON.stringify(toPlan(processKey, draft));
  const instanceCount = count.status === "ready" && count.data && current ? count.data.instances : undefined;
  const states = proposal
    ? [...new Map(proposal.sources.flatMap((s) => s.states.map((st) => [st.id, st.name] as const))).entries()]
    : [];
  const { filter } = draft;
  const identifiers: IdentifierPair[] = filter.identifiers ?? [];
  const setIdentifiers = (next: IdentifierPair[]) =>
    setFilter({ identifiers: next.length > 0 ? next : undefined });
  const setPair = (i: number, change: Partial<IdentifierPair>) =>
    setIdentifiers(identifiers.map((p, j) => (j === i ? { ...p, ...change } : p)));
  return (
    <>
      <section className="wizard-section" aria-labelledby="filter-title">
        <h2 id="filter-title">Select instances</h2>
        <form className="filter-row" aria-label="Instance filter" onSubmit={(e) => e.preventDefault()}>
          <ChoiceField
            label="Current state"
            value={filter.stateId ?? ""}
            onChange={(v) => setFilter({ stateId: v || undefined })}
            options={optionsWithNone("any state", states, ([id, name]) => ({ value: id, label: name }))}
          />
          <TextField
            label="Business key contains"
            value={filter.businessKey ?? ""}
            onChange={(v) => setFilter({ businessKey: v || undefined })}
          />
          <ChoiceField
            label="Incidents"
            value={filter.hasIncident === undefined ? "" : String(filter.hasIncident)}
            onChange={(v) => setFilter({ hasIncident: v === "" ? undefined : v === "true" })}
            options={[
              { value: "", label: "with or without" },
              { value: "true", label: "with an open incident" },
              { value: "false", label: "without incidents" },
            ]}
          />
          <ChoiceField
            label="Status"
            value={filter.status ?? ""}
            onChange={(v) => setFilter({ status: v === "running" || v === "locked" ? v : undefined })}
            options={[
              { value: "", label: "running or locked" },
              { value: "running", label: "running" },
              { value: "locked", label: "locked" },
            ]}
          />
          {startedFields.map(({ field, label }) => (
            <TextField
              key={field}
              labelClassName="field field-date"
              label={label}
              type="datetime-local"
              value={filter[field] ?? ""}
              onChange={(v) => setFilter({ [field]: v || undefined })}
            />
          ))}
        </form>
        <fieldset className="identifier-filter">
          <legend>Captured identifier values (all must match)</legend>
          {identifiers.map((pair, i) => (
            <div key={i} className="identifier-row" role="group" aria-label={`Identifier ${i + 1}`}>
              <TextField label="Name" value={pair.name} onChange={(name) => setPair(i, { name })} />
              <span aria-hidden="true">=</span>
              <TextField label="Value" value={pair.value} onChange={(value) => setPair(i, { value })} />
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Remove identifier ${i + 1}`}
                onClick={() => setIdentifiers(identifiers.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setIdentifiers([...identifiers, { name: "", value: "" }])}
          >
            Add an identifier
          </button>
        </fieldset>
        <p className="live-count" role="status" aria-live="polite" aria-label="Selected instances">
          {instanceCount === undefined
            ? "Counting…"
            : `${instanceCount} instance${instanceCount === 1 ? "" : "s"} selected`}
        </p>
        {count.status === "error" && (
          <p role="alert" className="error">
            {errorInfo(count.error).message}
          </p>
        )}
      </section>
      <WizardFooter
        blockers={stepBlockers("instances", draft, instanceCount === undefined ? {} : { instanceCount })}
        onBack={onBack}
        onNext={onNext}
      />
    </>
  );
}
