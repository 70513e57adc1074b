// Capacity model inputs (docs/scaling.md): what one start and one automatic step cost PostgreSQL —
// rows written per table (inserted, updated, of them HOT, deleted), index entries added (each
// insert or non-HOT update adds one per index of the table), and WAL bytes.
//
//   cd bench && pnpm exec tsx runtime/capacity.ts        (CAPACITY_INSTANCES=1000 by default)
//
// WAL is counted with pg_walinspect over the phase's LSN range, only the records that touch this
// scratch database's relations plus the commit records of their transactions: the cluster is
// shared (other databases' WAL in the same range is left out). Full-page images (the first change
// of a page after a checkpoint) are shown apart. Row counts come from pg_stat_user_tables after the
// phase's connections closed (so every backend flushed its counters).
import pg from "pg";
import { createRuntime, openDatabase, publishModel, systemClock } from "@flowstate/runtime";
import { scratchDatabase } from "./scratchDatabase.ts";
import { tenStepModel } from "./throughput.bench.ts";
import { benchStepHandler, seedInstances, untilCompleted } from "./seeding.ts";

const instances = Number(process.env.CAPACITY_INSTANCES ?? 1000);
const steps = 10;

const stepHandler = benchStepHandler(16);

type TableStats = Map<string, { ins: number; upd: number; hot: number; del: number; indexes: number }>;

async function tableStats(c: pg.Client): Promise<TableStats> {
  const rows = await c.query<{
    relname: string;
    ins: string;
    upd: string;
    hot: string;
    del: string;
    indexes: string;
  }>(
    `SELECT s.relname, s.n_tup_ins AS ins, s.n_tup_upd AS upd, s.n_tup_hot_upd AS hot, s.n_tup_del AS del,
            (SELECT count(*) FROM pg_index i WHERE i.indrelid = s.relid) AS indexes
       FROM pg_stat_user_tables s`,
  );
  return new Map(
    rows.rows.map((r) => [
      r.relname,
      {
        ins: Number(r.ins),
        upd: Number(r.upd),
        hot: Number(r.hot),
        del: Number(r.del),
        indexes: Number(r.indexes),
      },
    ]),
  );
}

async function walOf(c: pg.Client, from: string, to: string): Promise<{ bytes: number; fpi: number }> {
  const r = await c.query<{ bytes: string; fpi: string }>(
    `WITH oid AS (SELECT oid::text AS o FROM pg_database WHERE datname = current_database()),
          r AS (SELECT * FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)),
          mine AS (SELECT r.* FROM r, oid WHERE r.block_ref LIKE '%/' || oid.o || '/%'),
          xids AS (SELECT DISTINCT xid FROM mine WHERE xid <> '0')
     SELECT coalesce(sum(record_length), 0) AS bytes, coalesce(sum(fpi_length), 0) AS fpi FROM (
       SELECT record_length, fpi_length FROM mine
       UNION ALL SELECT record_length, fpi_length FROM r WHERE resource_manager = 'Transaction' AND xid IN (SELECT xid FROM xids)) w`,
    [from, to],
  );
  return { bytes: Number(r.rows[0]!.bytes), fpi: Number(r.rows[0]!.fpi) };
}

async function phase(url: string, name: string, count: number, work: () => Promise<void>): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("CHECKPOINT"); // fewer full-page images inside the phase
  const before = await tableStats(c);
  const from = (await c.query<{ l: string }>("SELECT pg_current_wal_lsn() AS l")).rows[0]!.l;
  await work();
  const to = (await c.query<{ l: string }>("SELECT pg_current_wal_lsn() AS l")).rows[0]!.l;
  await c.end();
  // A new session: the phase's backends have exited and flushed their counters.
  const d = new pg.Client({ connectionString: url });
  await d.connect();
  const after = await tableStats(d);
  const wal = await walOf(d, from, to);
  await d.end();
  const lines: string[] = [];
  let rows = 0;
  let entries = 0;
  for (const [table, a] of after) {
    const b = before.get(table) ?? { ins: 0, upd: 0, hot: 0, del: 0, indexes: a.indexes };
    const ins = a.ins - b.ins,
      upd = a.upd - b.upd,
      hot = a.hot - b.hot,
      del = a.del - b.del;
    if (ins + upd + del === 0) continue;
    const idx = (ins + upd - hot) * a.indexes;
    rows += ins + upd + del;
    entries += idx;
    const per = (n: number) => (n / count).toFixed(2);
    lines.push(
      `  ${table.padEnd(18)} ins ${per(ins)}  upd ${per(upd)} (HOT ${per(hot)})  del ${per(del)}  index entries ${per(idx)} (${a.indexes} indexes)`,
    );
  }
  return [
    `${name} (${count}): rows written ${(rows / count).toFixed(2)}, index entries ${(entries / count).toFixed(2)}, WAL ${Math.round(wal.bytes / count)} bytes (of it full-page images ${Math.round(wal.fpi / count)})`,
    ...lines,
  ].join("\n");
}

const scratch = await scratchDatabase("capacity");
try {
  {
    const c = new pg.Client({ connectionString: scratch.url });
    await c.connect();
    await c.query("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
    await c.end();
  }
  await publishModel({ db: scratch.db, clock: systemClock }, tenStepModel("ten"));
  await scratch.db.close();
  let ids: string[] = [];
  const starts = await phase(scratch.url, "per start", instances, async () => {
    const db = await openDatabase({ kind: "postgres", url: scratch.url });
    ids = await seedInstances(db, "ten", instances, stepHandler);
    await db.close();
  });
  const stepsReport = await phase(scratch.url, "per automatic step", instances * steps, async () => {
    const db = await openDatabase({ kind: "postgres", url: scratch.url });
    const running = await createRuntime({
      db,
      clock: systemClock,
      publicUrl: "http://127.0.0.1:9",
      handlers: [stepHandler],
      workerOptions: { batchSize: 32 },
    });
    await untilCompleted(running, ids);
    await running.stop();
    await db.close();
  });
  console.log(`${starts}\n${stepsReport}`);
} finally {
  const admin = new pg.Client({ connectionString: scratch.url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(scratch.url).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
}
