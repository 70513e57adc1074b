// The benches' HTTP client: node:http with keep-alive connections, as load generators (wrk,
// autocannon) talk to a server. The raw baselines go through `pg`, a lean client; Node's `fetch`
// (undici behind WHATWG Request/Response objects and streams) costs about 0.3 ms more per call on
// the client's side (bench/runtime/searchProfile.ts prints both), which is not the server's time.
import http from "node:http";

export interface HttpAnswer {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
}

export interface HttpClient {
  request(
    method: "GET" | "POST",
    path: string,
    options?: { headers?: Record<string, string>; body?: unknown },
  ): Promise<HttpAnswer>;
  close(): void;
}

/** A keep-alive client for `base` (`http://host:port`); each call answers the status and the body's text. */
export function httpClient(base: string): HttpClient {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true });
  return {
    request(method, path, options = {}) {
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path,
            method,
            agent,
            headers: {
              ...(body === undefined
                ? {}
                : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
              ...options.headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                text: Buffer.concat(chunks).toString("utf8"),
                headers: res.headers,
              }),
            );
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
