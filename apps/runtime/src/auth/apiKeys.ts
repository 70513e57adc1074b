import { timingSafeEqual } from "node:crypto";
import { apiScopes } from "@flowstate/client";
import type { ApiScope } from "@flowstate/client";
import { sha256Digest } from "./sha256Digest.ts";

/**
 * What an API key may do: send signals, read `/metrics`, and/or fetch, complete, fail and heartbeat the jobs of
 * the named remote handlers (`handler:*` for every remote handler).
 */
export type ApiKeyScope =
  | { kind: "signals" }
  | { kind: "metrics" }
  | { kind: "handler"; name: string }
  | { kind: "api"; scope: ApiScope };

export interface ApiKeyEntry {
  digest: Buffer;
  scopes: ApiKeyScope[];
}

export class ApiKeyFormatError extends Error {
  override name = "ApiKeyFormatError";
}

const scopePattern = /^(signals|metrics|handler:(\*|[A-Za-z][\w.-]*))$/;
const isApiScope = (s: string): s is ApiScope => (apiScopes as readonly string[]).includes(s);

/**
 * Parses one entry of `FLOWSTATE_API_KEYS`: `<key>[@<scope>+<scope>…]`.
 *
 * - `<key>` is the key itself, or `sha256:<64 hex digits>` — its SHA-256 digest, so the
 *   configuration need not hold the key in clear (hashed at rest). Keys cannot contain `@` or `,`.
 * - Scopes: `signals`, `metrics`, `handler:<name>`, `handler:*`, and the REST API's resource scopes
 *   (`instances:write`, … — `apiScopes` of `@flowstate/client`). An entry without scopes may send signals
 *   only (what every key could do before scopes existed).
 */
export function parseApiKeyEntry(entry: string): ApiKeyEntry {
  const at = entry.indexOf("@");
  const key = (at === -1 ? entry : entry.slice(0, at)).trim();
  const scopeText = at === -1 ? "signals" : entry.slice(at + 1).trim();
  if (key.length === 0) throw new ApiKeyFormatError("an API key entry has an empty key");
  let digest: Buffer;
  if (key.startsWith("sha256:")) {
    const hex = key.slice(7);
    if (!/^[0-9a-fA-F]{64}$/.test(hex))
      throw new ApiKeyFormatError("a sha256: API key must be 64 hex digits");
    digest = Buffer.from(hex, "hex");
  } else {
    digest = sha256Digest(key);
  }
  const scopes = scopeText.split("+").map((s) => s.trim());
  const scoped: ApiKeyScope[] = [];
  for (const s of scopes) {
    if (isApiScope(s)) {
      scoped.push({ kind: "api", scope: s });
      continue;
    }
    if (!scopePattern.test(s))
      throw new ApiKeyFormatError(
        `unknown API key scope "${s}" (use signals, metrics, handler:<name>, handler:* or ${apiScopes.join(", ")})`,
      );
    scoped.push(
      s === "signals" || s === "metrics"
        ? { kind: s }
        : { kind: "handler", name: s.slice("handler:".length) },
    );
  }
  return { digest, scopes: scoped };
}

/** The key a request presents: `Authorization: Bearer <key>` or `X-Api-Key` (at most 512 characters). */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  const raw = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : headers["x-api-key"];
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 512) return undefined;
  return raw;
}

/** What a request's key may do. */
export type ApiKeyCheck = { ok: true; allows(scope: ApiKeyScope): boolean } | { ok: false };

/**
 * API keys for outside systems (signals, remote job workers), from configuration
 * (`FLOWSTATE_API_KEYS`, comma separated, see `parseApiKeyEntry`). Kept only as SHA-256 digests and
 * compared in constant time against every configured key.
 */
export class ApiKeys {
  private readonly entries: ApiKeyEntry[];
  constructor(entries: string[]) {
    this.entries = entries.filter((e) => e.trim().length > 0).map(parseApiKeyEntry);
  }
  get configured(): boolean {
    return this.entries.length > 0;
  }
  /** Reads `Authorization: Bearer <key>` or `X-Api-Key` and finds the key's scopes. */
  identify(headers: Record<string, string | string[] | undefined>): ApiKeyCheck {
    const raw = presentedKey(headers);
    if (raw === undefined) return { ok: false };
    return this.identifyDigest(sha256Digest(raw));
  }
  /** Finds a configured key by the presented key's digest, comparing against every entry in constant time. */
  identifyDigest(digest: Buffer): ApiKeyCheck {
    let found: ApiKeyEntry | undefined;
    for (const e of this.entries) if (timingSafeEqual(e.digest, digest) && !found) found = e;
    if (!found) return { ok: false };
    const scopes = found.scopes;
    return {
      ok: true,
      allows: (scope) =>
        scopes.some((s) =>
          scope.kind === "signals" || scope.kind === "metrics"
            ? s.kind === scope.kind
            : scope.kind === "api"
              ? s.kind === "api" && s.scope === scope.scope
              : s.kind === "handler" && (s.name === "*" || s.name === scope.name),
        ),
    };
  }
}
