import { hash } from "node:crypto";

/**
 * The runtime's one SHA-256: the digest of a text (UTF-8) as bytes. Callers that store or send it
 * as text encode it where they do (`.toString("base64url")`), so every digest comes from here.
 * One-shot `crypto.hash` (no Hash object per call: every API request digests its key).
 */
export function sha256Digest(text: string): Buffer {
  return hash("sha256", text, "buffer");
}
