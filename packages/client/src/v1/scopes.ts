/* No imports: the modeler's bundle takes this list through `@flowstate/client/scopes`. */
/** What an API key may do with `/api/v1`: read or change each resource (`docs/api.md`). */
export const apiScopes = [
  "processes:read",
  "processes:write",
  "versions:read",
  "versions:write",
  "instances:read",
  "instances:write",
  "tasks:read",
  "tasks:write",
  "migrations:read",
  "migrations:write",
] as const;
export type ApiScope = (typeof apiScopes)[number];
