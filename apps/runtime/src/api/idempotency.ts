import { createHash } from "node:crypto";
import type { Database } from "../db/openDatabase.ts";
import type { Clock } from "../clock.ts";

/** An `Idempotency-Key`: 1–200 visible ASCII characters. */
export const idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;

export type Reservation =
  | { kind: "new" }
  | { kind: "replay"; status: number; response: unknown }
  | { kind: "reused" }
  | { kind: "inProgress" };

/**
 * `Idempotency-Key` on POSTs that create (table `idempotency_key`): the first request with a key
 * reserves it; its success is stored and replayed for the same key and the same request; another
 * request under the key is refused. A failed first request frees the key (nothing was created).
 */
export class IdempotencyKeys {
  constructor(private readonly deps: { db: Database; clock: Clock }) {}

  static hash(operation: string, request: unknown): string {
    return createHash("sha256")
      .update(`${operation}\n${JSON.stringify(request)}`)
      .digest("hex");
  }

  async reserve(owner: string, key: string, operation: string, requestHash: string): Promise<Reservation> {
    const prisma = this.deps.db.prisma;
    const created = await prisma.idempotencyKey.createMany({
      data: [{ owner, key, operation, requestHash, createdAt: this.deps.clock.now() }],
      skipDuplicates: true,
    });
    if (created.count === 1) return { kind: "new" };
    const row = await prisma.idempotencyKey.findUnique({ where: { owner_key: { owner, key } } });
    if (!row) return this.reserve(owner, key, operation, requestHash);
    if (row.operation !== operation || row.requestHash !== requestHash) return { kind: "reused" };
    if (row.status === null) return { kind: "inProgress" };
    return { kind: "replay", status: row.status, response: row.response };
  }

  async complete(owner: string, key: string, status: number, response: unknown): Promise<void> {
    await this.deps.db.prisma.idempotencyKey.update({
      where: { owner_key: { owner, key } },
      data: { status, response: JSON.parse(JSON.stringify(response ?? null)) as object },
    });
  }

  async release(owner: string, key: string): Promise<void> {
    await this.deps.db.prisma.idempotencyKey.deleteMany({ where: { owner, key, status: null } });
  }
}
