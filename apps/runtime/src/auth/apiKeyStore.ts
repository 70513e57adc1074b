import { randomBytes } from "node:crypto";
import { z } from "zod";
import { apiScopes } from "@flowstate/client";
import type { ApiScope } from "@flowstate/client";
import type { Clock } from "../clock.ts";
import type { Database } from "../db/openDatabase.ts";
import { DomainError } from "../errors/DomainError.ts";
import { presentedKey } from "./apiKeys.ts";
import { sha256Digest } from "./sha256Digest.ts";
import type { ApiKeys } from "./apiKeys.ts";
import type { Actor } from "./Actor.ts";

/**
 * API keys created in the modeler (table `api_key`), next to the configured ones
 * (`FLOWSTATE_API_KEYS`, `src/auth/apiKeys.ts`). A key is `fsk_` + 32 random bytes (base64url);
 * only its SHA-256 digest is stored, and it is returned once, by `createApiKey`. Scopes: `signals`,
 * `handlers` (`*` = every remote handler) and `processes` (`*` = every process; never empty), so a
 * key of process A can neither signal nor work the jobs of process B.
 */

export const apiKeyPrefix = "fsk_";
/** How many characters of the key are kept (and shown) to recognise it: `fsk_` + 8. */
const shownLength = apiKeyPrefix.length + 8;
/** `lastUsedAt` is written at most this often per key (not a write per request). */
export const lastUsedResolutionMs = 60_000;

const handlerName = z
  .string()
  .regex(/^(\*|[A-Za-z][\w.-]*)$/, "a handler name, or * for every remote handler")
  .max(200);
const processKey = z
  .string()
  .regex(/^(\*|[A-Za-z0-9][\w.-]*)$/, "a process key, or * for every process")
  .max(200);

export const newApiKeyInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(500).optional(),
    signals: z.boolean().default(false),
    /** May read `/metrics` (Prometheus). */
    metrics: z.boolean().default(false),
    handlers: z.array(handlerName).max(50).default([]),
    /** The REST API's resource scopes (`/api/v1`, docs/api.md). */
    scopes: z.array(z.enum(apiScopes)).max(apiScopes.length).default([]),
    processes: z.array(processKey).min(1, "name at least one process, or * for every process").max(200),
    expiresAt: z.coerce.date().optional(),
  })
  .refine((k) => k.signals || k.metrics || k.handlers.length > 0 || k.scopes.length > 0, {
    message: "a key needs a scope: signals, metrics, a handler and/or a REST API scope",
    path: ["signals"],
  });
export type NewApiKey = z.output<typeof newApiKeyInput>;

/** What deciding a request needs of a key's row (its grant and whether it is still valid). */
const granting = {
  id: true,
  name: true,
  prefix: true,
  signals: true,
  metrics: true,
  handlers: true,
  scopes: true,
  processes: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
} as const;

/** A key's row as lists show it: never the key, never its digest. */
const listed = { ...granting, description: true, createdBy: true, createdAt: true, revokedBy: true } as const;

export function generateApiKey(): { key: string; prefix: string; digest: Buffer } {
  const key = apiKeyPrefix + randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, shownLength), digest: sha256Digest(key) };
}

export async function createApiKey(deps: { db: Database; clock: Clock }, actor: Actor, input: NewApiKey) {
  const now = deps.clock.now();
  if (input.expiresAt && input.expiresAt <= now)
    throw new DomainError("BAD_REQUEST", "expiresAt must be in the future");
  const processes = [...new Set(input.processes)];
  if (processes.includes("*") && processes.length > 1)
    throw new DomainError("BAD_REQUEST", "* already means every process: name no others with it");
  const named = processes.filter((p) => p !== "*");
  if (named.length) {
    const known = await deps.db.prisma.process.findMany({
      where: { key: { in: named } },
      select: { key: true },
    });
    const unknown = named.filter((p) => !known.some((k) => k.key === p));
    if (unknown.length)
      throw new DomainError("BAD_REQUEST", `no process with key ${unknown.map((u) => `"${u}"`).join(", ")}`);
  }
  const handlers = [...new Set(input.handlers)];
  const { key, prefix, digest } = generateApiKey();
  const row = await deps.db.prisma.apiKey.create({
    data: {
      name: input.name,
      description: input.description || null,
      prefix,
      digest: new Uint8Array(digest),
      signals: input.signals,
      metrics: input.metrics,
      handlers: handlers.includes("*") ? ["*"] : handlers,
      scopes: [...new Set(input.scopes)],
      processes,
      createdBy: actor.name,
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
    },
    select: listed,
  });
  // The only time the key leaves the server.
  return { ...row, status: statusOf(row, now), key };
}

export type ApiKeyStatus = "active" | "revoked" | "expired";

function statusOf(row: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiKeyStatus {
  return row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active";
}

export async function listApiKeys(deps: { db: Database; clock: Clock }) {
  const now = deps.clock.now();
  const rows = await deps.db.prisma.apiKey.findMany({
    select: listed,
    orderBy: [{ createdAt: "desc" }, { name: "asc" }],
  });
  return rows.map((r) => ({ ...r, status: statusOf(r, now) }));
}

/** Revokes a key at once (the next request with it is refused). Revoking twice keeps the first time. */
export async function revokeApiKey(deps: { db: Database; clock: Clock }, actor: Actor, id: string) {
  const now = deps.clock.now();
  const found = await deps.db.prisma.apiKey.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw new DomainError("NOT_FOUND", `no API key with id "${id}"`);
  await deps.db.prisma.apiKey.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: now, revokedBy: actor.name },
  });
  const row = await deps.db.prisma.apiKey.findUniqueOrThrow({ where: { id }, select: listed });
  return { ...row, status: statusOf(row, now) };
}

/** What an authenticated key may do. */
export interface ApiKeyGrant {
  source: "config" | "database";
  /** The key's id (database keys). */
  id?: string;
  /** What the audit log shows: the key's name (database) or `FLOWSTATE_API_KEYS`. */
  name: string;
  prefix?: string;
  signals: boolean;
  /** May read `/metrics`. */
  metrics: boolean;
  mayHandler(name: string): boolean;
  /** The REST API's resource scopes the key holds. */
  scopes: readonly ApiScope[];
  /** Process keys the key may affect; null = every process. */
  processes: readonly string[] | null;
  mayProcess(processKey: string): boolean;
}

export type ApiKeyAuthentication =
  | { ok: true; grant: ApiKeyGrant }
  | {
      ok: false;
      reason: "missing" | "unknown" | "revoked" | "expired";
      id?: string;
      name?: string;
      prefix?: string;
    };

/**
 * Authenticates a request's API key: the configured keys (every process) and the database's. Both
 * are always consulted (the digest is compared against every configured key in constant time, and
 * the table is looked up by its unique digest index), so the time taken does not say which kind of
 * key, if any, matched. A used database key's `lastUsedAt` moves at most once a minute.
 */
export class ApiKeyAuthenticator {
  constructor(
    private readonly configured: ApiKeys,
    private readonly deps: { db: Database; clock: Clock },
  ) {}

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<ApiKeyAuthentication> {
    const raw = presentedKey(headers);
    if (raw === undefined) return { ok: false, reason: "missing" };
    const digest = sha256Digest(raw);
    const fromConfig = this.configured.identifyDigest(digest);
    if (fromConfig.ok) {
      return {
        ok: true,
        grant: {
          source: "config",
          name: "FLOWSTATE_API_KEYS",
          signals: fromConfig.allows({ kind: "signals" }),
          metrics: fromConfig.allows({ kind: "metrics" }),
          mayHandler: (name) => fromConfig.allows({ kind: "handler", name }),
          scopes: apiScopes.filter((scope) => fromConfig.allows({ kind: "api", scope })),
          processes: null,
          mayProcess: () => true,
        },
      };
    }
    // A configured key is known without a query; only the others are looked up.
    const row = await this.deps.db.prisma.apiKey.findUnique({
      where: { digest: new Uint8Array(digest) },
      select: granting,
    });
    if (!row) return { ok: false, reason: "unknown" };
    const now = this.deps.clock.now();
    const who = { id: row.id, name: row.name, prefix: row.prefix };
    if (row.revokedAt) return { ok: false, reason: "revoked", ...who };
    if (row.expiresAt && row.expiresAt <= now) return { ok: false, reason: "expired", ...who };
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= lastUsedResolutionMs) {
      // Conditional, so concurrent requests (or runtimes) write it once a minute at most.
      await this.deps.db.prisma.apiKey.updateMany({
        where: {
          id: row.id,
          OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - lastUsedResolutionMs) } }],
        },
        data: { lastUsedAt: now },
      });
    }
    const handlers = row.handlers;
    const processes = row.processes.includes("*") ? null : row.processes;
    return {
      ok: true,
      grant: {
        source: "database",
        ...who,
        signals: row.signals,
        metrics: row.metrics,
        mayHandler: (name) => handlers.includes("*") || handlers.includes(name),
        scopes: row.scopes.filter((s): s is ApiScope => (apiScopes as readonly string[]).includes(s)),
        processes,
        mayProcess: (key) => processes === null || processes.includes(key),
      },
    };
  }
}
