import pg from "pg";
import fs from "node:fs";
const { writeStepsSql } = await import("/work/main/apps/runtime/src/instances/persistStep.ts");
const c = new pg.Client("postgres://postgres@127.0.0.1:5432/flowstate_keep"); await c.connect();
const vals = JSON.parse(fs.readFileSync("/tmp/diag/values.json", "utf8"));
const ids = vals[1].split("\n").map((l) => JSON.parse(l).id);
const seq = JSON.parse(vals[1].split("\n")[0]).expected_seq;
const runs = Number(process.env.RUNS ?? 6); let total = 0;
for (let i = 0; i < runs; i++) {
  await c.query("BEGIN");
  await c.query("UPDATE instance SET seq = $2 WHERE id = ANY($1::uuid[])", [ids, seq]);
  await c.query("DELETE FROM job WHERE instance_id = ANY($1::uuid[])", [ids]);
  await c.query("DELETE FROM occurrence WHERE instance_id = ANY($1::uuid[])", [ids]);
  await c.query("COMMIT");
  await c.query("BEGIN");
  const t = performance.now();
  const r = await c.query({ text: (process.env.PLAIN ? "" : "EXPLAIN (ANALYZE, BUFFERS off, TIMING on) ") + writeStepsSql, values: vals });
  const el = performance.now() - t; if (i >= 2) total += el;
  await c.query("ROLLBACK");
  if (i === runs - 1 && !process.env.PLAIN) { console.log(r.rows.map((x) => x["QUERY PLAN"]).join("\n")); }
}
console.log("client ms avg", (total / (runs - 2)).toFixed(2));
await c.end();
