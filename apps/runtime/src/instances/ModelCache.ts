import type { ProcessModel } from "@flowstate/model";
import type { Database } from "../db/openDatabase.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** The client to read through: inside a transaction, always the transaction (PGlite has one connection). */
type Reader = Prisma.TransactionClient;
import { DomainError } from "../errors/DomainError.ts";
import { readModel } from "../versions/versionService.ts";

export interface CachedVersion {
  versionId: string;
  processId: string;
  processKey: string;
  number: number;
  status: string;
  model: ProcessModel;
}

/**
 * Parsed models of published versions, by id and by (process, number). Published versions are
 * immutable, so entries never go stale; drafts are never cached (instances never run drafts).
 */
export class ModelCache {
  private readonly byId = new Map<string, CachedVersion>();
  /** Process id → version number → entry (nested, so the hot path builds no key string). */
  private readonly byNumber = new Map<string, Map<number, CachedVersion>>();

  constructor(private readonly db: Database) {}

  async get(versionId: string, client: Reader = this.db.prisma): Promise<CachedVersion> {
    const hit = this.byId.get(versionId);
    if (hit) return hit;
    const row = await client.version.findUnique({
      where: { id: versionId },
      include: { process: { select: { key: true } } },
    });
    if (!row) throw new DomainError("NOT_FOUND", `no version with id "${versionId}"`);
    const entry: CachedVersion = {
      versionId: row.id,
      processId: row.processId,
      processKey: row.process.key,
      number: row.number,
      status: row.status,
      model: readModel(row.model),
    };
    if (row.status !== "draft") {
      this.byId.set(row.id, entry);
      let numbers = this.byNumber.get(row.processId);
      if (!numbers) this.byNumber.set(row.processId, (numbers = new Map()));
      numbers.set(row.number, entry);
    }
    return entry;
  }

  /** The cached version, without a read (undefined when it is not cached yet): the hot path's synchronous look-up. */
  peek(versionId: string): CachedVersion | undefined {
    return this.byId.get(versionId);
  }

  /** As `peek`, by process and version number. */
  peekByNumber(processId: string, number: number): CachedVersion | undefined {
    return this.byNumber.get(processId)?.get(number);
  }

  async getByNumber(
    processId: string,
    number: number,
    client: Reader = this.db.prisma,
  ): Promise<CachedVersion> {
    const hit = this.peekByNumber(processId, number);
    if (hit) return hit;
    const row = await client.version.findUnique({
      where: { processId_number: { processId, number } },
      select: { id: true },
    });
    if (!row) throw new DomainError("NOT_FOUND", `version ${number} does not exist`);
    return this.get(row.id, client);
  }
}
