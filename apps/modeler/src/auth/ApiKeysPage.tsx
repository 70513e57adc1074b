import { useState } from "react";
import { FormFooter } from "../ui/FormFooter.tsx";
import type { FormEvent } from "react";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { errorInfo } from "../api/errorInfo.ts";
import { Dialog } from "../ui/Dialog.tsx";
import { CheckOptions } from "../ui/CheckList.tsx";
import { QueryView } from "../ui/QueryView.tsx";
import type { RouterOutputs } from "../api/routerTypes.ts";

type ApiKeyRow = RouterOutputs["apiKey"]["list"][number];
type CreatedKey = RouterOutputs["apiKey"]["create"];

const when = (at: string | Date | null) => (at ? new Date(at).toLocaleString() : "—");

function scopeText(k: Pick<ApiKeyRow, "signals" | "handlers" | "processes">): string {
  const what = [
    k.signals ? "signals" : null,
    k.handlers.length ? `handlers: ${k.handlers.includes("*") ? "all" : k.handlers.join(", ")}` : null,
  ]
    .filter(Boolean)
    .join("; ");
  return `${what} · processes: ${k.processes.includes("*") ? "all" : k.processes.join(", ")}`;
}

/**
 * `/api-keys` (admins): keys for outside systems (signals, remote job workers), scoped to processes
 * and handlers. A new key is shown once; the list shows its prefix, scopes, last use and status.
 */
export function ApiKeysPage() {
  const keys = useQuery("api-keys", () => trpc.apiKey.list.query());
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revoke = async (id: string) => {
    setError(null);
    try {
      await trpc.apiKey.revoke.mutate({ id });
      setRevoking(null);
      keys.reload();
    } catch (err) {
      setError(errorInfo(err).message);
    }
  };
  return (
    <section className="page" aria-labelledby="api-keys-title">
      <div className="page-header">
        <h1 id="api-keys-title">API keys</h1>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New API key
        </button>
      </div>
      <p className="muted">
        Outside systems send signals (<code>POST /api/signals/:code</code>) and work remote jobs (
        <code>/api/jobs/*</code>) with a key in <code>Authorization: Bearer &lt;key&gt;</code>. A key only
        affects the processes it names.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <QueryView
        query={keys}
        what="the API keys"
        isEmpty={(data) => data.length === 0}
        empty="No API keys yet."
      >
        {(data) => (
          <table className="table" aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((k) => (
                <tr key={k.id}>
                  <td>
                    {k.name}
                    {k.description && <div className="muted small">{k.description}</div>}
                  </td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td className="small">{scopeText(k)}</td>
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
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      <CreateApiKeyDialog open={creating} onOpenChange={setCreating} onCreated={keys.reload} />
      <Dialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? ""}?`}
        description="Every request with this key is refused from now on. This cannot be undone."
      >
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => setRevoking(null)}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => revoking && void revoke(revoking.id)}
          >
            Revoke key
          </button>
        </div>
      </Dialog>
    </section>
  );
}

function CreateApiKeyDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: () => void;
}) {
  const processes = useQuery(`api-key-processes-${open}`, () =>
    open ? trpc.process.list.query() : Promise.resolve([]),
  );
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [allProcesses, setAllProcesses] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [signals, setSignals] = useState(true);
  const [handlers, setHandlers] = useState("");
  const [expires, setExpires] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [copied, setCopied] = useState(false);

  const reset = () => {
    setName("");
    setDescription("");
    setAllProcesses(false);
    setChosen([]);
    setSignals(true);
    setHandlers("");
    setExpires("");
    setError(null);
    setCreated(null);
    setCopied(false);
  };
  const close = (next: boolean) => {
    if (!next) reset();
    onOpenChange(next);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const key = await trpc.apiKey.create.mutate({
        name,
        ...(description.trim() ? { description } : {}),
        signals,
        handlers: handlers
          .split(",")
          .map((h) => h.trim())
          .filter(Boolean),
        processes: allProcesses ? ["*"] : chosen,
        ...(expires ? { expiresAt: new Date(expires) } : {}),
      });
      setCreated(key);
      onCreated();
    } catch (err) {
      setError(errorInfo(err).message);
    }
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
          <label className="field">
            <span>Key</span>
            <input
              className="input"
              readOnly
              aria-label="New API key"
              value={created.key}
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <div className="dialog-actions">
            <button
              type="button"
              className="btn"
              onClick={() => {
                void navigator.clipboard.writeText(created.key).then(
                  () => setCopied(true),
                  () => setError("could not copy: select the key and copy it by hand"),
                );
              }}
            >
              {copied ? "Copied" : "Copy key"}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => close(false)}>
              Done
            </button>
          </div>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </div>
      </Dialog>
    );
  }

  const noProcess = !allProcesses && chosen.length === 0;
  const noScope = !signals && handlers.trim() === "";
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="New API key"
      description="For an outside system: which processes it may affect, and whether it sends signals and/or works remote jobs."
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Name</span>
          <input
            className="input"
            required
            maxLength={100}
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
        </label>
        <label className="field">
          <span>Description (optional)</span>
          <input
            className="input"
            maxLength={500}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <fieldset className="fieldset">
          <legend>Processes</legend>
          <label className="field-check">
            <input
              type="checkbox"
              checked={allProcesses}
              onChange={(e) => setAllProcesses(e.target.checked)}
            />
            All processes (also those created later)
          </label>
          {!allProcesses && processes.status === "loading" && (
            <p className="muted small">Loading processes…</p>
          )}
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
                  {processes.data.find((p) => p.key === key)?.name}{" "}
                  <span className="muted small">({key})</span>
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
          <label className="field">
            <span>Work jobs of remote handlers (comma separated, * = all)</span>
            <input
              className="input"
              value={handlers}
              onChange={(e) => setHandlers(e.target.value)}
              placeholder="billing.charge, billing.refund"
            />
          </label>
        </fieldset>
        <label className="field">
          <span>Expires (optional)</span>
          <input
            className="input"
            type="datetime-local"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
          />
        </label>
        <FormFooter
          error={error}
          onCancel={() => close(false)}
          submitLabel="Create key"
          submitDisabled={noProcess || noScope || name.trim() === ""}
        />
      </form>
    </Dialog>
  );
}
