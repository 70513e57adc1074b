import type { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";

/** The id of the process with `key` (read through `reader`: the client or a transaction); NOT_FOUND when there is none. */
export async function processIdByKey(
  reader: Pick<Prisma.TransactionClient, "process">,
  key: string,
): Promise<string> {
  const process = await reader.process.findUnique({ where: { key }, select: { id: true } });
  if (!process) throw new DomainError("NOT_FOUND", `no process with key "${key}"`);
  return process.id;
}
