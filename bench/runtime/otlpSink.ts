// A local OTLP/HTTP receiver run as its own OS process (as a collector is, beside a runtime):
// reads each trace export (JSON) and counts its spans; `GET /count` answers the count. Prints its
// URL on the first line of stdout. Used by observability.bench.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";

let spans = 0;
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d: Buffer) => (body += d.toString()));
  req.on("end", () => {
    if (req.method === "GET" && req.url === "/count") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ spans }));
      return;
    }
    const doc = JSON.parse(body) as { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[] };
    for (const r of doc.resourceSpans ?? [])
      for (const s of r.scopeSpans ?? []) spans += s.spans?.length ?? 0;
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
