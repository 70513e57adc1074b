import { z } from "zod";
import { defineHandler, FinalFailure } from "../handlers/defineHandler.ts";
import type { HandlerDefinition } from "../handlers/defineHandler.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { deliverSignal } from "../instances/deliverSignal.ts";

/**
 * Handlers that imitate the outside systems of the seed processes (CRM, LC, RPA, document
 * service, DSP signing, ServiceNow, billing/reports, customers/subscriptions), so the demo is a
 * live system. Outcomes are deterministic per case (a hash of the case id), so the demo always
 * shows a mix of happy paths, retries, incidents and loops. Systems that answer later
 * (RPA, documents, DSP, reports) send their reply as a signal a few seconds afterwards, the way a
 * real integration would call `POST /api/signals/:code`.
 */
function score(text: unknown): number {
  let h = 2166136261;
  for (const ch of String(text ?? "")) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 100;
}

const anyInput = z.record(z.string(), z.unknown()).default({});
const replyDelayMs = Number(process.env.FLOWSTATE_DEMO_REPLY_MS ?? 4000);

export function demoHandlers(rt: Runtime): HandlerDefinition[] {
  const later = (code: string, identifiers: Record<string, string>, payload: Record<string, unknown>) => {
    const timer = setTimeout(() => {
      void deliverSignal(
        rt,
        code,
        identifiers,
        payload,
        `demo:${code}:${Object.values(identifiers).join(":")}`,
      ).catch(() => {});
    }, replyDelayMs);
    timer.unref();
  };
  const h = (
    name: string,
    run: (
      input: Record<string, unknown>,
      ctx: { attempt: number; idempotencyKey: string },
    ) => Record<string, unknown> | "pending",
  ) =>
    defineHandler(name, { input: anyInput, timeout: 10_000, concurrency: 20 }, async (ctx) => {
      const out = run(ctx.input, { attempt: ctx.attempt, idempotencyKey: ctx.idempotencyKey });
      return out === "pending" ? { pending: true } : { output: out };
    }) as HandlerDefinition;

  return [
    h("crm.getCustomer", (i) => ({
      exists: score(i.customerId) >= 30,
      customer: { id: i.customerId, name: `Customer ${String(i.customerId)}` },
    })),
    h("crm.createCustomer", (i, { attempt }) => {
      const s = score(i.caseId);
      if (s < 10) throw new Error("CRM unavailable"); // this case ends in an incident after the retries
      if (s < 40 && attempt === 1) throw new Error("CRM timeout (first attempt)");
      return { customer: { id: i.customerId, name: `Customer ${String(i.customerId)}`, created: true } };
    }),
    h("crm.updateStatus", () => ({})),
    h("audit.record", () => ({})),
    h("notify.send", () => ({})),
    h("email.subscribe", () => ({})),
    h("snow.createIncident", (i) => ({ incidentId: `INC${score(i.summary) * 1000 + 17}` })),
    h("soc.validate", (i) => ({
      valid: score(`${String(i.caseId)}:soc`) >= 15,
      errors: score(`${String(i.caseId)}:soc`) >= 15 ? [] : ["missing tax id"],
    })),
    h("lc.getCreditFrame", (i) => ({
      creditFrameId: `CF-${String(i.customerId)}`,
      limits: { total: 250000, available: 180000 },
    })),
    h("lc.getInvolvedParties", (i) => ({
      parties: [{ role: "signer", name: `Customer ${String(i.customerId)}` }],
    })),
    h("rpa.createAgreement", (i, { idempotencyKey }) => {
      const jobId = `RPA-${score(idempotencyKey)}-${idempotencyKey.slice(-6)}`;
      const caseId = String((i.payload as { caseId?: unknown } | undefined)?.caseId ?? "");
      const created = score(`${caseId}:rpa`) >= 25;
      later(
        "rpa.agreementCallback",
        { rpaJobId: jobId },
        {
          jobId,
          agreementCreated: created,
          agreementNumber: created ? `AG-${score(caseId)}${caseId.slice(-3)}` : null,
          errors: created ? [] : ["LC rejected the agreement"],
        },
      );
      return { jobId };
    }),
    h("rpa.decideRetry", (i, { attempt }) => ({ retry: score(String(i.caseId)) % 2 === 0 && attempt === 1 })),
    h("docs.generate", (i, { idempotencyKey }) => {
      const requestId = `DOC-${String(i.template)}-${idempotencyKey.slice(-8)}`;
      const ok = score(`${String(i.caseId)}:${String(i.template)}`) >= 10;
      const code = i.template === "proof-of-delivery" ? "docs.podCallback" : "docs.agreementCallback";
      later(
        code,
        { documentRequestId: requestId },
        { requestId, success: ok, documentId: ok ? `${requestId}-PDF` : null },
      );
      return { requestId };
    }),
    h("dsp.validate", (i) => ({ valid: score(`${String(i.caseId)}:${String(i.documentId)}:dsp`) >= 10 })),
    h("dsp.createCase", (i, { idempotencyKey }) => {
      const caseId = `DSP-${idempotencyKey.slice(-8)}`;
      const signed = score(String(i.documentId)) >= 20;
      const pod = String(i.documentId ?? "").includes("proof-of-delivery");
      later(
        pod ? "pod.dspCallback" : "dsp.agreementCallback",
        { [pod ? "podDspCaseId" : "dspCaseId"]: caseId },
        { caseId, signed },
      );
      return { caseId };
    }),
    h("billing.completeDocumentVoiding", () => ({})),
    h("billing.abortDocumentVoiding", () => ({})),
    h("reports.markDocumentAsVoided", (i) => {
      const documentId = String(i.documentId ?? "");
      const published = score(documentId) < 30;
      later(
        published ? "reports.markingFailed" : "reports.markingSucceeded",
        { documentId },
        { documentId, ...(published ? { reason: "the report with this document was already sent" } : {}) },
      );
      return {};
    }),
    h("customers.create", (i) => ({ id: `cus_${score(i.email)}${String(i.email ?? "").length}` })),
    h("subscriptions.create", (i) => {
      if (score(i.plan ?? i.customerId) < 20) throw new FinalFailure("payment method declined");
      return { id: `sub_${score(i.customerId)}` };
    }),
    h("customers.delete", () => ({ deleted: true })),
    h("subscriptions.cancel", () => ({ cancelled: true })),
  ];
}
