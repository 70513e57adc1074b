import { describe, expect, it } from "vitest";
import { claimValue, mapClaims } from "./oidcSignIn.ts";

const settings = { rolesClaim: "roles", groupsClaim: "groups", defaultRoles: [] };

describe("OIDC claim mapping", () => {
  it("keeps only the known roles (any case), ignores the rest, and de-duplicates", () => {
    expect(mapClaims({ roles: ["Admin", "superuser", "viewer", "viewer", 42] }, settings)).toEqual({
      roles: ["admin", "viewer"],
      groups: [],
    });
    expect(mapClaims({ roles: "operator, worker nonsense" }, settings).roles).toEqual(["operator", "worker"]);
  });

  it("gives the default roles when the claim names no known role, none otherwise", () => {
    expect(mapClaims({ roles: ["superuser"] }, { ...settings, defaultRoles: ["viewer"] }).roles).toEqual([
      "viewer",
    ]);
    expect(mapClaims({}, settings).roles).toEqual([]);
  });

  it("reads groups as strings (at most 100, none longer than 200 characters)", () => {
    const many = Array.from({ length: 150 }, (_, i) => `g${i}`);
    expect(mapClaims({ groups: [...many, "x".repeat(201), { nested: true }] }, settings).groups).toHaveLength(
      100,
    );
    expect(mapClaims({ groups: "billing shipping" }, settings).groups).toEqual(["billing", "shipping"]);
  });

  it("finds a claim by its full name first (Auth0's namespaced URLs), then by dotted path (Keycloak's realm_access.roles)", () => {
    expect(
      claimValue({ "https://flow.example.com/roles": ["admin"] }, "https://flow.example.com/roles"),
    ).toEqual(["admin"]);
    expect(claimValue({ realm_access: { roles: ["analyst"] } }, "realm_access.roles")).toEqual(["analyst"]);
    expect(claimValue({ realm_access: ["x"] }, "realm_access.roles")).toBeUndefined();
    expect(claimValue({}, "constructor")).toBeUndefined();
    expect(
      mapClaims(
        { resource_access: { flowstate: { roles: ["operator"] } } },
        { ...settings, rolesClaim: "resource_access.flowstate.roles" },
      ).roles,
    ).toEqual(["operator"]);
  });
});
