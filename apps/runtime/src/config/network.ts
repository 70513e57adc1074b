import ipaddr from "ipaddr.js";

/** Fastify's `trustProxy`: off, every hop, or the proxies by address / CIDR / name. */
export type TrustProxy = boolean | string[];

const proxyRangeNames = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * `FLOWSTATE_TRUST_PROXY`: "" / "false" → off; "true" → trust every hop (only when nothing but the
 * proxy can reach the runtime); otherwise a comma-separated list of proxy addresses, CIDRs or
 * `loopback` / `linklocal` / `uniquelocal`. A hop count is refused: Fastify 5 treats a number as
 * "trust nothing" (a count cannot tell the proxy from a direct client), so it would silently do
 * nothing. A string result is the error.
 */
export function parseTrustProxy(value: string): TrustProxy | string {
  const v = value.trim();
  if (v === "" || v.toLowerCase() === "false") return false;
  if (v.toLowerCase() === "true") return true;
  if (/^\d+$/.test(v))
    return "a hop count is not supported (Fastify trusts no hop by count): give the proxies' addresses or CIDRs, e.g. 10.0.0.0/8, or true";
  const entries = v
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter(
    (e) =>
      !proxyRangeNames.has(e) &&
      !ipaddr.IPv4.isValidFourPartDecimal(e) &&
      !ipaddr.IPv6.isValid(e) &&
      !ipaddr.isValidCIDR(e),
  );
  if (bad.length || entries.length === 0)
    return `must be true, false, or comma-separated proxy addresses/CIDRs (or loopback, linklocal, uniquelocal); not ${bad.join(", ") || "empty"}`;
  return entries;
}

/** `localhost`, `127.0.0.0/8`, `::1` (and IPv4-mapped loopback): only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost") return true;
  if (!ipaddr.isValid(h)) return false;
  return ipaddr.process(h).range() === "loopback";
}
