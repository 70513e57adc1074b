import fc from "fast-check";
import { Raw, deepNesting, jsonText, withOwnKey } from "./json.ts";
import { validish } from "./schemaInputs.ts";
import type { SeedPool } from "./schemaInputs.ts";
import type { Target } from "./targets.ts";

/** The kinds of hostile request the suite sends (counted per class in the summary). */
export const payloadClasses = [
  "valid",
  "nul",
  "surrogate",
  "overlong",
  "number",
  "wrongType",
  "proto",
  "deep",
  "hugeArray",
  "extraField",
  "bigBody",
  "contentType",
  "malformedJson",
  "invalidUtf8",
  "path",
  "pathParam",
  "method",
  "crossOrigin",
] as const;
export type PayloadClass = (typeof payloadClasses)[number];

/** Relative frequency of each class (10 MB bodies are rare: they are slow to send); path parameters: see `classFor`. */
const weights: Record<PayloadClass, number> = {
  valid: 3,
  nul: 4,
  surrogate: 4,
  overlong: 2,
  number: 4,
  wrongType: 3,
  proto: 3,
  deep: 2,
  hugeArray: 2,
  extraField: 4,
  bigBody: 1,
  contentType: 2,
  malformedJson: 3,
  invalidUtf8: 3,
  path: 4,
  pathParam: 0,
  method: 2,
  crossOrigin: 1,
};

/** One request as sent on the wire: the raw path (never normalised by a URL parser), headers and body bytes. */
export interface FuzzRequest {
  cls: PayloadClass;
  method: string;
  /** Path and query exactly as written on the request line. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Short description for failure reports. */
  note: string;
}

/** Values a typed field should never accept (numbers as the raw text a client can send). */
const weirdNumbers = [
  "-0",
  "1e309",
  "-1e309",
  "9223372036854775808",
  "-9223372036854775809",
  "18446744073709551616",
  "9007199254740993",
  "1e-400",
  "0.5",
  "-1",
  "2147483648",
  "1e21",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  "1_000",
];
const wrongTypes: unknown[] = [{}, [], null, true, false, 0, "", "1", [[]], { a: {} }];
const protoKeys = ["__proto__", "constructor", "prototype"];
const nulStrings = ["\u0000", "a\u0000b", "\u0000\ud800"];
const surrogateStrings = ["\ud800", "x\udfff", "\udc00\ud800"];
const malformations: ((text: string) => string)[] = [
  (t) => t.slice(0, Math.max(0, t.length - 1)),
  (t) => `${t}}`,
  (t) => `${t},`,
  (t) => t.replace(/"/g, "'"),
  (t) => `\ufeff${t}`,
  () => "",
  () => "NaN",
  () => "{,}",
  () => '{"a":1,}',
  () => '{"a" 1}',
  () => "[",
  () => "{".repeat(50),
  () => "undefined",
  () => '{"a":"\\x41"}',
  () => '{"a":"\\ud800"',
];
const invalidUtf8: number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xe2, 0x82],
];
const badContentTypes = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "",
  "application/json; charset=utf-16",
  "application/jsonx",
  "application/json, text/plain",
  "APPLICATION/JSON",
  "application/json;;;",
  "text/json",
];
const pathParamValues = [
  "%00",
  "a%00b",
  "%ff",
  "%ED%A0%80",
  "%F0%9F%98%80",
  "9223372036854775808",
  "99999999999999999999999",
  "-1",
  "0",
  "1e3",
  "%2e%2e",
  "..",
  "__proto__",
  "constructor",
  "%2f",
  "a%2Fb",
  "x".repeat(4000),
  "1.5",
  "%201",
  "%20",
];

/** Placeholder a string leaf carries until the body is encoded with invalid UTF-8 bytes at its place. */
const byteMarker = "\u0001FUZZ-BYTES\u0001";

/** Positions of every leaf (and object) in a JSON value, by path. */
function nodes(
  value: unknown,
  at: (string | number)[] = [],
  out: { path: (string | number)[]; value: unknown }[] = [],
) {
  out.push({ path: at, value });
  if (Array.isArray(value)) value.forEach((v, i) => nodes(v, [...at, i], out));
  else if (value && typeof value === "object" && !(value instanceof Raw))
    for (const k of Object.keys(value)) nodes((value as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(value as object))
    withOwnKey(
      copy,
      k,
      k === head
        ? replaceAt((value as Record<string, unknown>)[k], rest, replacement)
        : (value as Record<string, unknown>)[k],
    );
  return copy;
}

/** Replaces the `pick`-th node that satisfies `filter` (or the whole value when none does). */
function mutate(
  value: unknown,
  pick: number,
  filter: (v: unknown) => boolean,
  change: (v: unknown) => unknown,
): unknown {
  const candidates = nodes(value).filter((n) => filter(n.value));
  if (candidates.length === 0) return change(value);
  const chosen = candidates[pick % candidates.length]!;
  return replaceAt(value, chosen.path, change(chosen.value));
}

/** `mutate` where any node may be picked: it becomes `make()`. */
const replaceAny = (value: unknown, pick: number, make: () => unknown) =>
  mutate(value, pick, () => true, make);

const isString = (v: unknown) => typeof v === "string";
const isLeaf = (v: unknown) => v === null || typeof v !== "object" || v instanceof Raw;
const isObject = (v: unknown) => !!v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Raw);

function withExtra(value: unknown, key: string, extra: unknown): unknown {
  const base = isObject(value) ? { ...(value as object) } : {};
  return withOwnKey(base as Record<string, unknown>, key, extra);
}

/** How the input travels: GET queries carry it in the URL (bounded by the header size), the rest in the body. */
function inUrl(target: Target, method: string): boolean {
  return target.kind === "trpc" && method === "GET";
}

/** The target's URL with its path parameters filled (REST) or the procedure path (tRPC), plus the query. */
function urlOf(target: Target, params: Record<string, string>, inputText: string | undefined): string {
  if (target.kind === "trpc")
    return `/trpc/${target.path}${inputText !== undefined ? `?input=${encodeURIComponent(inputText)}` : ""}`;
  return target.url.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? "x");
}

/** Variants of a path that a router or a guard may read differently: encodings, slashes, dot-segments, case. */
export const pathVariants: ((path: string) => string)[] = [
  (p) => p.replace(/^\/(\w)/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
  (p) =>
    p.replace(
      /^\/(\w)(\w)/,
      (_m, a: string, b: string) => `/${a}%${b.charCodeAt(0).toString(16).toUpperCase()}`,
    ),
  (p) => `/${p}`,
  (p) => p.replace(/^\/(\w+)\//, "/$1//"),
  (p) => p.replace(/^\/(\w+)\//, "/$1/./"),
  (p) => `/x/..${p}`,
  (p) => p.replace(/^\/(\w+)\//, "/$1/%2e/"),
  (p) => p.replace(/^\/(\w+)\//, "/$1/x/%2e%2e/"),
  (p) => p.replace(/^\/(\w+)/, (_m, s: string) => `/${s.toUpperCase()}`),
  (p) => p.replace(/^\/(\w)/, (_m, c: string) => `/${c.toUpperCase()}`),
  (p) => `${p.split("?")[0]}/${p.includes("?") ? `?${p.split("?")[1]}` : ""}`,
  (p) => p.replace(/^\/(\w+)\//, "/$1%2f"),
  (p) => p.replace(/^\/(\w+)\//, "/$1\\"),
  (p) => `${p.split("?")[0]};x=1${p.includes("?") ? `?${p.split("?")[1]}` : ""}`,
  (p) => p.replace(/^\//, "/%2f"),
];

export interface CaseChoices {
  cls: PayloadClass;
  input: unknown;
  pick: number;
  variant: number;
  params: Record<string, string>;
}

/** The classes in proportion to their weights, as a cycle every round of targets walks through. */
const classCycle: PayloadClass[] = payloadClasses
  .filter((c) => c !== "pathParam")
  .flatMap((c) => Array.from({ length: weights[c] }, () => c));

/**
 * The class of the `round`-th case of the `targetIndex`-th target: a weighted cycle, shifted per
 * round, so every round of targets covers every class and every target meets every class over
 * rounds; routes with path parameters get a `pathParam` case every fourth round.
 */
export function classFor(target: Target, targetIndex: number, round: number): PayloadClass {
  if (target.kind === "rest" && target.params.length > 0 && round % 4 === 1) return "pathParam";
  return classCycle[(round * 7 + targetIndex) % classCycle.length]!;
}

/** The fast-check arbitrary of one case against `target`: a valid-looking input and the hostile change's choices. */
export function caseArbitrary(target: Target, pool: SeedPool): fc.Arbitrary<Omit<CaseChoices, "cls">> {
  const params: fc.Arbitrary<Record<string, string>> =
    target.kind === "rest" && target.params.length
      ? fc.record(Object.fromEntries(target.params.map((p) => [p, paramArbitrary(p, pool)])))
      : fc.constant({});
  return fc.record({
    input: target.hasInput ? validish(target.schema, pool) : fc.constant(undefined),
    pick: fc.nat(1_000_000),
    variant: fc.nat(1_000_000),
    params,
  });
}

function paramArbitrary(name: string, pool: SeedPool): fc.Arbitrary<string> {
  if (name === "id")
    return fc.oneof(
      fc.constantFrom(...pool.strings.filter((s) => /^\d+$/.test(s)).concat(["1"])),
      fc.bigInt({ min: 1n, max: 9223372036854775807n }).map(String),
    );
  if (name === "code")
    return fc.oneof(
      fc.constantFrom(...pool.strings.filter((s) => /^[A-Za-z][\w.-]*$/.test(s)).concat(["order.placed"])),
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,20}$/),
    );
  return fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
    fc.constant("v1.abc.def"),
  );
}

/** Turns a case's choices into the request bytes. */
export function buildRequest(target: Target, c: CaseChoices): FuzzRequest {
  const method0 = target.kind === "trpc" ? (target.type === "mutation" ? "POST" : "GET") : target.method;
  const bodyAllowed = method0 !== "GET";
  const urlBound = inUrl(target, method0);
  let method = method0;
  let input = c.input;
  let params = c.params;
  let note: string = c.cls;
  let contentType: string | undefined = bodyAllowed ? "application/json" : undefined;
  let bodyText: string | undefined;
  let rawBody: Buffer | undefined;
  let pathTransform = (p: string) => p;
  const headers: Record<string, string> = {};

  switch (c.cls) {
    case "valid":
      break;
    case "nul":
    case "surrogate": {
      const bad = (c.cls === "nul" ? nulStrings : surrogateStrings)[c.variant % 3]!;
      input =
        c.pick % 4 === 0
          ? withExtra(input, ["processKey", "note", "x", "\u0000"][c.variant % 4]!, bad)
          : mutate(input, c.pick, isString, (s) =>
              typeof s === "string" ? `${s.slice(0, 3)}${bad}${s.slice(3)}` : bad,
            );
      note = `${c.cls} ${JSON.stringify(bad)}`;
      break;
    }
    case "overlong": {
      const length = urlBound ? 3_000 : [10_001, 100_000, 300_000][c.variant % 3]!;
      input = mutate(input, c.pick, isString, () => "x".repeat(length));
      note = `string of ${length}`;
      break;
    }
    case "number": {
      const n = weirdNumbers[c.variant % weirdNumbers.length]!;
      input = mutate(
        input,
        c.pick,
        (v) => typeof v === "number" || isLeaf(v),
        () => new Raw(n),
      );
      note = `number ${n}`;
      break;
    }
    case "wrongType": {
      const w = wrongTypes[c.variant % wrongTypes.length];
      input = replaceAny(input, c.pick, () => w);
      note = `wrong type ${JSON.stringify(w)}`;
      break;
    }
    case "proto": {
      const key = protoKeys[c.variant % protoKeys.length]!;
      const polluted = {
        roles: ["admin"],
        isAdmin: true,
        polluted: 1,
        toString: 1,
        prototype: { polluted: 1 },
      };
      input =
        c.pick % 2 === 0
          ? withExtra(input, key, polluted)
          : mutate(input, c.pick, isObject, (o) => withExtra(o, key, polluted));
      note = `key ${key}`;
      break;
    }
    case "deep": {
      const depth = urlBound ? 1_500 : 10_000;
      input = replaceAny(input, c.pick, () => deepNesting(depth, c.variant % 2 === 0 ? "array" : "object"));
      note = `nesting ${depth}`;
      break;
    }
    case "hugeArray": {
      const n = urlBound ? 1_000 : 200_000;
      input = replaceAny(input, c.pick, () => new Raw(`[${"0,".repeat(n - 1)}0]`));
      note = `array of ${n}`;
      break;
    }
    case "extraField": {
      const values = [
        new Raw("1e309"),
        "\u0000",
        "\ud800",
        { $ne: null },
        new Raw("9223372036854775808"),
        "x".repeat(5_000),
      ];
      const v = values[c.variant % values.length];
      input = withExtra(input, ["processKey", "businessKey", "actor", "roles", "zzz"][c.pick % 5]!, v);
      note = `extra field ${jsonText(v).slice(0, 30)}`;
      break;
    }
    case "bigBody": {
      if (urlBound) {
        input = "q".repeat(20_000);
        note = "20 KB query (header size)";
      } else {
        bodyText = `{"x":"${"a".repeat(10 * 1024 * 1024)}"}`;
        note = "10 MB body";
      }
      break;
    }
    case "contentType": {
      if (!bodyAllowed) {
        headers["content-type"] = "text/plain";
        note = "GET with a text/plain body";
        rawBody = Buffer.from("hello");
      } else {
        contentType = badContentTypes[c.variant % badContentTypes.length]!;
        note = `content-type ${JSON.stringify(contentType)}`;
      }
      break;
    }
    case "malformedJson": {
      const f = malformations[c.variant % malformations.length]!;
      bodyText = f(jsonText(input ?? {}));
      note = `malformed ${JSON.stringify(bodyText.slice(0, 30))}`;
      break;
    }
    case "invalidUtf8": {
      input =
        c.pick % 3 === 0
          ? withExtra(input, "x", byteMarker)
          : mutate(input, c.pick, isString, () => byteMarker);
      note = `bytes ${invalidUtf8[c.variant % invalidUtf8.length]!.map((b) => b.toString(16)).join(" ")}`;
      break;
    }
    case "path": {
      const variant = pathVariants[c.variant % pathVariants.length]!;
      pathTransform = variant;
      note = `path variant ${c.variant % pathVariants.length}`;
      break;
    }
    case "pathParam": {
      const name = (target as { params: string[] }).params[
        c.pick % (target as { params: string[] }).params.length
      ]!;
      params = { ...params, [name]: pathParamValues[c.variant % pathParamValues.length]! };
      note = `:${name} = ${params[name]!.slice(0, 30)}`;
      break;
    }
    case "method": {
      const others = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"].filter((m) => m !== method0);
      method = others[c.variant % others.length]!;
      contentType = method === "GET" || method === "OPTIONS" ? undefined : "application/json";
      note = `method ${method}`;
      break;
    }
    case "crossOrigin": {
      const variants = [
        { origin: "http://evil.example" },
        { "sec-fetch-site": "cross-site" },
        { origin: "null" },
      ];
      Object.assign(headers, variants[c.variant % variants.length]);
      note = `cross-origin ${JSON.stringify(variants[c.variant % variants.length])}`;
      break;
    }
  }

  const sendsBody = method !== "GET" && method !== "OPTIONS" && (bodyAllowed || method !== method0);
  let inputText: string | undefined;
  if (target.kind === "trpc" && method === "GET")
    inputText = input === undefined ? undefined : jsonText(input);
  else if (sendsBody && bodyText === undefined && rawBody === undefined) bodyText = jsonText(input ?? {});

  let body: Buffer | undefined = rawBody;
  if (bodyText !== undefined) body = encodeWithBytes(bodyText, invalidUtf8[c.variant % invalidUtf8.length]!);
  let path = urlOf(target, params, inputText !== undefined ? inputText : undefined);
  if (c.cls === "invalidUtf8" && inputText !== undefined) {
    // The marker, JSON-escaped in the query, becomes percent-encoded invalid bytes.
    const marker = encodeURIComponent(JSON.stringify(byteMarker).slice(1, -1));
    path = path.replace(
      marker,
      invalidUtf8[c.variant % invalidUtf8.length]!.map(
        (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
      ).join(""),
    );
  }
  path = pathTransform(path);
  if (contentType !== undefined && contentType !== "" && body !== undefined)
    headers["content-type"] = contentType;
  return { cls: c.cls, method, path, headers, ...(body !== undefined ? { body } : {}), note };
}

/** UTF-8 of `text` with the marker (JSON-escaped in the text) replaced by raw `bytes`. */
function encodeWithBytes(text: string, bytes: number[]): Buffer {
  const marker = JSON.stringify(byteMarker).slice(1, -1);
  const parts = text.split(marker);
  if (parts.length === 1) return Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0) chunks.push(Buffer.from(bytes));
    chunks.push(Buffer.from(p, "utf8"));
  });
  return Buffer.concat(chunks);
}
