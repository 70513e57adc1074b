import { isRole, roles } from "../auth/permissions.ts";
import type { Role } from "../auth/permissions.ts";
import { ConfigError } from "./ConfigError.ts";
import type { Env } from "./env.ts";
import { splitList } from "./env.ts";

/** The OIDC sign-in, when configured (`FLOWSTATE_OIDC_*`). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUrl: string;
  /** The button label: "Sign in with <name>". */
  name: string;
  scopes: string;
  rolesClaim: string;
  groupsClaim: string;
  defaultRoles: Role[];
  /** http:// issuer allowed (development only). */
  allowHttp: boolean;
}

const oidcCallbackPath = "/api/auth/oidc/callback";

/** `FLOWSTATE_OIDC_*` → `OidcConfig` (undefined when off); a partial setting is an error naming what is missing. */
export function readOidc(e: Env): OidcConfig | undefined {
  const given = Object.entries(e)
    .filter(([k, v]) => k.startsWith("FLOWSTATE_OIDC_") && v !== undefined)
    .map(([k]) => k);
  if (given.length === 0) return undefined;
  const missing = [
    ...(e.FLOWSTATE_OIDC_ISSUER ? [] : ["FLOWSTATE_OIDC_ISSUER"]),
    ...(e.FLOWSTATE_OIDC_CLIENT_ID ? [] : ["FLOWSTATE_OIDC_CLIENT_ID"]),
  ];
  if (!e.FLOWSTATE_OIDC_REDIRECT_URL && !e.FLOWSTATE_PUBLIC_URL)
    missing.push("FLOWSTATE_OIDC_REDIRECT_URL (or FLOWSTATE_PUBLIC_URL)");
  if (missing.length)
    throw new ConfigError(
      `invalid configuration: OIDC sign-in is half configured (${given.join(", ")} set): also set ${missing.join(", ")}`,
    );
  const allowHttp = e.FLOWSTATE_OIDC_ALLOW_HTTP === "true" || e.FLOWSTATE_OIDC_ALLOW_HTTP === "1";
  const issuer = new URL(e.FLOWSTATE_OIDC_ISSUER!);
  if (issuer.protocol !== "https:" && !(allowHttp && issuer.protocol === "http:")) {
    throw new ConfigError(
      "invalid configuration: FLOWSTATE_OIDC_ISSUER must be an https:// URL (FLOWSTATE_OIDC_ALLOW_HTTP=true allows http:// for development)",
    );
  }
  const redirectUrl =
    e.FLOWSTATE_OIDC_REDIRECT_URL ?? new URL(oidcCallbackPath, e.FLOWSTATE_PUBLIC_URL).toString();
  if (new URL(redirectUrl).pathname !== oidcCallbackPath)
    throw new ConfigError(
      `invalid configuration: FLOWSTATE_OIDC_REDIRECT_URL must end in ${oidcCallbackPath}`,
    );
  const defaultRoles = splitList(e.FLOWSTATE_OIDC_DEFAULT_ROLES ?? "");
  const unknown = defaultRoles.filter((r) => !isRole(r));
  if (unknown.length)
    throw new ConfigError(
      `invalid configuration: FLOWSTATE_OIDC_DEFAULT_ROLES has unknown roles ${unknown.join(", ")} (known: ${roles.join(", ")})`,
    );
  const scopes = e.FLOWSTATE_OIDC_SCOPES ?? "openid profile email";
  if (!scopes.split(/\s+/).includes("openid"))
    throw new ConfigError("invalid configuration: FLOWSTATE_OIDC_SCOPES must include openid");
  return {
    issuer: e.FLOWSTATE_OIDC_ISSUER!,
    clientId: e.FLOWSTATE_OIDC_CLIENT_ID!,
    ...(e.FLOWSTATE_OIDC_CLIENT_SECRET ? { clientSecret: e.FLOWSTATE_OIDC_CLIENT_SECRET } : {}),
    redirectUrl,
    name: e.FLOWSTATE_OIDC_NAME ?? "single sign-on",
    scopes,
    rolesClaim: e.FLOWSTATE_OIDC_ROLES_CLAIM ?? "roles",
    groupsClaim: e.FLOWSTATE_OIDC_GROUPS_CLAIM ?? "groups",
    defaultRoles: defaultRoles.filter(isRole),
    allowHttp,
  };
}
