import { fetchJson } from "./http.ts";
import type { JsonBody } from "./http.ts";

/** Signs in over HTTP and returns the `name=value` of the session cookie plus the full Set-Cookie header. */
export async function signIn(
  base: string,
  username: string,
  password: string,
): Promise<{ cookie: string; setCookie: string }> {
  const res = await fetchJson(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`sign-in as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = res.headers.get("set-cookie") ?? "";
  return { cookie: setCookie.split(";")[0]!, setCookie };
}

/** A tRPC call over HTTP (query: GET with input; mutation: POST JSON) with optional extra headers. */
export async function trpcHttp(
  base: string,
  kind: "query" | "mutation",
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: JsonBody; headers: Headers }> {
  if (kind === "query")
    return fetchJson(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  return fetchJson(`${base}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input),
  });
}
