import type { Database } from "../db/openDatabase.ts";
import type { Clock } from "../clock.ts";
import type { PendingAudit } from "../auth/auditLog.ts";

/**
 * How a mutation's audit record commits with its change (issue 18 D1): the procedure runs with
 * this view of the database, in which the FIRST write joins the record:
 * - `prisma.$transaction(fn)` runs `fn` and then writes the record in the same transaction;
 * - a model write outside a transaction (`prisma.webhook.update(…)`, `$executeRaw…`) becomes a
 *   transaction of that write and the record (a batch write that matched no row keeps waiting).
 * If the record cannot be written, the transaction rolls back: no change without its record.
 * Instance steps write the record in their own statement (`StepOptions.audit`, `persistStep`),
 * which sets `recorded` first, so it is never written twice. Writes after the record (counters a
 * service refreshes afterwards) pass through unchanged; reads always do. `Database.query` (named
 * autocommit statements) is used by the step path only, which records through the statement.
 */
export function auditedDatabase(db: Database, pending: PendingAudit, clock: Clock): Database {
  const prisma = db.prisma;
  const withRecord = <T>(work: (tx: TxLike) => Promise<T>, options?: unknown, lone = false): Promise<T> => {
    let mine = false;
    const run = prisma.$transaction(async (tx) => {
      const result = await work(tx as unknown as TxLike);
      // A lone batch write that matched nothing changed nothing: the record waits for a real change
      // (or the call's end, where it is written as what the call came to: ok, or failed).
      const changedNothing =
        lone && typeof result === "object" && result !== null && (result as { count?: unknown }).count === 0;
      if (!pending.recorded && !pending.inTransaction && !changedNothing) {
        await pending.writeIn(tx, clock.now(), result);
        mine = pending.recorded;
      }
      return result;
    }, options as never) as Promise<T>;
    // Rolled back: the record was not kept either (the caller records the failure).
    return run.catch((error: unknown) => {
      if (mine) pending.recorded = false;
      pending.inTransaction = false;
      throw error;
    });
  };

  const delegates = new Map<string, unknown>();
  const proxy = new Proxy(prisma, {
    get(target, prop) {
      if (prop === "$transaction") {
        return (arg: unknown, options?: unknown) => {
          if (typeof arg !== "function")
            throw new Error("audited mutations use interactive transactions only");
          if (pending.recorded) return target.$transaction(arg as never, options as never);
          return withRecord((tx) => (arg as (tx: TxLike) => Promise<unknown>)(tx), options);
        };
      }
      if (prop === "$executeRaw" || prop === "$executeRawUnsafe") {
        return (...args: unknown[]) => {
          if (pending.recorded) return (target[prop] as (...a: unknown[]) => Promise<number>)(...args);
          return withRecord((tx) => (tx[prop] as (...a: unknown[]) => Promise<number>)(...args));
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof prop === "string" && !prop.startsWith("$") && value !== null && typeof value === "object") {
        if (!delegates.has(prop)) delegates.set(prop, modelDelegate(prop, value as Record<string, unknown>));
        return delegates.get(prop);
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });

  function modelDelegate(model: string, delegate: Record<string, unknown>) {
    return new Proxy(delegate, {
      get(target, op) {
        const fn = Reflect.get(target, op, target) as unknown;
        if (typeof op !== "string" || typeof fn !== "function") return fn;
        if (!writeOperations.has(op)) return (fn as (...a: unknown[]) => unknown).bind(target);
        return (...args: unknown[]) => {
          if (pending.recorded) return (fn as (...a: unknown[]) => unknown).apply(target, args);
          return withRecord(
            (tx) => (tx[model] as Record<string, (...a: unknown[]) => Promise<unknown>>)[op]!(...args),
            undefined,
            true,
          );
        };
      },
    });
  }

  return { ...db, prisma: proxy, query: db.query.bind(db), close: db.close.bind(db) };
}

type TxLike = Record<string, unknown> & {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
};

const writeOperations = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
]);
