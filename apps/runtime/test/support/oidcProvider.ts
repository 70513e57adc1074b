import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";

/** Claims of one account of the test provider (besides `sub`, which is its key). */
export type AccountClaims = {
  preferred_username?: string;
  email?: string;
  name?: string;
  roles?: unknown;
  groups?: unknown;
  [claim: string]: unknown;
};

export interface TestProvider {
  /** The issuer URL (http://127.0.0.1:<port>). */
  issuer: string;
  /** Accounts by `sub`: tests change claims between sign-ins. */
  accounts: Map<string, AccountClaims>;
  /** Who signs in at the next interaction (the provider's "login form" answers as this account). */
  signInAs(sub: string): void;
  /** Registers the relying party (after its callback URL is known); the provider answers 503 before. */
  configure(client: { clientId: string; clientSecret: string; redirectUri: string }): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (`oidc-provider`) on a real port, for the OIDC sign-in tests. Its login
 * "form" is programmatic: an interaction signs in as `signInAs`'s account at once; consent is
 * pre-granted for the client (openid, profile, email, and the roles/groups claims). Everything
 * else — discovery, authorization endpoint, PKCE, code single use, signed ID tokens, UserInfo — is
 * the provider's own.
 */
export async function startTestProvider(): Promise<TestProvider> {
  const accounts = new Map<string, AccountClaims>();
  let next: string | undefined;
  let provider: Provider | undefined;
  const server = http.createServer((req, res) => {
    if (!provider) {
      res.writeHead(503).end("provider not configured yet");
      return;
    }
    if (req.url?.startsWith("/interaction/")) {
      void (async () => {
        try {
          const details = await provider!.interactionDetails(req, res);
          if (details.prompt.name !== "login" || !next)
            throw new Error(`unexpected interaction ${details.prompt.name}`);
          await provider!.interactionFinished(
            req,
            res,
            { login: { accountId: next } },
            { mergeWithLastSubmission: false },
          );
        } catch (error) {
          res.writeHead(500).end(String(error));
        }
      })();
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    accounts,
    signInAs(sub) {
      next = sub;
    },
    configure(client) {
      provider = new Provider(issuer, {
        clients: [
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            redirect_uris: [client.redirectUri],
            grant_types: ["authorization_code"],
            response_types: ["code"],
          },
        ],
        claims: {
          openid: ["sub"],
          profile: ["name", "preferred_username", "roles", "groups"],
          email: ["email"],
        },
        findAccount: (_ctx: KoaContextWithOIDC, sub: string) => {
          const claims = accounts.get(sub);
          return claims ? { accountId: sub, claims: () => ({ ...claims, sub }) } : undefined;
        },
        interactions: {
          url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
        },
        // First-party client: consent is granted without asking (the grant is made on the spot).
        loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
          const clientId = ctx.oidc.client!.clientId;
          const existing = ctx.oidc.session!.grantIdFor(clientId);
          if (existing) return ctx.oidc.provider.Grant.find(existing);
          const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId! });
          grant.addOIDCScope("openid profile email");
          await grant.save();
          return grant;
        },
        features: { devInteractions: { enabled: false } },
        cookies: { keys: ["test-provider-cookie-key-0123456789"] },
        jwks: {
          keys: [
            {
              ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
              kid: "test-key",
              alg: "RS256",
              use: "sig",
            },
          ],
        },
        ttl: {
          Interaction: 600,
          Session: 600,
          Grant: 600,
          AuthorizationCode: 60,
          AccessToken: 600,
          IdToken: 600,
        },
      });
      // Our own HTTP server: the provider trusts nothing from proxies.
      provider.on("server_error", (_ctx, error) => console.error("test provider error", error));
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
