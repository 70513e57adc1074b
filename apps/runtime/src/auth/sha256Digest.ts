import { createHash } from "node:crypto";

/**
 * The runtime's one SHA-256: the digest of a text (UTF-8) as bytes. Callers that store or send it
 * as text encode it where they do (`.toString("base64url")`), so every digest comes from here.
 */
export function sha256Digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
