import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const base = { DATABASE_URL: "postgres://flow@db.example:5432/flow" };

describe("loadConfig", () => {
  it("sizes the PostgreSQL pool from FLOWSTATE_DB_POOL_SIZE, 20 by default", () => {
    expect(loadConfig(base).database).toEqual({ kind: "postgres", url: base.DATABASE_URL, poolSize: 20 });
    expect(loadConfig({ ...base, FLOWSTATE_DB_POOL_SIZE: "64" }).database).toMatchObject({ poolSize: 64 });
  });

  it("refuses a pool size that is not a whole number between 2 and 500, naming the variable", () => {
    for (const bad of ["0", "1", "abc", "2.5", "501"]) {
      expect(() => loadConfig({ ...base, FLOWSTATE_DB_POOL_SIZE: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, FLOWSTATE_DB_POOL_SIZE: bad })).toThrow(/FLOWSTATE_DB_POOL_SIZE/);
    }
  });

  it("uses the embedded database when DATABASE_URL is unset", () => {
    expect(loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/flowstate-config-test" }).database).toEqual({ kind: "pglite", dataDir: "/tmp/flowstate-config-test" });
  });
});
