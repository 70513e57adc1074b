/** A parsed JSON response body as tests read it: assertions check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

/** Fetches and parses a JSON response; tests assert on `status` and `body`. */
export async function fetchJson(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: JsonBody; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as JsonBody) : undefined,
    headers: res.headers,
  };
}
