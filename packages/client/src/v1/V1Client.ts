import { apiErrorOf } from "../FlowstateApiError.ts";
import { v1Routes } from "./routes.ts";
import type { OperationId, RouteInput, RouteOutput } from "./routes.ts";

export interface V1ClientOptions {
  /** The runtime's base URL, e.g. `http://flowstate:3000`. */
  baseUrl: string;
  /** An API key with the scopes of the routes you call (`docs/api.md`). */
  apiKey: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

/** Per call: an `Idempotency-Key` (POSTs that create) and a signal to abort with. */
export interface CallOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** One typed method per route of `v1Routes` (same names as the OpenAPI document's operationIds). */
export type V1Methods = {
  [K in OperationId]: (input: RouteInput<K>, options?: CallOptions) => Promise<RouteOutput<K>>;
};

/** The path with its `:name` parameters filled in (each percent-encoded). */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

/**
 * The public REST API (`/api/v1`, signals, callbacks, jobs) with types from the route table's zod
 * schemas: `client.startInstance({ body: { processKey: "order" } })`. Every refusal throws a
 * `FlowstateApiError` with the error's `code`, `message` and `details`.
 */
export function createV1Client(options: V1ClientOptions): V1Methods {
  const baseUrl = options.baseUrl.replace(/\/$/, "");
  const call = async (op: OperationId, input: RouteInput<OperationId>, callOptions: CallOptions = {}) => {
    const route = v1Routes[op];
    const { params, query, body } = input as { params?: object; query?: object; body?: unknown };
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {}))
      if (value !== undefined) search.set(name, String(value));
    const url = `${baseUrl}${fillPath(route.path, params as Record<string, unknown>)}${search.size ? `?${search}` : ""}`;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const response = await fetch(url, {
      method: route.method,
      headers: {
        accept: "application/json",
        authorization: `Bearer ${options.apiKey}`,
        ...(route.method !== "GET" ? { "content-type": "application/json" } : {}),
        ...(callOptions.idempotencyKey ? { "idempotency-key": callOptions.idempotencyKey } : {}),
      },
      ...(route.method !== "GET" ? { body: JSON.stringify(body ?? {}) } : {}),
      signal: callOptions.signal ? AbortSignal.any([callOptions.signal, timeout]) : timeout,
    });
    const text = await response.text();
    if ("produces" in route && route.produces === "image/svg+xml" && response.ok) return text;
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw apiErrorOf(response.status, parsed, route.path);
    return parsed;
  };
  return Object.fromEntries(
    (Object.keys(v1Routes) as OperationId[]).map((op) => [
      op,
      (input: RouteInput<OperationId>, callOptions?: CallOptions) => call(op, input, callOptions),
    ]),
  ) as unknown as V1Methods;
}
