import { createHash, timingSafeEqual } from "node:crypto";

/**
 * API keys for outside systems (signals), from configuration (`FLOWSTATE_API_KEYS`, comma
 * separated). Kept only as SHA-256 digests in memory and compared in constant time.
 */
export class ApiKeys {
  private readonly digests: Buffer[];
  constructor(keys: string[]) {
    this.digests = keys.filter(Boolean).map((k) => createHash("sha256").update(k).digest());
  }
  get configured(): boolean {
    return this.digests.length > 0;
  }
  /** Reads `Authorization: Bearer <key>` or `X-Api-Key`. */
  check(headers: Record<string, string | string[] | undefined>): boolean {
    const auth = headers.authorization;
    const raw = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : headers["x-api-key"];
    if (typeof raw !== "string" || raw.length === 0 || raw.length > 512) return false;
    const digest = createHash("sha256").update(raw).digest();
    let ok = false;
    for (const d of this.digests) ok = timingSafeEqual(d, digest) || ok;
    return ok;
  }
}
