import http from "node:http";
import type { AddressInfo } from "node:net";

/** One span as the OTLP/HTTP JSON export carries it (the fields the tests read). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP/JSON attributes: `{ key, value: { stringValue | intValue | boolValue | … } }`. */
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/** A span attribute's value (any OTLP value kind), or undefined. */
export function attributeOf(span: OtlpSpan, key: string): unknown {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value === undefined ? undefined : Object.values(value)[0];
}

/** A request the receiver got on another path than the trace export (a stand-in target). */
export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * An in-test OTLP/HTTP receiver: `POST /v1/traces` (JSON: resourceSpans[].scopeSpans[].spans[]) adds
 * to `spans`; any other request is recorded in `received` and answered by `answer` (default 200 `{}`).
 */
export async function startOtlpReceiver(answer: (path: string) => number = () => 200) {
  const spans: OtlpSpan[] = [];
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        const doc = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const r of doc.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      received.push({ path: req.url ?? "", headers: req.headers, body });
      const status = answer(req.url ?? "");
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ ok: status < 300 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The ids of a span's ancestors among `spans`, nearest first. */
export function ancestorsOf(span: OtlpSpan, spans: readonly OtlpSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain: string[] = [];
  for (let p = span.parentSpanId; p && byId.has(p); p = byId.get(p)!.parentSpanId) chain.push(p);
  return chain;
}
