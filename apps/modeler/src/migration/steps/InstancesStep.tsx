import { useStore } from "zustand";
import { trpc } from "../../api/trpc";
import { useQuery } from "../../api/useQuery";
import { errorInfo } from "../../api/errorInfo";
import type { WizardStore } from "../createWizardStore";
import type { MappingProposal } from "../MappingProposal";
import { toPlan } from "../MigrationDraft";
import type { IdentifierPair } from "../MigrationDraft";
import { stepBlockers } from "../stepBlockers";
import { useDebounced } from "../useDebounced";
import { WizardFooter } from "../WizardFooter";

/**
 * Step 4: which running instances of the source versions to migrate — state, business key,
 * incidents, status, started between and captured identifier values — with a live count
 * (debounced). The dry run and the run send the same filter (`toPlan`).
 */
export function InstancesStep({
  store,
  processKey,
  proposal,
  onBack,
  onNext,
}: {
  store: WizardStore;
  processKey: string;
  proposal: MappingProposal | null;
  onBack: () => void;
  onNext: () => void;
}) {
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
  return (
    <>
      <section className="wizard-section" aria-labelledby="filter-title">
        <h2 id="filter-title">Select instances</h2>
        <form className="filter-row" aria-label="Instance filter" onSubmit={(e) => e.preventDefault()}>
          <label className="field">
            <span>Current state</span>
            <select
              className="input"
              value={filter.stateId ?? ""}
              onChange={(e) => setFilter({ stateId: e.target.value || undefined })}
            >
              <option value="">any state</option>
              {states.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Business key contains</span>
            <input
              className="input"
              value={filter.businessKey ?? ""}
              onChange={(e) => setFilter({ businessKey: e.target.value || undefined })}
            />
          </label>
          <label className="field">
            <span>Incidents</span>
            <select
              className="input"
              value={filter.hasIncident === undefined ? "" : String(filter.hasIncident)}
              onChange={(e) =>
                setFilter({ hasIncident: e.target.value === "" ? undefined : e.target.value === "true" })
              }
            >
              <option value="">with or without</option>
              <option value="true">with an open incident</option>
              <option value="false">without incidents</option>
            </select>
          </label>
          <label className="field">
            <span>Status</span>
            <select
              className="input"
              value={filter.status ?? ""}
              onChange={(e) =>
                setFilter({
                  status:
                    e.target.value === "running" || e.target.value === "locked" ? e.target.value : undefined,
                })
              }
            >
              <option value="">running or locked</option>
              <option value="running">running</option>
              <option value="locked">locked</option>
            </select>
          </label>
          <label className="field field-date">
            <span>Started from</span>
            <input
              className="input"
              type="datetime-local"
              value={filter.startedFrom ?? ""}
              onChange={(e) => setFilter({ startedFrom: e.target.value || undefined })}
            />
          </label>
          <label className="field field-date">
            <span>Started to</span>
            <input
              className="input"
              type="datetime-local"
              value={filter.startedTo ?? ""}
              onChange={(e) => setFilter({ startedTo: e.target.value || undefined })}
            />
          </label>
        </form>
        <fieldset className="identifier-filter">
          <legend>Captured identifier values (all must match)</legend>
          {identifiers.map((pair, i) => (
            <div key={i} className="identifier-row" role="group" aria-label={`Identifier ${i + 1}`}>
              <label className="field">
                <span>Name</span>
                <input
                  className="input"
                  value={pair.name}
                  onChange={(e) =>
                    setIdentifiers(identifiers.map((p, j) => (j === i ? { ...p, name: e.target.value } : p)))
                  }
                />
              </label>
              <span aria-hidden="true">=</span>
              <label className="field">
                <span>Value</span>
                <input
                  className="input"
                  value={pair.value}
                  onChange={(e) =>
                    setIdentifiers(identifiers.map((p, j) => (j === i ? { ...p, value: e.target.value } : p)))
                  }
                />
              </label>
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
