import { randomUUID } from "node:crypto";
import type { ProcessModel } from "@flowstate/model";
import type { Runtime } from "../instances/Runtime.ts";
import { startInstance } from "../instances/startInstance.ts";
import { stepInstance } from "../instances/stepInstance.ts";
import { publishModel } from "../versions/versionService.ts";

/** How many demo instances each seed process gets, and the first manual step each one takes. */
const demoStarts: Record<
  string,
  {
    count: number;
    first?: (i: number) => { code: string; input: Record<string, unknown>; businessKey: string };
  }
> = {
  "sales-case": {
    count: 16,
    first: (i) => ({
      code: "salesCase.establish",
      businessKey: `SC-${1001 + i}`,
      input: {
        caseId: `SC-${1001 + i}`,
        customerId: `CU-${5200 + i * 7}`,
        product: ["lease", "loan", "rental"][i % 3],
      },
    }),
  },
  "document-voiding": {
    count: 8,
    first: (i) => ({
      code: "billing.documentVoidingRequested",
      businessKey: `INV-2026-${300 + i}`,
      input: { documentId: `INV-2026-${300 + i}`, customerId: `CU-${5200 + i}` },
    }),
  },
  "login-session": {
    count: 6,
    first: (i) => ({
      code: ["auth.login", "auth.remember", "auth.login"][i % 3]!,
      businessKey: `sess-${9000 + i}`,
      input: { userId: `user-${(i % 4) + 1}`, sessionId: `sess-${9000 + i}` },
    }),
  },
  "signup-saga": {
    count: 6,
    first: (i) => ({
      code: "signup.request",
      businessKey: `person${i}@example.com`,
      input: { email: `person${i}@example.com`, name: `Person ${i}`, plan: ["basic", "pro", "team"][i % 3] },
    }),
  },
};

/**
 * Publishes the demo processes and, for a process without instances yet, starts a few dozen
 * instances and performs their first manual step. The server's worker and the demo handlers then
 * move them on (automatic steps, simulated callbacks), so a new user sees a live system with
 * cases at different stages: waiting for people, for callbacks, in incidents, finished.
 * Idempotent: run it again and nothing is duplicated. Returns one line per process.
 */
export async function seedDemo(rt: Runtime, models: ProcessModel[]): Promise<string[]> {
  const lines: string[] = [];
  for (const model of models) {
    const r = await publishModel(rt, model);
    lines.push(
      r.changed ? `published ${r.processKey} v${r.number}` : `${r.processKey} v${r.number} is up to date`,
    );
    const plan = demoStarts[model.key];
    if (!plan) continue;
    const process = await rt.db.prisma.process.findUniqueOrThrow({
      where: { key: model.key },
      select: { id: true },
    });
    if ((await rt.db.prisma.instance.count({ where: { processId: process.id } })) > 0) continue;
    let started = 0;
    for (let i = 0; i < plan.count; i++) {
      const first = plan.first?.(i);
      const businessKey = first?.businessKey;
      const state = await startInstance(
        rt,
        { processKey: model.key, ...(businessKey ? { businessKey } : {}), actor: "demo" },
        randomUUID(),
      );
      if (first)
        await stepInstance(
          rt,
          state.instanceId,
          { type: "perform", code: first.code, input: first.input as never, actor: "demo" },
          { actor: "demo" },
        );
      started++;
    }
    lines.push(`started ${started} demo instances of ${model.key}`);
  }
  return lines;
}
