import { fastifyCookie } from "@fastify/cookie";

const { parse, serialize } = fastifyCookie;

/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/. Over HTTPS it is `Secure` and carries the
 * `__Host-` prefix (the browser then refuses it from subdomains or without Secure); plain HTTP
 * (localhost development, the e2e suite) cannot use either, so the name drops the prefix there.
 */
export function sessionCookie(secure: boolean) {
  const name = secure ? "__Host-flowstate_session" : "flowstate_session";
  return {
    name,
    serialize(token: string, expires: Date): string {
      return serialize(name, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires });
    },
    clear(): string {
      return serialize(name, "", { httpOnly: true, sameSite: "lax", secure, path: "/", expires: new Date(0) });
    },
    read(header: string | undefined): string | undefined {
      return header ? parse(header)[name] : undefined;
    },
  };
}
