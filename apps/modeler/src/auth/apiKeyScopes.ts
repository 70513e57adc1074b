import { apiScopes } from "@flowstate/client/scopes";
import type { ApiScope } from "@flowstate/client/scopes";

/** A REST API scope id, `<resource>:<read|write>`. */
export type { ApiScope };
export type ScopeAccess = "read" | "write";

/** Every REST API scope, in the order the dialog offers them (the runtime's own list). */
export const apiScopeIds = apiScopes;

export interface ScopeGroup {
  resource: string;
  label: string;
  scopes: { id: string; access: ScopeAccess; label: string }[];
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** Readable words for one scope id: `instances:write` → "Instances: write". */
export function scopeLabel(id: string): string {
  const [resource = id, access] = id.split(":");
  return access ? `${capitalise(resource)}: ${access}` : capitalise(resource);
}

/** Groups scope ids by resource, in the order given, for one checkbox row per resource. */
export function groupScopes(ids: readonly string[]): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  for (const id of ids) {
    const [resource = id, access] = id.split(":");
    if (access !== "read" && access !== "write") continue;
    let group = groups.get(resource);
    if (!group) {
      group = { resource, label: capitalise(resource), scopes: [] };
      groups.set(resource, group);
    }
    group.scopes.push({ id, access, label: access });
  }
  return [...groups.values()];
}

/** What a key may do, in words, for the key list. */
export function keyScopeText(k: {
  signals: boolean;
  metrics: boolean;
  handlers: string[];
  scopes: readonly string[];
  processes: string[];
}): string {
  const what = [
    k.signals ? "signals" : null,
    k.metrics ? "metrics" : null,
    k.handlers.length ? `handlers: ${k.handlers.includes("*") ? "all" : k.handlers.join(", ")}` : null,
    k.scopes.length ? `REST API: ${k.scopes.map(scopeLabel).join(", ")}` : null,
  ]
    .filter(Boolean)
    .join("; ");
  return `${what} · processes: ${k.processes.includes("*") ? "all" : k.processes.join(", ")}`;
}
