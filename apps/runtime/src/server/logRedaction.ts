import type { FastifyRequest } from "fastify";

/** pino paths whose values never reach the log (session cookies, bearer tokens, API keys). */
export const logRedaction = {
  paths: [
    "req.headers.cookie",
    "req.headers.authorization",
    'req.headers["x-api-key"]',
    'res.headers["set-cookie"]',
    "password",
    "*.password",
    "currentPassword",
    "*.currentPassword",
    "newPassword",
    "*.newPassword",
    "token",
    "*.token",
  ],
  censor: "[redacted]",
};

/**
 * A callback URL carries its task token, an OIDC callback its authorization code and state, the
 * first-admin setup link (`/setup?token=…`) its one-time token: the logged request shows the route,
 * not them. Any other `token` query parameter is blanked too.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^\/api\/callbacks\/[^/?]+/, "/api/callbacks/[redacted]")
    .replace(/^(\/api\/auth\/oidc\/callback|\/setup\/?)\?.*$/, "$1?[redacted]")
    .replace(/([?&]token=)[^&#]*/gi, "$1[redacted]");
}

/** Replaces pino's request serializer: method, redacted URL, remote address; never headers or bodies. */
export function requestSerializer(request: FastifyRequest) {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
}
