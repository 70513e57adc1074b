import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { appRouter } from "../src/trpc/appRouter.ts";
import { createCallerFactory, authorizedProcedure, router } from "../src/trpc/trpc.ts";
import {
  isExternalCredential,
  procedurePermissions,
  restPermissions,
  roles,
  rolesWithPermission,
} from "../src/auth/permissions.ts";
import type { Role } from "../src/auth/permissions.ts";
import { anonymousActor } from "../src/auth/Actor.ts";
import type { Actor } from "../src/auth/Actor.ts";
import { createServer } from "../src/server/createServer.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import { fetchJson } from "./support/http.ts";
import { signIn } from "./support/signIn.ts";

const createCaller = createCallerFactory(appRouter);
const procedurePaths = Object.keys(appRouter._def.procedures).sort();

function userActor(role: Role): Actor {
  return {
    kind: "user",
    id: `00000000-0000-4000-8000-00000000000${roles.indexOf(role)}`,
    name: `${role}-user`,
    roles: [role],
    groups: [],
  };
}

/** Calls a procedure by path with no input; "refused" only when the authorization check refused it. */
async function attempt(
  actor: Actor,
  t: TestContext,
  path: string,
): Promise<"allowed" | "UNAUTHORIZED" | "FORBIDDEN"> {
  const caller = createCaller({ ...t.ctx, actor }) as unknown as Record<
    string,
    Record<string, (input?: unknown) => Promise<unknown>>
  >;
  const [group, name] = path.split(".") as [string, string];
  try {
    const result = await caller[group]![name]!(undefined);
    // A subscription hands back its stream once authorized: close it.
    if (result && typeof result === "object" && Symbol.asyncIterator in result)
      await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
    return "allowed";
  } catch (error) {
    // Input validation (BAD_REQUEST) and the like come after the check: the call was let through.
    if (error instanceof TRPCError && (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN"))
      return error.code;
    if (error instanceof TRPCError) return "allowed";
    throw error;
  }
}

function expected(path: string, who: Role | "anonymous"): "allowed" | "UNAUTHORIZED" | "FORBIDDEN" {
  const permission = procedurePermissions[path];
  if (permission === "public") return "allowed";
  if (who === "anonymous") return "UNAUTHORIZED";
  if (permission === "signedIn") return "allowed";
  return who === "admin" || rolesWithPermission[permission!].includes(who) ? "allowed" : "FORBIDDEN";
}

describe("authorization: every procedure × every role against the permission table", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext("authz");
  });
  afterAll(async () => {
    await t.close();
  });

  it("has a table entry for every procedure of appRouter, and none for procedures that do not exist", () => {
    expect(procedurePaths.length).toBeGreaterThan(40);
    expect(procedurePaths.filter((p) => !Object.hasOwn(procedurePermissions, p))).toEqual([]);
    expect(Object.keys(procedurePermissions).filter((p) => !procedurePaths.includes(p))).toEqual([]);
  });

  it("answers every procedure for every role and for anonymous exactly as the table says: 0 mismatches", async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const path of procedurePaths) {
      for (const who of [...roles, "anonymous"] as const) {
        const actor = who === "anonymous" ? anonymousActor() : userActor(who);
        const got = await attempt(actor, t, path);
        checked++;
        if (got !== expected(path, who))
          mismatches.push(`${path} as ${who}: expected ${expected(path, who)}, got ${got}`);
      }
    }
    expect(checked).toBe(procedurePaths.length * (roles.length + 1));
    expect(mismatches).toEqual([]);
  });

  it("matches the roles of issue 8: analysts draw and publish, operators operate, migrate and perform, workers perform, viewers only read", async () => {
    const allowed = async (role: Role, path: string) =>
      (await attempt(userActor(role), t, path)) === "allowed";
    expect(await allowed("analyst", "version.publish")).toBe(true);
    expect(await allowed("analyst", "process.create")).toBe(true);
    expect(await allowed("analyst", "migration.start")).toBe(false);
    expect(await allowed("analyst", "instance.cancel")).toBe(false);
    expect(await allowed("operator", "migration.start")).toBe(true);
    expect(await allowed("operator", "instance.cancel")).toBe(true);
    expect(await allowed("operator", "instance.retryIncident")).toBe(true);
    expect(await allowed("operator", "instance.acknowledge")).toBe(true);
    expect(await allowed("operator", "version.publish")).toBe(false);
    expect(await allowed("operator", "version.saveDraft")).toBe(false);
    expect(await allowed("worker", "instance.perform")).toBe(true);
    // Operators do the manual work too (issue 18; an action's role still narrows who may: performAuthorizer).
    expect(await allowed("operator", "instance.perform")).toBe(true);
    expect(await allowed("analyst", "instance.perform")).toBe(false);
    expect(await allowed("worker", "instance.cancel")).toBe(false);
    expect(await allowed("worker", "version.publish")).toBe(false);
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    for (const path of procedurePaths.filter((p) => procedures[p]!._def.type === "mutation")) {
      expect(await allowed("viewer", path), path).toBe(false);
    }
    expect(await allowed("viewer", "instance.list")).toBe(true);
    expect(await allowed("admin", "user.create")).toBe(true);
    expect(await allowed("operator", "user.create")).toBe(false);
  });

  it("refuses a procedure missing from the table even for an admin (fail closed), and audits the refusal", async () => {
    const extended = router({ rogue: router({ run: authorizedProcedure.mutation(() => "ran") }) });
    const caller = createCallerFactory(extended)({ ...t.ctx, actor: userActor("admin") });
    const before = await t.db.prisma.auditEvent.count({ where: { action: "rogue.run" } });
    await expect(caller.rogue.run()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.prisma.auditEvent.count({ where: { action: "rogue.run", outcome: "denied" } })).toBe(
      before + 1,
    );
  });
});

describe("authorization: every REST route × every role against the REST permission table", () => {
  let t: TestContext;
  let base: string;
  let close: () => Promise<void>;
  /** `METHOD /url` of every route Fastify registered (HEAD twins of GET routes left out). */
  const registered = new Set<string>();
  const password = "a long password for every role";

  beforeAll(async () => {
    t = await createTestContext("authzrest");
    for (const role of roles) await createUser(t.db, { username: `${role}-rest`, password, roles: [role] });
    const app = await createServer({
      context: t.ctx,
      rateLimits: { loginPerMinute: 1000, apiPerMinute: 1000 },
      // OIDC on (its routes exist only then); discovery is lazy, the unreachable issuer is never needed to register them.
      oidc: {
        issuer: "http://127.0.0.1:9",
        clientId: "flowstate",
        redirectUrl: "http://127.0.0.1:9/api/auth/oidc/callback",
        name: "IdP",
        scopes: "openid",
        rolesClaim: "roles",
        groupsClaim: "groups",
        defaultRoles: [],
        allowHttp: true,
      },
      onRoute: ({ method, url }) => {
        for (const m of [method].flat()) if (m !== "HEAD") registered.add(`${m} ${url}`);
      },
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    close = () => app.close();
  });
  afterAll(async () => {
    await close?.();
    await t?.close();
  });

  const apiRoutes = () => [...registered].filter((r) => r.split(" ")[1]!.startsWith("/api/")).sort();

  it("has a table entry for every /api route Fastify registered, and every table entry is a registered route: 0 mismatches both ways", () => {
    expect(apiRoutes().length).toBeGreaterThanOrEqual(10);
    expect(apiRoutes().filter((r) => !Object.hasOwn(restPermissions, r))).toEqual([]);
    expect(Object.keys(restPermissions).filter((r) => !registered.has(r))).toEqual([]);
  });

  it("answers every session-authenticated REST route for every role and anonymous exactly as the table says (real HTTP, session cookies): 0 mismatches", async () => {
    const sessionRoutes = apiRoutes()
      .filter((r) => !isExternalCredential(restPermissions[r]))
      // Logout revokes the session it is called with: last.
      .sort((a, b) => Number(a === "POST /api/auth/logout") - Number(b === "POST /api/auth/logout"));
    expect(sessionRoutes).toContain("POST /api/auth/password");
    const cookies = new Map<Role, string>();
    for (const role of roles) cookies.set(role, (await signIn(base, `${role}-rest`, password)).cookie);
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of sessionRoutes) {
      const [method, url] = route.split(" ") as [string, string];
      const permission = restPermissions[route];
      for (const who of [...roles, "anonymous"] as const) {
        const cookie = who === "anonymous" ? undefined : cookies.get(who)!;
        const headers: Record<string, string> = {
          ...(cookie ? { cookie } : {}),
          ...(method === "GET" ? {} : { "content-type": "application/json" }),
        };
        // An empty JSON body: a let-through call ends in the handler (400 for a missing field, or its answer).
        const res = await fetch(`${base}${url.replace(/:(\w+)/g, "x-$1")}`, {
          method,
          headers,
          redirect: "manual",
          ...(method === "GET" ? {} : { body: "{}" }),
        });
        const body = (await res.text().then((x) => (x.startsWith("{") ? JSON.parse(x) : {}))) as {
          error?: { code?: string };
        };
        // Refused by the authorization guard = 401 UNAUTHORIZED / 403 FORBIDDEN with that typed code.
        const got =
          (res.status === 401 && body.error?.code === "UNAUTHORIZED") ||
          (res.status === 403 && body.error?.code === "FORBIDDEN")
            ? body.error!.code!
            : "allowed";
        const want =
          permission === "public"
            ? "allowed"
            : who === "anonymous"
              ? "UNAUTHORIZED"
              : permission === "signedIn" ||
                  who === "admin" ||
                  rolesWithPermission[permission as keyof typeof rolesWithPermission].includes(who)
                ? "allowed"
                : "FORBIDDEN";
        checked++;
        if (got !== want) mismatches.push(`${route} as ${who}: expected ${want}, got ${got} (${res.status})`);
      }
    }
    expect(checked).toBe(sessionRoutes.length * (roles.length + 1));
    expect(mismatches).toEqual([]);
    // The table's own refusals were audited like tRPC's.
    expect(
      await t.db.prisma.auditEvent.count({
        where: { action: "POST /api/auth/password", outcome: "unauthenticated" },
      }),
    ).toBe(1);
  });

  it("refuses a registered /api route missing from the table, even for an admin (fail closed)", async () => {
    const app = await createServer({ context: t.ctx });
    app.post("/api/rogue", async () => ({ ran: true }));
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const admin = await signIn(url, "admin-rest", password);
      const res = await fetchJson(`${url}/api/rogue`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: admin.cookie },
        body: "{}",
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    } finally {
      await app.close();
    }
  });
});
