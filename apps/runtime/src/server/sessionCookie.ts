import type { CookieSerializeOptions } from "@fastify/cookie";

/**
 * The session cookie (set and read through @fastify/cookie): HttpOnly, SameSite=Lax, Path=/. Over
 * HTTPS it is `Secure` and carries the `__Host-` prefix (the browser then refuses it from
 * subdomains or without Secure); plain HTTP (localhost development, the e2e suite) cannot use
 * either, so the name drops the prefix there.
 */
export function sessionCookie(secure: boolean): { name: string; options: CookieSerializeOptions } {
  return {
    name: secure ? "__Host-flowstate_session" : "flowstate_session",
    options: { httpOnly: true, sameSite: "lax", secure, path: "/" },
  };
}
