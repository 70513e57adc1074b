import { timingSafeEqual } from "node:crypto";
import { sha256Digest } from "./sha256Digest.ts";
import * as oidc from "openid-client";
import type { OidcConfig } from "../config/oidc.ts";
import type { Database } from "../db/openDatabase.ts";
import type { Clock } from "../clock.ts";
import { isRole } from "./permissions.ts";
import type { Role } from "./permissions.ts";
import { sessionCacheOf } from "./sessionCache.ts";

/** How long a started sign-in may take at the provider before its callback is refused. */
export const oidcFlowTtlMs = 10 * 60 * 1000;

/**
 * Why a callback was refused (the code the login page shows; the audit record's `reason`):
 * - `state`: no flow cookie, a state that does not match it, or a flow unknown, used or expired
 *   (a replayed or forged callback, or a sign-in started in another browser);
 * - `provider`: the provider answered with an error (the user cancelled, no access…);
 * - `token`: the code exchange or the ID token failed validation (issuer, audience, signature,
 *   nonce, expiry, PKCE, a code used before);
 * - `disabled`: the account linked to this subject is disabled;
 * - `unavailable`: the provider could not be reached (discovery failed; retried on the next try).
 */
export type OidcRefusal = "state" | "provider" | "token" | "disabled" | "unavailable";

export type OidcResult =
  | { ok: true; user: { id: string; username: string; roles: Role[]; groups: string[] }; created: boolean }
  | { ok: false; reason: OidcRefusal; detail?: Record<string, unknown>; username?: string; userId?: string };

/** The provider could not be reached or its discovery document was refused. */
export class OidcUnavailableError extends Error {
  override name = "OidcUnavailableError";
}

function digest(value: string): string {
  return sha256Digest(value).toString("base64url");
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A claim by name (`https://example.com/roles` works as is) or by dotted path (`realm_access.roles`). */
export function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split(".")) {
    if (!value || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, part))
      return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A claim holding a list: an array of strings, or one string of space- or comma-separated values. */
function claimList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[\s,]+/) : [];
  return items
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.trim())
    .filter((v) => v.length > 0 && v.length <= 200);
}

/**
 * Flowstate roles and groups from the claims: only the known roles (case-insensitive) count,
 * anything else in the roles claim is ignored; no known role → `defaultRoles`.
 */
export function mapClaims(
  claims: Record<string, unknown>,
  settings: Pick<OidcConfig, "rolesClaim" | "groupsClaim" | "defaultRoles">,
): { roles: Role[]; groups: string[] } {
  const named = claimList(claimValue(claims, settings.rolesClaim))
    .map((r) => r.toLowerCase())
    .filter(isRole);
  const roles = [...new Set(named.length ? named : settings.defaultRoles)];
  const groups = [...new Set(claimList(claimValue(claims, settings.groupsClaim)))].slice(0, 100);
  return { roles, groups };
}

/** A username from a claim, reduced to the characters local usernames allow; undefined when nothing is left. */
function usernameFrom(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const name = value
    .trim()
    .replace(/[^A-Za-z0-9._@-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 90);
  return name || undefined;
}

function isUniqueViolation(error: unknown, field: string): boolean {
  const e = error as {
    code?: string;
    meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } };
    message?: string;
  };
  if (e?.code !== "P2002") return false;
  const text = JSON.stringify(e.meta ?? {}) + String(e.message ?? "");
  return text.includes(field);
}

/**
 * The optional OIDC sign-in (issue 8): Authorization Code flow with PKCE, `state` and `nonce`,
 * through `openid-client`. `start` records the flow server-side (table `oidc_login_flow`, keyed by
 * the state's digest; the browser holds the state in an HttpOnly cookie), `finish` takes the flow
 * back exactly once, has openid-client check the callback and the ID token (state, issuer,
 * audience, signature, nonce, PKCE), and finds or creates the user by `oidcSubject` only — never
 * by username, so a provider account can never take over a local one.
 *
 * The provider's discovery document is read on first use and kept; when it fails the next sign-in
 * tries again, so the runtime boots while the provider is down.
 */
export class OidcSignIn {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(
    readonly settings: OidcConfig,
    private readonly deps: { db: Database; clock: Clock },
  ) {}

  /** The provider's configuration (discovered once; a failure is not kept). */
  async configuration(): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret ? { client_secret: this.settings.clientSecret } : {},
        this.settings.clientSecret ? oidc.ClientSecretBasic(this.settings.clientSecret) : oidc.None(),
        { timeout: 10, ...(this.settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : {}) },
      )
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw new OidcUnavailableError(
          `OIDC provider ${this.settings.issuer} unavailable: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      });
    return this.discovered;
  }

  /** Starts a sign-in: the provider URL to redirect to and the state for the browser's flow cookie. */
  async start(): Promise<{ url: URL; state: string }> {
    const config = await this.configuration();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const now = this.deps.clock.now();
    // Abandoned flows are swept here: rows live at most oidcFlowTtlMs past their start.
    await this.deps.db.prisma.oidcLoginFlow.deleteMany({ where: { expiresAt: { lte: now } } });
    await this.deps.db.prisma.oidcLoginFlow.create({
      data: {
        id: digest(state),
        nonce,
        codeVerifier,
        createdAt: now,
        expiresAt: new Date(now.getTime() + oidcFlowTtlMs),
      },
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      response_type: "code",
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return { url, state };
  }

  /**
   * Completes a sign-in from the callback's query string and the browser's flow cookie. Refusals
   * say why; on success the user exists, is enabled and has the roles and groups of these claims.
   */
  async finish(query: string, cookieState: string | undefined): Promise<OidcResult> {
    const params = new URLSearchParams(query);
    const state = params.get("state");
    if (!state || !cookieState)
      return { ok: false, reason: "state", detail: { why: state ? "no flow cookie" : "no state" } };
    if (!sameString(state, cookieState))
      return { ok: false, reason: "state", detail: { why: "state does not match this browser's flow" } };
    // Take the flow exactly once: of two callbacks with the same state only one deletes the row.
    const id = digest(state);
    const flow = await this.deps.db.prisma.oidcLoginFlow.findUnique({ where: { id } });
    const taken = flow
      ? (await this.deps.db.prisma.oidcLoginFlow.deleteMany({ where: { id } })).count === 1
      : false;
    if (!flow || !taken)
      return { ok: false, reason: "state", detail: { why: "unknown or already used flow" } };
    if (flow.expiresAt <= this.deps.clock.now())
      return { ok: false, reason: "state", detail: { why: "flow expired" } };

    let config: oidc.Configuration;
    try {
      config = await this.configuration();
    } catch (error) {
      return {
        ok: false,
        reason: "unavailable",
        detail: { message: (error as Error).message.slice(0, 300) },
      };
    }
    const currentUrl = new URL(this.settings.redirectUrl);
    currentUrl.search = params.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      claims = { ...idClaims };
      // Profile and role claims may come only from the UserInfo endpoint (its `sub` must match).
      if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...idClaims };
      }
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) {
        return {
          ok: false,
          reason: "provider",
          detail: {
            error: error.error.slice(0, 100),
            ...(error.error_description ? { description: error.error_description.slice(0, 300) } : {}),
          },
        };
      }
      // openid-client's error wraps oauth4webapi's, which names the failed check (e.g. the `nonce` claim).
      const e = error as {
        code?: string;
        message?: string;
        error?: string;
        cause?: { message?: string; cause?: { claim?: string } };
      };
      const cause = e.cause && typeof e.cause === "object" ? e.cause : undefined;
      return {
        ok: false,
        reason: "token",
        detail: {
          ...(e.code ? { code: e.code } : {}),
          ...(e.error ? { error: e.error } : {}),
          message: String(e.message ?? error).slice(0, 300),
          ...(typeof cause?.message === "string" && cause.message !== e.message
            ? { cause: cause.message.slice(0, 300) }
            : {}),
          ...(typeof cause?.cause?.claim === "string" ? { claim: cause.cause.claim } : {}),
        },
      };
    }

    const subject = `${String(claims.iss)}|${String(claims.sub)}`;
    const { roles, groups } = mapClaims(claims, this.settings);
    const displayName = (
      typeof claims.name === "string" && claims.name.trim() ? claims.name.trim() : undefined
    )?.slice(0, 200);
    const prisma = this.deps.db.prisma;
    const existing = await prisma.appUser.findUnique({
      where: { oidcSubject: subject },
      select: { id: true, username: true, disabled: true },
    });
    if (existing) {
      if (existing.disabled)
        return {
          ok: false,
          reason: "disabled",
          username: existing.username,
          userId: existing.id,
          detail: { subject },
        };
      // Roles and groups follow the provider at every sign-in; the username stays as first given.
      await prisma.appUser.update({
        where: { id: existing.id },
        data: { roles, groups, ...(displayName ? { displayName } : {}) },
      });
      sessionCacheOf(this.deps.db).forgetUser(existing.id);
      return {
        ok: true,
        user: { id: existing.id, username: existing.username, roles, groups },
        created: false,
      };
    }
    const base =
      usernameFrom(claims.preferred_username) ??
      usernameFrom(claims.email) ??
      usernameFrom(claims.sub) ??
      "oidc-user";
    for (let attempt = 1; attempt <= 50; attempt++) {
      const username =
        attempt === 1
          ? base
          : attempt < 40
            ? `${base}-${attempt}`
            : `${base}-${oidc.randomState().slice(0, 8)}`;
      if (await prisma.appUser.findUnique({ where: { username }, select: { id: true } })) continue;
      try {
        const user = await prisma.appUser.create({
          data: {
            username,
            displayName: displayName ?? username,
            passwordHash: null,
            oidcSubject: subject,
            roles,
            groups,
          },
          select: { id: true, username: true },
        });
        return { ok: true, user: { ...user, roles, groups }, created: true };
      } catch (error) {
        if (isUniqueViolation(error, "oidc_subject") || isUniqueViolation(error, "oidcSubject")) {
          // The same subject's first sign-in ran twice at once: the other one created the user.
          const other = await prisma.appUser.findUniqueOrThrow({
            where: { oidcSubject: subject },
            select: { id: true, username: true, disabled: true },
          });
          if (other.disabled)
            return {
              ok: false,
              reason: "disabled",
              username: other.username,
              userId: other.id,
              detail: { subject },
            };
          return {
            ok: true,
            user: { id: other.id, username: other.username, roles, groups },
            created: false,
          };
        }
        if (!isUniqueViolation(error, "username")) throw error;
      }
    }
    throw new Error(`no free username for OIDC subject ${subject}`);
  }
}
