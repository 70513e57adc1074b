import { dateTimeText } from "@flowstate/engine";
import { useState } from "react";
import { FormDialog } from "../ui/FormDialog.tsx";
import type { CreateDialogProps } from "../ui/FormDialog.tsx";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { useMutation } from "../api/useMutation.ts";
import { Dialog } from "../ui/Dialog.tsx";
import { CheckOptions } from "../ui/CheckList.tsx";
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import { commaList, TextField } from "../ui/Field.tsx";
import { Page } from "../ui/Page.tsx";
import { SecretOnce } from "../ui/SecretOnce.tsx";
import { QueryTable } from "../ui/Table.tsx";
import type { RouterOutputs } from "../api/routerTypes.ts";
import { apiScopeIds, groupScopes, keyScopeText } from "./apiKeyScopes.ts";
import type { ApiScope } from "./apiKeyScopes.ts";

type ApiKeyRow = RouterOutputs["apiKey"]["list"][number];
type CreatedKey = RouterOutputs["apiKey"]["create"];

const when = (at: string | Date | null) => (at ? dateTimeText(at) : "—");

/**
 * `/api-keys` (admins): keys for outside systems (signals, remote job workers), scoped to processes
 * and handlers. A new key is shown once; the list shows its prefix, scopes, last use and status.
 */
export function ApiKeysPage() {
  const keys = useQuery("api-keys", () => trpc.apiKey.list.query());
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const revocation = useMutation();
  const revoke = async (id: string) => {
    if (await revocation.run(() => trpc.apiKey.revoke.mutate({ id }))) {
      setRevoking(null);
      keys.reload();
    }
  };
  return (
    <Page
      id="api-keys-title"
      title="API keys"
      actions={
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New API key
        </button>
      }
      intro={
        <>
          Outside systems send signals (<code>POST /api/signals/:code</code>), work remote jobs (
          <code>/api/jobs/*</code>), read <code>/metrics</code> and use the REST API (<code>/api/v1</code>,{" "}
          <a href="/api/docs">docs</a>) with a key in <code>Authorization: Bearer &lt;key&gt;</code>. A key
          only affects the processes it names.
        </>
      }
    >
      <ErrorAlert message={revocation.error} />
      <QueryTable
        query={keys}
        what="the API keys"
        empty="No API keys yet. Create one with “New API key” for each outside system that calls Flowstate."
        label="API keys"
        columns={["Name", "Key", "Scopes", "Created", "Last used", "Status"]}
        actions="Actions"
      >
        {(k) => (
          <tr key={k.id}>
            <td>
              {k.name}
              {k.description && <div className="muted small">{k.description}</div>}
            </td>
            <td>
              <code>{k.prefix}…</code>
            </td>
            <td className="small">{keyScopeText(k)}</td>
            <td className="muted small">
              {when(k.createdAt)} by {k.createdBy}
            </td>
            <td className="muted small">{when(k.lastUsedAt)}</td>
            <td>
              <span className={k.status === "active" ? "badge badge-ok" : "badge badge-danger"}>
                {k.status}
              </span>
              {k.expiresAt && k.status === "active" && (
                <div className="muted small">expires {when(k.expiresAt)}</div>
              )}
            </td>
            <td>
              {k.status !== "revoked" && (
                <button type="button" className="btn btn-small" onClick={() => setRevoking(k)}>
                  Revoke {k.name}
                </button>
              )}
            </td>
          </tr>
        )}
      </QueryTable>
      <CreateApiKeyDialog open={creating} onOpenChange={setCreating} onCreated={keys.reload} />
      <ConfirmDialog
        open={revoking !== null}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && void revoke(revoking.id)}
        title={`Revoke ${revoking?.name ?? ""}?`}
        description="Every request with this key is refused from now on. This cannot be undone."
        confirmLabel="Revoke key"
      />
    </Page>
  );
}

function CreateApiKeyDialog({ open, onOpenChange, onCreated }: CreateDialogProps) {
  const processes = useQuery(`api-key-processes-${open}`, () =>
    open ? trpc.process.list.query() : Promise.resolve([]),
  );
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [allProcesses, setAllProcesses] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [signals, setSignals] = useState(true);
  const [handlers, setHandlers] = useState("");
  const [metrics, setMetrics] = useState(false);
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [expires, setExpires] = useState("");
  const creation = useMutation();
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const reset = () => {
    setName("");
    setDescription("");
    setAllProcesses(false);
    setChosen([]);
    setSignals(true);
    setHandlers("");
    setMetrics(false);
    setScopes([]);
    setExpires("");
    creation.setError(null);
    setCreated(null);
  };
  const close = (next: boolean) => {
    if (!next) reset();
    onOpenChange(next);
  };
  const submit = async () => {
    await creation.run(async () => {
      const key = await trpc.apiKey.create.mutate({
        name,
        ...(description.trim() ? { description } : {}),
        signals,
        handlers: commaList(handlers),
        metrics,
        scopes,
        processes: allProcesses ? ["*"] : chosen,
        ...(expires ? { expiresAt: new Date(expires) } : {}),
      });
      setCreated(key);
      onCreated();
    });
  };

  if (created) {
    return (
      <Dialog
        open={open}
        onOpenChange={close}
        title={`API key ${created.name}`}
        description="Copy the key now: it is shown only this once and cannot be shown again."
      >
        <div className="form">
          <p role="alert" className="banner banner-danger">
            Store it in the outside system&apos;s secrets. If it is lost, revoke it and create a new one.
          </p>
          <SecretOnce
            label="Key"
            inputLabel="New API key"
            value={created.key}
            copyLabel="Copy key"
            onCopyFailed={() => creation.setError("could not copy: select the key and copy it by hand")}
            onDone={() => close(false)}
          />
          <ErrorAlert message={creation.error} />
        </div>
      </Dialog>
    );
  }

  const noProcess = !allProcesses && chosen.length === 0;
  const noScope = !signals && !metrics && scopes.length === 0 && handlers.trim() === "";
  const toggleScope = (id: ApiScope, on: boolean) =>
    setScopes((now) => (on ? [...now, id] : now.filter((s) => s !== id)));
  return (
    <FormDialog
      open={open}
      onOpenChange={close}
      title="New API key"
      description="For an outside system: which processes it may affect, and what it may do: send signals, work remote jobs, read metrics, use the REST API."
      onSubmit={submit}
      error={creation.error}
      onCancel={() => close(false)}
      submitLabel="Create key"
      submitDisabled={noProcess || noScope || name.trim() === ""}
    >
      <TextField
        label="Name"
        required
        maxLength={100}
        autoComplete="off"
        value={name}
        onChange={setName}
        autoFocus
      />
      <TextField
        label="Description (optional)"
        maxLength={500}
        value={description}
        onChange={setDescription}
      />
      <fieldset className="fieldset">
        <legend>Processes</legend>
        <label className="field-check">
          <input type="checkbox" checked={allProcesses} onChange={(e) => setAllProcesses(e.target.checked)} />
          All processes (also those created later)
        </label>
        {!allProcesses && processes.status === "loading" && <p className="muted small">Loading processes…</p>}
        {!allProcesses && processes.status === "error" && (
          <p className="error">Could not load the processes: {processes.error.message}</p>
        )}
        {!allProcesses && processes.status === "ready" && (
          <CheckOptions
            options={processes.data.map((p) => p.key)}
            selected={chosen}
            onChange={setChosen}
            label={(key) => (
              <>
                {processes.data.find((p) => p.key === key)?.name} <span className="muted small">({key})</span>
              </>
            )}
          />
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>May</legend>
        <label className="field-check">
          <input type="checkbox" checked={signals} onChange={(e) => setSignals(e.target.checked)} />
          Send signals
        </label>
        <TextField
          label="Work jobs of remote handlers (comma separated, * = all)"
          value={handlers}
          onChange={setHandlers}
          placeholder="billing.charge, billing.refund"
        />
        <label className="field-check">
          <input type="checkbox" checked={metrics} onChange={(e) => setMetrics(e.target.checked)} />
          Read metrics at <code>/metrics</code> (Prometheus)
        </label>
        {noScope && (
          <p className="field-hint">
            Choose at least one: signals, remote handlers, metrics or a REST API scope.
          </p>
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>REST API (/api/v1)</legend>
        <div className="scope-grid" role="group" aria-label="REST API scopes">
          {groupScopes(apiScopeIds).map((group) => (
            <div className="scope-row" key={group.resource}>
              <span>{group.label}</span>
              {group.scopes.map((scope) => (
                <label className="field-check" key={scope.id}>
                  <input
                    type="checkbox"
                    aria-label={`${group.label}: ${scope.access}`}
                    checked={scopes.includes(scope.id as ApiScope)}
                    onChange={(e) => toggleScope(scope.id as ApiScope, e.target.checked)}
                  />
                  {scope.label}
                </label>
              ))}
            </div>
          ))}
        </div>
      </fieldset>
      <TextField label="Expires (optional)" type="datetime-local" value={expires} onChange={setExpires} />
    </FormDialog>
  );
}
