import { lookup as dnsLookup } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupAddress, LookupOptions } from "node:dns";
import ipaddr from "ipaddr.js";

/**
 * SSRF guard for outgoing HTTP — webhook targets and the built-in `http` handler (OWASP SSRF
 * prevention: deny by address class, resolve and check every address, connect only to what was
 * checked). Both send through `guardedRequest`.
 *
 * A webhook makes the runtime POST to a URL someone typed in. Without a guard, an admin account
 * (or whoever stole one) could aim it at the runtime's own network: the database, RabbitMQ's
 * management port, `169.254.169.254` (cloud metadata with instance credentials), other services
 * on `10.x`. So a target's host must be a public unicast address: loopback, private (RFC 1918,
 * `fc00::/7`), link-local (`169.254/16`, `fe80::/10`), unspecified, carrier-grade NAT,
 * multicast, broadcast and reserved ranges are refused, and IPv4-mapped IPv6 (`::ffff:127.0.0.1`)
 * is judged as the IPv4 it carries. Classification comes from `ipaddr.js` (`range()`), not from
 * hand-written prefixes.
 *
 * Checked twice: when the webhook is created (an IP literal, `localhost`, or a name that resolves
 * to a refused address — a typed BAD_REQUEST, nothing stored), and at every delivery, because DNS
 * can change after creation. At delivery the check is the socket's own `lookup`
 * (`guardedLookup`): the name is resolved once, every address is checked, and the connection goes
 * to exactly the checked addresses — a second resolution (DNS rebinding: public at check time,
 * 127.0.0.1 at connect time) never happens.
 *
 * The `http` handler's target comes from a model's input mapping (anyone who may publish, or
 * whatever variables feed the URL): it gets the same checks at every attempt (`guardedRequest`).
 *
 * `FLOWSTATE_WEBHOOK_ALLOW_PRIVATE=true` (webhooks) and `FLOWSTATE_HTTP_ALLOW_PRIVATE=true` (the
 * `http` handler) turn the address check off (a local receiver in the demo, development and
 * tests); the scheme check (http/https only) always holds.
 */
export class TargetRefused extends Error {
  override name = "TargetRefused";
  constructor(
    message: string,
    readonly host: string,
    readonly address?: string,
    readonly range?: string,
  ) {
    super(message);
  }
}

/** Why an address may not be a webhook target (its ipaddr.js range), or undefined when it may. */
export function refusedRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return "invalid";
  const ip = ipaddr.process(address); // ::ffff:a.b.c.d → a.b.c.d
  const range = ip.range();
  return range === "unicast" ? undefined : range;
}

const allowHint = "set FLOWSTATE_WEBHOOK_ALLOW_PRIVATE=true to allow private targets";

function refusal(host: string, address: string, range: string): TargetRefused {
  const where = host === address ? address : `${host} resolves to ${address}`;
  return new TargetRefused(
    `webhook target refused: ${where} is a ${range} address (${allowHint})`,
    host,
    address,
    range,
  );
}

/** The host of a URL without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

export type Resolve = (host: string) => Promise<LookupAddress[]>;

const resolveAll: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * The create-time check of an http(s) target: throws `TargetRefused` for a refused IP
 * literal, a `localhost` name, or a name any of whose addresses is refused. A name that does not
 * resolve now is accepted (it may exist later; the delivery-time check still applies).
 */
export async function assertWebhookTargetAllowed(
  rawUrl: string,
  options: { allowPrivate: boolean; resolve?: Resolve },
): Promise<void> {
  const url = new URL(rawUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new TargetRefused(`webhook target refused: scheme ${url.protocol} (only http and https)`, url.host);
  if (options.allowPrivate) return;
  const host = hostOf(url);
  if (ipaddr.isValid(host)) {
    const range = refusedRange(host);
    if (range) throw refusal(host, host, range);
    return;
  }
  if (host === "localhost" || host.endsWith(".localhost")) throw refusal(host, host, "loopback");
  let addresses: LookupAddress[];
  try {
    addresses = await (options.resolve ?? resolveAll)(host);
  } catch {
    return;
  }
  for (const a of addresses) {
    const range = refusedRange(a.address);
    if (range) throw refusal(host, a.address, range);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `http.request` / `net.connect` that resolves the name once, refuses the
 * connection when any address is refused (a `TargetRefused` error on the request), and
 * hands the socket exactly the checked addresses. Node calls `lookup` only for names; IP literals
 * are checked by `assertAddressLiteralAllowed` before the request.
 */
export function guardedLookup(options: { allowPrivate: boolean; resolve?: Resolve }) {
  return (host: string, lookupOptions: LookupOptions, callback: LookupCallback): void => {
    (options.resolve ?? resolveAll)(host).then(
      (addresses) => {
        const family =
          lookupOptions.family === 4 || lookupOptions.family === "IPv4"
            ? 4
            : lookupOptions.family === 6 || lookupOptions.family === "IPv6"
              ? 6
              : 0;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${host}`);
          error.code = "ENOTFOUND";
          return callback(error, []);
        }
        if (!options.allowPrivate) {
          for (const a of usable) {
            const range = refusedRange(a.address);
            if (range) return callback(refusal(host, a.address, range) as NodeJS.ErrnoException, []);
          }
        }
        if (lookupOptions.all) return callback(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

/** The delivery-time check for a URL whose host is an IP literal (Node skips `lookup` for those). */
export function assertAddressLiteralAllowed(url: URL, allowPrivate: boolean): void {
  const host = hostOf(url);
  if (allowPrivate || !ipaddr.isValid(host)) return;
  const range = refusedRange(host);
  if (range) throw refusal(host, host, range);
}

/** A refusal's reason without the webhook wording: "loopback address" or "db.internal resolves to 10.0.0.7, a private address". */
export function refusalReason(error: TargetRefused): string {
  if (!error.address || !error.range) return error.message;
  return error.host === error.address
    ? `${error.range} address`
    : `${error.host} resolves to ${error.address}, a ${error.range} address`;
}

export interface GuardedRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  allowPrivate: boolean;
  signal: AbortSignal;
  resolve?: Resolve;
  userAgent: string;
  /** Keep the answer's body up to this many bytes (longer: the request fails); without it the body is read and dropped. */
  maxBytes?: number;
}

/**
 * One request with Node's http client (no redirects followed), through the SSRF guard: an IP
 * literal host is checked here, a name by the socket's `lookup`, which connects only to the
 * addresses it checked (no second resolution for DNS rebinding to slip into). Resolves with the
 * HTTP status and the answer's body as text; rejects with `TargetRefused` for a refused target.
 */
export function guardedRequest(
  rawUrl: string,
  options: GuardedRequest,
): Promise<{ status: number; text: string }> {
  const url = new URL(rawUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return Promise.reject(new TargetRefused(`scheme ${url.protocol} (only http and https)`, url.host));
  try {
    assertAddressLiteralAllowed(url, options.allowPrivate);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method,
        // The body's length last: a caller's (a model's) headers cannot misstate it.
        headers: {
          "user-agent": options.userAgent,
          ...options.headers,
          ...(options.body !== undefined
            ? { "content-length": String(Buffer.byteLength(options.body)) }
            : {}),
        },
        lookup: guardedLookup({
          allowPrivate: options.allowPrivate,
          ...(options.resolve ? { resolve: options.resolve } : {}),
        }),
        signal: options.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          if (options.maxBytes === undefined) return;
          bytes += chunk.length;
          if (bytes > options.maxBytes)
            return void req.destroy(new Error(`the answer is longer than ${options.maxBytes} bytes`));
          chunks.push(chunk);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
        res.on("aborted", () => reject(new Error("the answer was cut off")));
      },
    );
    req.on("error", (e: Error) =>
      reject(
        e.cause instanceof TargetRefused || (e.cause instanceof Error && e.cause.name === "TimeoutError")
          ? e.cause
          : e,
      ),
    );
    req.end(options.body);
  });
}
