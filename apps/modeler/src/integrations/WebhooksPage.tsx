import { dateTimeText } from "@flowstate/engine";
import { useEffect, useState } from "react";
import { FormDialog } from "../ui/FormDialog.tsx";
import type { CreateDialogProps, ItemDialogProps } from "../ui/FormDialog.tsx";
import { Link } from "wouter";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { useMutation } from "../api/useMutation.ts";
import { Dialog } from "../ui/Dialog.tsx";
import { useSession } from "../auth/useSession.ts";
import {
  attemptSummary,
  deliveryStatuses,
  errorExcerpt,
  mayRedeliver,
  webhookEvents,
} from "./webhookView.ts";
import type { DeliveryStatus, WebhookEvent } from "./webhookView.ts";
import "./integrations.css";
import { CheckOptions } from "../ui/CheckList.tsx";
import { useCursorStack } from "../ui/CursorPager.tsx";
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import {
  ChoiceField,
  commaList,
  OptionList,
  optionsWithNone,
  plainOptions,
  TextField,
} from "../ui/Field.tsx";
import { Page } from "../ui/Page.tsx";
import { SecretOnce } from "../ui/SecretOnce.tsx";
import { QueryTable } from "../ui/Table.tsx";
import type { RouterOutputs } from "../api/routerTypes.ts";

type Webhook = RouterOutputs["webhook"]["list"][number];

/**
 * `/webhooks`: outbound event subscriptions (operators see them and their delivery logs; admins
 * create and deactivate). The signing secret is shown once, right after creation.
 */
export function WebhooksPage() {
  const { may } = useSession();
  // The list and the open delivery log refresh every few seconds (deliveries change on their own).
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 3000);
    return () => clearInterval(timer);
  }, []);
  const hooks = useQuery(`webhooks:${tick}`, () => trpc.webhook.list.query());
  const [creating, setCreating] = useState(false);
  const [deactivating, setDeactivating] = useState<Webhook | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const chosen = hooks.status === "ready" ? hooks.data.find((h) => h.id === selected) : undefined;
  return (
    <Page
      id="webhooks-title"
      title="Webhooks"
      wide
      actions={
        may("webhook.create") && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            New webhook
          </button>
        )
      }
      intro={
        <>
          Instance lifecycle and action events POSTed to a URL, signed with HMAC-SHA256 (header{" "}
          <code>flowstate-signature</code>), retried with backoff. Each delivery&apos;s attempts are in its
          log.
        </>
      }
    >
      <QueryTable
        query={hooks}
        what="the webhooks"
        empty="No webhooks yet. Add one with “New webhook” to have instance events POSTed to your URL."
        label="Webhooks"
        columns={["URL", "Events", "Process", "Status", "Last delivery"]}
        actions="Actions"
      >
        {(h) => (
          <tr
            key={h.id}
            aria-selected={h.id === selected}
            className={h.id === selected ? "webhook-selected" : undefined}
          >
            <td className="webhook-url">
              <code>{h.url}</code>
            </td>
            <td>{h.events.join(", ")}</td>
            <td>
              {h.processKey ?? <span className="muted">any</span>}
              {h.actions.length > 0 && <div className="muted">actions: {h.actions.join(", ")}</div>}
            </td>
            <td>
              <span className={`badge ${h.active ? "badge-ok" : ""}`}>
                {h.active ? "active" : "inactive"}
              </span>
            </td>
            <td>
              {h.lastDelivery ? (
                <>
                  <DeliveryBadge status={h.lastDelivery.status} />{" "}
                  <span className="muted">{dateTimeText(h.lastDelivery.createdAt)}</span>
                </>
              ) : (
                <span className="muted">none yet</span>
              )}
            </td>
            <td>
              <div className="row">
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setSelected(h.id)}
                  aria-label={`Delivery log of ${h.url}`}
                >
                  Delivery log
                </button>
                {h.active && may("webhook.deactivate") && (
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    onClick={() => setDeactivating(h)}
                    aria-label={`Deactivate ${h.url}`}
                  >
                    Deactivate
                  </button>
                )}
              </div>
            </td>
          </tr>
        )}
      </QueryTable>
      {chosen && <DeliveryLog key={chosen.id} webhook={chosen} tick={tick} onChange={hooks.reload} />}
      <CreateWebhookDialog
        open={creating}
        onOpenChange={setCreating}
        onCreated={(id) => {
          hooks.reload();
          setSelected(id);
        }}
      />
      <DeactivateDialog webhook={deactivating} onClose={() => setDeactivating(null)} onDone={hooks.reload} />
    </Page>
  );
}

function DeliveryBadge({ status }: { status: string }) {
  return <span className={`badge delivery-${status}`}>{status}</span>;
}

const pageSize = 25;

/** One webhook's deliveries, newest first, cursor-paged, filtered by status; refreshed every few seconds. */
function DeliveryLog({
  webhook,
  tick: outerTick,
  onChange,
}: {
  webhook: Webhook;
  tick: number;
  onChange: () => void;
}) {
  const { may } = useSession();
  const [status, setStatus] = useState<DeliveryStatus | "">("");
  const pages = useCursorStack();
  const redelivery = useMutation();
  const [tick, setTick] = useState(0);
  const cursor = pages.cursor;
  const page = useQuery(`deliveries:${webhook.id}:${status}:${cursor ?? ""}:${outerTick}:${tick}`, () =>
    trpc.webhook.deliveries.query({
      webhookId: webhook.id,
      limit: pageSize,
      ...(status ? { status } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  );
  // useQuery keeps the previous answer while a refresh loads (no flicker every 3 s).
  const shown = page;
  const redeliver = async (id: string) => {
    if (await redelivery.run(() => trpc.webhook.redeliver.mutate({ deliveryId: id }))) {
      setTick((n) => n + 1);
      onChange();
    }
  };
  return (
    <section className="delivery-log" aria-labelledby="delivery-log-title">
      <div className="page-header">
        <h2 id="delivery-log-title">
          Delivery log <code className="muted">{webhook.url}</code>
        </h2>
        <div className="row">
          <label className="row">
            <span className="muted">Status</span>
            <select
              className="input input-small"
              aria-label="Delivery status"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as DeliveryStatus | "");
                pages.reset();
              }}
            >
              <OptionList options={[{ value: "", label: "any" }, ...plainOptions(deliveryStatuses)]} />
            </select>
          </label>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setTick((n) => n + 1);
              onChange();
            }}
          >
            Refresh
          </button>
        </div>
      </div>
      <ErrorAlert message={redelivery.error} />
      <QueryTable
        query={shown}
        pages={pages}
        what="the deliveries"
        empty={`No delivery${status ? ` with status ${status}` : ""}.`}
        label="Deliveries"
        columns={["Created", "Event", "Instance", "Status", "HTTP", "Attempts", "Next retry"]}
        actions="Actions"
      >
        {(d) => (
          <tr key={d.id} data-delivery={d.id}>
            <td className="muted">{dateTimeText(d.createdAt)}</td>
            <td>
              <code>{d.event}</code>
            </td>
            <td>
              <Link href={`/instances/${d.instanceId}`}>{d.instanceId.slice(0, 8)}</Link>
            </td>
            <td>
              <DeliveryBadge status={d.status} />
            </td>
            <td aria-label="HTTP status">{d.lastStatus ?? "—"}</td>
            <td>
              {d.log.length === 0 ? (
                <span className="muted">none yet</span>
              ) : (
                <details>
                  <summary>{attemptSummary(d.log.length)}</summary>
                  <ol className="attempts">
                    {d.log.map((a, i) => (
                      <li key={i}>
                        <span className="muted">{dateTimeText(a.at)}</span> · {a.status ?? "no answer"} ·{" "}
                        {a.ms} ms
                        {a.error && <div className="attempt-error">{errorExcerpt(a.error)}</div>}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
              {d.lastError && <div className="attempt-error">{errorExcerpt(d.lastError)}</div>}
            </td>
            <td className="muted">
              {d.status === "failed" || (d.status === "pending" && d.attempts === 0)
                ? dateTimeText(d.nextAttemptAt)
                : "—"}
            </td>
            <td>
              {mayRedeliver(d.status) && may("webhook.redeliver") && (
                <button type="button" className="btn btn-small" onClick={() => void redeliver(d.id)}>
                  Redeliver
                </button>
              )}
            </td>
          </tr>
        )}
      </QueryTable>
    </section>
  );
}

function CreateWebhookDialog({ open, onOpenChange, onCreated }: CreateDialogProps<[id: string]>) {
  const processes = useQuery(`processes:${open}`, () =>
    open ? trpc.process.list.query() : Promise.resolve([]),
  );
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>(["instance.started", "instance.completed"]);
  const [processKey, setProcessKey] = useState("");
  const [actions, setActions] = useState("");
  const creation = useMutation();
  const [secret, setSecret] = useState<string | null>(null);
  const close = () => {
    onOpenChange(false);
    setSecret(null);
    creation.setError(null);
  };
  const submit = async () => {
    await creation.run(async () => {
      const created = await trpc.webhook.create.mutate({
        url: url.trim(),
        events,
        ...(processKey ? { processKey } : {}),
        actions: commaList(actions),
      });
      setSecret(created.secret);
      setUrl("");
      setActions("");
      onCreated(created.id);
    });
  };
  if (secret)
    return (
      <Dialog
        open={open}
        onOpenChange={(o) => !o && close()}
        title="Webhook created"
        description="Copy the signing secret now: it is shown only this once."
      >
        <SecretOnce
          label="Signing secret"
          inputLabel="Signing secret"
          inputClassName="input secret"
          value={secret}
          copyLabel="Copy secret"
          onDone={close}
        >
          <p className="field-hint">
            Verify <code>flowstate-signature: t=…,v1=…</code> as HMAC-SHA256 of <code>t.body</code> with this
            secret (<code>verifyWebhookSignature</code> in @flowstate/client).
          </p>
        </SecretOnce>
      </Dialog>
    );
  return (
    <FormDialog
      open={open}
      onOpenChange={(o) => (o ? onOpenChange(true) : close())}
      title="New webhook"
      description="Events are POSTed as JSON to this URL, signed with a secret shown once."
      onSubmit={submit}
      error={creation.error}
      onCancel={close}
      submitLabel="Create webhook"
      submitDisabled={events.length === 0}
    >
      <TextField
        label="URL"
        required
        type="text"
        placeholder="https://example.com/hooks/flowstate"
        value={url}
        onChange={setUrl}
        autoFocus
      />
      <fieldset className="fieldset">
        <legend>Events</legend>
        <CheckOptions options={webhookEvents} selected={events} onChange={setEvents} />
      </fieldset>
      <ChoiceField
        label="Process"
        value={processKey}
        onChange={setProcessKey}
        options={optionsWithNone("Any process", processes.status === "ready" ? processes.data : [], (p) => ({
          value: p.key,
          label: `${p.name} (${p.key})`,
        }))}
      />
      <TextField
        label="Only these actions (comma separated, optional)"
        value={actions}
        onChange={setActions}
      />
    </FormDialog>
  );
}

function DeactivateDialog({ webhook, onClose, onDone }: ItemDialogProps & { webhook: Webhook | null }) {
  const deactivation = useMutation();
  const confirm = async () => {
    if (!webhook) return;
    if (await deactivation.run(() => trpc.webhook.deactivate.mutate({ id: webhook.id }))) {
      onClose();
      onDone();
    }
  };
  return (
    <ConfirmDialog
      open={webhook !== null}
      onCancel={onClose}
      onConfirm={() => void confirm()}
      title="Deactivate webhook?"
      description="No new events are recorded for it; deliveries already pending are still sent and the delivery log stays."
      confirmLabel="Deactivate"
      error={deactivation.error}
    >
      <p>
        <code>{webhook?.url}</code>
      </p>
    </ConfirmDialog>
  );
}
