import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A callback task token: identifies (instance, occurrence, attempt), expires, is single-use (its
 * `tokenId` is recorded when used) and is signed with HMAC-SHA256 under the server secret.
 * Format: base64url(JSON payload) "." base64url(signature). The signature is compared in constant
 * time; nothing in the payload is trusted before it verifies.
 */
export interface TaskTokenPayload {
  /** token id (random), the single-use key */
  tokenId: string;
  instanceId: string;
  occurrenceId: string;
  attempt: number;
  /** expiry, epoch milliseconds */
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; payload: TaskTokenPayload }
  | { ok: false; reason: "MALFORMED" | "BAD_SIGNATURE" | "EXPIRED"; message: string };

function sign(secret: string, body: string): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

export function issueTaskToken(
  secret: string,
  claims: Omit<TaskTokenPayload, "tokenId" | "expiresAt">,
  now: Date,
  ttlMs: number,
): string {
  const payload: TaskTokenPayload = {
    tokenId: randomBytes(16).toString("base64url"),
    ...claims,
    expiresAt: now.getTime() + ttlMs,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${sign(secret, body).toString("base64url")}`;
}

const maxTokenLength = 2048;

export function verifyTaskToken(secret: string, token: string, now: Date): TokenCheck {
  if (typeof token !== "string" || token.length > maxTokenLength)
    return { ok: false, reason: "MALFORMED", message: "the token is malformed" };
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1])
    return { ok: false, reason: "MALFORMED", message: "the token is malformed" };
  const [body, signature] = parts as [string, string];
  const expected = sign(secret, body);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "BAD_SIGNATURE", message: "the token's signature does not verify" };
  }
  let signed: Partial<TaskTokenPayload> & { occurrenceKey?: unknown };
  try {
    signed = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as typeof signed;
  } catch {
    return { ok: false, reason: "MALFORMED", message: "the token is malformed" };
  }
  if (typeof signed !== "object" || signed === null)
    return { ok: false, reason: "MALFORMED", message: "the token is malformed" };
  // Tokens issued before the occurrence's identity had one name carry it as `occurrenceKey`.
  const { occurrenceKey, ...rest } = signed;
  const payload = { ...rest, occurrenceId: rest.occurrenceId ?? occurrenceKey } as TaskTokenPayload;
  if (
    typeof payload.tokenId !== "string" ||
    typeof payload.instanceId !== "string" ||
    typeof payload.occurrenceId !== "string" ||
    !Number.isInteger(payload.attempt) ||
    typeof payload.expiresAt !== "number"
  ) {
    return { ok: false, reason: "MALFORMED", message: "the token is malformed" };
  }
  if (payload.expiresAt <= now.getTime())
    return { ok: false, reason: "EXPIRED", message: "the token has expired" };
  return { ok: true, payload };
}
