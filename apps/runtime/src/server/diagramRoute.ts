import { sha256Digest } from "../auth/sha256Digest.ts";
import type { FastifyInstance } from "fastify";
import { renderDiagram, sceneToSvg } from "@flowstate/diagram";
import { parseModel } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import type { Runtime } from "../instances/Runtime.ts";

/** The route as Fastify and the permission table name it. */
export const DIAGRAM_ROUTE = "/api/v1/processes/:key/versions/:n/diagram.svg";

/** Version numbers are Postgres `integer`s from 1. */
const MAX_VERSION_NUMBER = 2_147_483_647;

/** Drawings kept (by version id, revision and status): a 304 or a repeated read does not render again. */
const CACHE_SIZE = 64;

interface Drawing {
  svg: string;
  etag: string;
}

/** `:n` as a version number, or undefined when it is not a plain decimal integer from 1 to the column's maximum. */
export function versionNumber(raw: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= MAX_VERSION_NUMBER ? n : undefined;
}

/**
 * Whether `If-None-Match` names `etag` (RFC 9110 §13.1.2: a list, `*`, weak comparison — `W/"x"`
 * matches `"x"`).
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === etag);
}

/** The SVG bytes of a stored model, with their strong ETag (SHA-256 of the bytes). */
export function drawVersion(document: unknown): Drawing {
  const parsed = parseModel(document);
  // A stored model that no longer parses is still drawn as far as it goes (the renderer never throws).
  const model = parsed.ok ? parsed.model : (document as ProcessModel);
  const svg = sceneToSvg(renderDiagram(model));
  return { svg, etag: `"${sha256Digest(svg).toString("base64url")}"` };
}

/**
 * `GET /api/v1/processes/:key/versions/:n/diagram.svg`: the version's drawing from the shared
 * renderer (`renderDiagram` → `sceneToSvg`, the bytes the modeler exports), for docs, tickets and
 * e-mails. Read permission like `version.get` (the permission table). A published version never
 * changes: cached for a year as immutable; a draft must be revalidated (its ETag changes with it).
 */
export function registerDiagramRoute(app: FastifyInstance, rt: Runtime): void {
  const cache = new Map<string, Drawing>();
  app.get<{ Params: { key: string; n: string } }>(DIAGRAM_ROUTE, async (request, reply) => {
    const { key, n } = request.params;
    const number = versionNumber(n);
    if (number === undefined)
      return reply.status(400).send({
        error: {
          code: "BAD_REQUEST",
          message: `the version number must be an integer from 1 to ${MAX_VERSION_NUMBER}, not "${n.slice(0, 40)}"`,
        },
      });
    const version = await rt.db.prisma.version.findFirst({
      where: { number, process: { key } },
      select: { id: true, revision: true, status: true, model: true },
    });
    if (!version)
      return reply
        .status(404)
        .send({ error: { code: "NOT_FOUND", message: `"${key.slice(0, 200)}" has no v${number}` } });
    const cacheKey = `${version.id}:${version.revision}:${version.status}`;
    let drawing = cache.get(cacheKey);
    if (!drawing) {
      drawing = drawVersion(version.model);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(cacheKey, drawing);
    }
    reply.header("etag", drawing.etag);
    reply.header(
      "cache-control",
      version.status === "draft" ? "private, no-cache" : "private, max-age=31536000, immutable",
    );
    if (noneMatchHits(request.headers["if-none-match"], drawing.etag)) return reply.status(304).send();
    return reply.type("image/svg+xml; charset=utf-8").send(drawing.svg);
  });
}
