/**
 * Which `Host` names the server answers for on behalf of a person (issue 18 D5, DNS rebinding): the
 * demo login and every cookie-authenticated request need one of them, whatever the Origin says
 * (a rebinding page's Origin matches its own Host). Loopback names and addresses by default
 * (`localhost`, `127.0.0.1`, `[::1]`, any port), plus `FLOWSTATE_PUBLIC_URL`'s host and the names
 * in `FLOWSTATE_ALLOWED_HOSTS`.
 */
export const loopbackHosts = ["localhost", "127.0.0.1", "::1"] as const;

/** `Example.COM:3303` → `example.com`; `[::1]:80` → `::1`; undefined when it is not a host at all. */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const value = hostHeader.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return bracketed[1];
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(value);
  return plain ? plain[1]!.replace(/\.$/, "") : undefined;
}

/** The test for a request's Host: loopback names plus `extra` (host names or URLs; their port is ignored). */
export function hostAllowlist(extra: readonly string[] = []): (hostHeader: string | undefined) => boolean {
  const allowed = new Set<string>(loopbackHosts);
  for (const entry of extra) {
    const name = entry.includes("://") ? hostName(new URL(entry).host) : hostName(entry);
    if (name) allowed.add(name);
  }
  return (hostHeader) => {
    const name = hostName(hostHeader);
    return name !== undefined && allowed.has(name);
  };
}
