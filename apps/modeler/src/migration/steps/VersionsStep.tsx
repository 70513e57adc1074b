import { useState } from "react";
import { Table } from "../../ui/Table.tsx";
import { useStore } from "zustand";
import { DiffView } from "../../editor/diff/DiffView";
import { VersionCells } from "../../ui/StatusBadge";
import type { WizardStore } from "../createWizardStore";
import type { MappingProposal, VersionRow } from "../MappingProposal";
import { stepBlockers } from "../stepBlockers";
import { useVersionModel } from "../useVersionModel";
import { WizardFooter } from "../WizardFooter";

const runnable = (status: string) => status === "published" || status === "deprecated";

/** Step 1: the source version(s) and the target version; the model diff of each source against the target. */
export function VersionsStep({
  store,
  versions,
  proposal,
  onNext,
}: {
  store: WizardStore;
  versions: VersionRow[];
  proposal: MappingProposal | null;
  onNext: () => void;
}) {
  const draft = useStore(store, (s) => s.draft);
  const toggleSource = useStore(store, (s) => s.toggleSource);
  const setTarget = useStore(store, (s) => s.setTarget);
  const [compared, setCompared] = useState<string | null>(null);
  const diffSource = draft.sourceVersionIds.includes(compared ?? "")
    ? compared
    : (draft.sourceVersionIds[0] ?? null);
  const number = (id: string) => versions.find((v) => v.id === id)?.number;
  return (
    <>
      <Table
        label="Versions"
        columns={["Version", "Status", "Running instances", "Migrate from", "Migrate to"]}
      >
        {versions.map((v) => (
          <tr key={v.id}>
            <VersionCells version={v} />
            <td>
              <input
                type="checkbox"
                aria-label={`Migrate from v${v.number}`}
                disabled={v.status === "draft" || v.id === draft.targetVersionId}
                checked={draft.sourceVersionIds.includes(v.id)}
                onChange={(e) => toggleSource(v.id, e.target.checked)}
              />
            </td>
            <td>
              <input
                type="radio"
                name="target-version"
                aria-label={`Migrate to v${v.number}`}
                disabled={!runnable(v.status)}
                checked={draft.targetVersionId === v.id}
                onChange={() => setTarget(v.id)}
              />
            </td>
          </tr>
        ))}
      </Table>
      {diffSource && draft.targetVersionId && diffSource !== draft.targetVersionId && (
        <section className="wizard-section" aria-labelledby="diff-title">
          <div className="wizard-section-head">
            <h2 id="diff-title">
              What changes from v{number(diffSource)} to v{number(draft.targetVersionId)}
            </h2>
            {draft.sourceVersionIds.length > 1 && (
              <select
                className="input"
                aria-label="Compare source version"
                value={diffSource}
                onChange={(e) => setCompared(e.target.value)}
              >
                {draft.sourceVersionIds.map((id) => (
                  <option key={id} value={id}>
                    v{number(id)}
                  </option>
                ))}
              </select>
            )}
          </div>
          {proposal && <DiffSummary proposal={proposal} sourceVersionId={diffSource} />}
          <ModelDiff
            key={`${diffSource}->${draft.targetVersionId}`}
            fromId={diffSource}
            toId={draft.targetVersionId}
          />
        </section>
      )}
      <WizardFooter blockers={stepBlockers("versions", draft)} onNext={onNext} />
    </>
  );
}

function DiffSummary({ proposal, sourceVersionId }: { proposal: MappingProposal; sourceVersionId: string }) {
  const source = proposal.sources.find((s) => s.versionId === sourceVersionId);
  if (!source) return null;
  const { states, nodes } = source.diff;
  return (
    <p className="muted" aria-label="Diff summary">
      States: {states.added.length} added, {states.changed.length} changed, {states.removed.length} removed ·
      Actions and nodes: {nodes.added.length} added, {nodes.changed.length} changed, {nodes.removed.length}{" "}
      removed · {source.runningInstances} running instance{source.runningInstances === 1 ? "" : "s"} on v
      {source.number}
    </p>
  );
}

function ModelDiff({ fromId, toId }: { fromId: string; toId: string }) {
  const from = useVersionModel(fromId);
  const to = useVersionModel(toId);
  if (from.status === "error" || to.status === "error")
    return (
      <p role="alert" className="error">
        Could not load the versions.
      </p>
    );
  if (from.status !== "ready" || to.status !== "ready" || !from.data || !to.data)
    return <p className="muted">Loading the diagrams…</p>;
  return (
    <div className="wizard-diff">
      <DiffView from={from.data} to={to.data} />
    </div>
  );
}
