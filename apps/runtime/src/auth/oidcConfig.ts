import type { Role } from "./permissions.ts";

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

/** Where the identity provider sends the browser back (`oidcRoutes.ts`). */
export const oidcCallbackPath = "/api/auth/oidc/callback";
