import { apiScopes, v1Routes } from "@flowstate/client";
/**
 * THE permission table (issue 8 §2). Every tRPC procedure and every REST route is checked against
 * it: the tRPC base procedure's middleware looks up the procedure path (`authorizeProcedure`), a
 * Fastify hook looks up `METHOD /route` (`restAccess`). A path missing here is refused (fail
 * closed), and `test/authorization.test.ts` fails when a procedure of `appRouter` has no entry —
 * so a procedure added anywhere needs one line here, never an edit of its router.
 */
export const roles = ["admin", "analyst", "operator", "worker", "viewer"] as const;
export type Role = (typeof roles)[number];

/** What a role may do. `public` needs no sign-in; `signedIn` is any signed-in user. */
export type Permission =
  | "public"
  | "signedIn"
  | "read"
  | "draw"
  | "publish"
  | "start"
  | "perform"
  | "operate"
  | "migrate"
  | "audit"
  | "integrate"
  | "manageUsers"
  | "overrideScenarios";

/** Which roles hold each permission (admin holds all). */
export const rolesWithPermission: Record<Exclude<Permission, "public" | "signedIn">, readonly Role[]> = {
  read: ["admin", "analyst", "operator", "worker", "viewer"],
  draw: ["admin", "analyst"],
  publish: ["admin", "analyst"],
  start: ["admin", "operator", "worker"],
  // Operators and workers do the manual work; an action with a `role` only for those whose groups
  // include it (checked by `performAuthorizer`; docs/operate.md "Who may perform").
  perform: ["admin", "operator", "worker"],
  operate: ["admin", "operator"],
  migrate: ["admin", "operator"],
  audit: ["admin", "operator"],
  // Outbound webhooks send instance data to a URL of their choosing, and API keys let outside
  // systems signal instances and work jobs: admins only.
  integrate: ["admin"],
  manageUsers: ["admin"],
  // Publishing a draft whose scenarios fail (`version.publish` with `override`; audited).
  overrideScenarios: ["admin"],
};

/** tRPC procedure path → permission. */
export const procedurePermissions: Record<string, Permission> = {
  "health.get": "public",

  "auth.me": "public",

  "process.list": "read",
  "process.get": "read",
  "process.create": "draw",
  "process.import": "draw",
  "process.setRetention": "publish",

  "version.list": "read",
  "version.get": "read",
  "version.diff": "read",
  "version.saveDraft": "draw",
  "version.createDraft": "draw",
  "version.publish": "publish",
  "version.deprecate": "publish",
  "version.scenarios": "read",
  "version.saveScenarios": "draw",

  "instance.list": "read",
  "instance.get": "read",
  "instance.history": "read",
  "instance.view": "read",
  "instance.heat": "read",
  "instance.start": "start",
  "instance.businessKeyInUse": "read",
  "instance.perform": "perform",
  "instance.cancel": "operate",
  "instance.moveDryRun": "operate",
  "instance.move": "operate",
  "instance.setVariables": "operate",
  "instance.retryIncident": "operate",
  "instance.skipIncident": "operate",
  "instance.unlock": "operate",
  "instance.acknowledge": "operate",

  "task.list": "read",
  // who may claim, unclaim, set a follow-up: data-dependent, checked in `taskAssignment.ts`
  "task.claim": "perform",
  "task.unclaim": "perform",
  "task.setFollowUp": "perform",
  "task.assign": "operate",
  "task.candidates": "operate",
  "live.changes": "read",

  "migration.proposeMapping": "migrate",
  "migration.diff": "read",
  "migration.validatePlan": "migrate",
  "migration.dryRun": "migrate",
  "migration.create": "migrate",
  "migration.start": "migrate",
  "migration.pause": "migrate",
  "migration.resume": "migrate",
  "migration.cancel": "migrate",
  "migration.get": "read",
  "migration.items": "read",
  "migration.retryFailed": "migrate",
  "migration.revert": "migrate",
  "migration.list": "read",
  "bulk.create": "operate",
  "bulk.count": "read",
  "bulk.get": "read",
  "bulk.items": "read",
  "bulk.list": "read",
  "bulk.pause": "operate",
  "bulk.resume": "operate",

  "audit.list": "audit",

  "webhook.list": "operate",
  "webhook.deliveries": "operate",
  "webhook.redeliver": "operate",
  "webhook.create": "integrate",
  "webhook.deactivate": "integrate",

  "user.list": "manageUsers",
  "user.create": "manageUsers",
  "user.setDisabled": "manageUsers",
  "user.resetPassword": "manageUsers",

  "apiKey.list": "integrate",
  "apiKey.create": "integrate",
  "apiKey.revoke": "integrate",
};

/**
 * REST routes (`METHOD /route` as Fastify names them) → how they are authenticated. `token`,
 * `apiKey` and `workerKey` routes check their own credential in the handler (task token, API key
 * scoped to signals or to handlers); the rest use the session like tRPC. `workerKey` routes (remote
 * job workers) are audited like the others but not rate limited: a worker's volume is bounded by
 * the jobs it can lock. `v1Key` routes (`/api/v1`) check the key's resource scope in the handler
 * (`api/registerV1Routes.ts`), then call the procedures as the key's actor.
 */
export const restPermissions: Record<string, Permission | ExternalCredential> = {
  "GET /api/health": "public",
  "GET /api/openapi.json": "public",
  "POST /api/auth/login": "public",
  "POST /api/auth/logout": "public",
  "POST /api/auth/setup": "public",
  // Optional OIDC sign-in (404 when not configured): whether it is on, the redirect out, the callback.
  "GET /api/auth/oidc": "public",
  "GET /api/auth/oidc/login": "public",
  "GET /api/auth/oidc/callback": "public",
  "POST /api/auth/password": "signedIn",
  "GET /api/v1/processes/:key/versions/:n/diagram.svg": "read",
  "POST /api/callbacks/:token": "token",
  "POST /api/signals/:code": "apiKey",
  "POST /api/v1/signals/:code": "apiKey",
  "POST /api/jobs/fetch-and-lock": "workerKey",
  "POST /api/jobs/:id/complete": "workerKey",
  "POST /api/jobs/:id/fail": "workerKey",
  "POST /api/jobs/:id/heartbeat": "workerKey",
  // The public REST API: its document and docs page, and every route of the table with an API key scope.
  "GET /api/v1/openapi.json": "public",
  "GET /api/docs": "public",
  "GET /api/docs/:file": "public",
  ...Object.fromEntries(
    Object.values(v1Routes)
      .filter((r) => r.path.startsWith("/api/v1/") && (apiScopes as readonly string[]).includes(r.auth))
      .map((r) => [`${r.method} ${r.path}`, "v1Key" as const]),
  ),
};

/** Credentials outside systems present to REST routes, checked by the route itself. */
export type ExternalCredential = "token" | "apiKey" | "workerKey" | "v1Key";

export function isExternalCredential(value: unknown): value is ExternalCredential {
  return value === "token" || value === "apiKey" || value === "workerKey" || value === "v1Key";
}

/** Whether any of `actorRoles` holds `permission` (public/signedIn are decided by the caller). */
export function rolesAllow(
  actorRoles: readonly Role[],
  permission: Exclude<Permission, "public" | "signedIn">,
): boolean {
  return actorRoles.includes("admin") || actorRoles.some((r) => rolesWithPermission[permission].includes(r));
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/**
 * Whose tasks a user sees in `task.list`: every role but `worker` sees all of them; a user who is
 * only a worker sees the manual actions without a role and those whose role is one of their groups.
 */
export function seesAllTasks(actor: { kind: string; roles: readonly Role[] }): boolean {
  return actor.kind === "system" || actor.roles.some((r) => r !== "worker");
}
