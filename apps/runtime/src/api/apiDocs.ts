import type { FastifyInstance } from "fastify";

/**
 * `/api/docs`: a small page that renders `/api/v1/openapi.json` under the app's CSP (no inline
 * script or CDN: the page loads `/api/docs/docs.js` from this server, which builds the DOM with
 * `textContent` only).
 */
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Flowstate REST API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/api/docs/docs.css">
<script type="module" src="/api/docs/docs.js"></script>
</head>
<body>
<header><h1>Flowstate REST API</h1><p><a href="/api/v1/openapi.json">openapi.json</a></p></header>
<main id="operations" aria-busy="true">Loading…</main>
</body>
</html>
`;

const style = `body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1rem;color:#1d2430}
h2{border-bottom:1px solid #ccd;margin-top:2rem;text-transform:capitalize}
details{border:1px solid #dde;border-radius:6px;margin:.4rem 0;padding:.4rem .7rem}
summary{cursor:pointer}.method{display:inline-block;font-weight:700;width:4.2rem}
.auth{color:#556;font-size:.85em;margin-left:.6rem}pre{background:#f5f6fa;overflow:auto;padding:.6rem;font-size:.8em}`;

const script = `const main = document.getElementById("operations");
const el = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};
const block = (title, value) => {
  const wrap = el("div");
  wrap.append(el("h4", title), el("pre", JSON.stringify(value, null, 2)));
  return wrap;
};
try {
  const doc = await (await fetch("/api/v1/openapi.json")).json();
  const byTag = new Map();
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  main.textContent = "";
  main.append(el("p", doc.info.description));
  for (const [tag, ops] of byTag) {
    main.append(el("h2", tag));
    for (const { path, method, op } of ops) {
      const details = el("details");
      details.id = op.operationId;
      const summary = el("summary");
      summary.append(el("span", method.toUpperCase(), "method"), el("code", path), el("span", op.summary, "auth"));
      details.append(summary, el("p", op.description), el("p", "operationId: " + op.operationId));
      if (op.parameters?.length) details.append(block("Parameters", op.parameters));
      if (op.requestBody) details.append(block("Body", op.requestBody.content["application/json"].schema));
      details.append(block("Responses", op.responses));
      main.append(details);
    }
  }
} catch (error) {
  main.textContent = "Could not load the API document: " + error;
}
main.removeAttribute("aria-busy");
`;

const files: Record<string, { type: string; body: string }> = {
  "docs.js": { type: "text/javascript; charset=utf-8", body: script },
  "docs.css": { type: "text/css; charset=utf-8", body: style },
};

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  app.get("/api/docs", async (_request, reply) => reply.type("text/html; charset=utf-8").send(page));
  app.get<{ Params: { file: string } }>("/api/docs/:file", async (request, reply) => {
    const file = Object.hasOwn(files, request.params.file) ? files[request.params.file] : undefined;
    if (!file) return reply.status(404).send({ error: { code: "NOT_FOUND", message: "no such docs file" } });
    return reply.type(file.type).send(file.body);
  });
}
