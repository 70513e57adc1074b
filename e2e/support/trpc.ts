import { expect } from "@playwright/test";
import type { APIRequestContext } from "@playwright/test";

/**
 * Calls a tRPC procedure of the app over HTTP (`base` is empty for the suite's shared runtime, the
 * origin of a spec's own runtime otherwise) and returns its data; a failed call fails the test with
 * the response text.
 */
export async function call<T>(
  request: APIRequestContext,
  procedure: string,
  input: unknown,
  kind: "query" | "mutation" = "mutation",
  base = "",
): Promise<T> {
  const res =
    kind === "query"
      ? await request.get(`${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : await request.post(`${base}/trpc/${procedure}`, { data: input });
  expect(res.ok(), `${procedure}: ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

/** Imports `model` and publishes it (warnings accepted); returns the new version's id. */
export async function publish(request: APIRequestContext, model: unknown): Promise<string> {
  const imported = await call<{ versionId: string }>(request, "process.import", { model });
  await call(request, "version.publish", { id: imported.versionId, acceptWarnings: true });
  return imported.versionId;
}

/** A new draft of `processKey` copied from `fromVersionId`: its id, revision and model. */
export async function openDraft<M>(
  request: APIRequestContext,
  processKey: string,
  fromVersionId: string,
): Promise<{ versionId: string; revision: number; model: M }> {
  const draft = await call<{ versionId: string }>(request, "version.createDraft", {
    processKey,
    fromVersionId,
  });
  const version = await call<{ revision: number; model: M }>(
    request,
    "version.get",
    { id: draft.versionId },
    "query",
  );
  return { versionId: draft.versionId, revision: version.revision, model: version.model };
}

/** Saves `model` into the draft (at the revision it was read at) and publishes it (warnings accepted). */
export async function publishDraft(
  request: APIRequestContext,
  draft: { versionId: string; revision: number },
  model: unknown,
): Promise<void> {
  await call(request, "version.saveDraft", { id: draft.versionId, model, baseRevision: draft.revision });
  await call(request, "version.publish", { id: draft.versionId, acceptWarnings: true });
}

/** Starts an instance of the published `processKey` under `businessKey`; returns its id. */
export async function startInstance(
  request: APIRequestContext,
  processKey: string,
  businessKey: string,
): Promise<string> {
  return (await call<{ instanceId: string }>(request, "instance.start", { processKey, businessKey }))
    .instanceId;
}

/**
 * Publishes `model` and starts one instance of it per business key, in order: the one place a spec
 * sets up its process. Returns the process key and the instance ids (one per business key).
 */
export async function publishAndStart<K extends string[]>(
  request: APIRequestContext,
  model: Record<string, unknown>,
  ...businessKeys: K
): Promise<{ key: string; instanceIds: { [I in keyof K]: string } }> {
  const key = String(model.key);
  await publish(request, model);
  const instanceIds: string[] = [];
  for (const businessKey of businessKeys) instanceIds.push(await startInstance(request, key, businessKey));
  return { key, instanceIds: instanceIds as { [I in keyof K]: string } };
}

/** The instances `instance.list` finds with `filter` (a processKey, status, hasIncident, …). */
export async function listInstances<I = unknown>(
  request: APIRequestContext,
  filter: Record<string, unknown>,
): Promise<I[]> {
  return (await call<{ items: I[] }>(request, "instance.list", filter, "query")).items;
}
