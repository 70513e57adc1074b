import { dateTimeText, describeExplanation } from "@flowstate/engine";
import type { Explanation, Reason, Rejection } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import { historyRecordsSql } from "./historyRecords.ts";
import type { Runtime } from "./Runtime.ts";

const seqOf = (r: Reason): number | undefined => ("seq" in r ? r.seq : undefined);

/** The moments of the given history seqs of one instance (one query; a step's records share its time). */
async function momentsOf(rt: Runtime, instanceId: string, seqs: number[]): Promise<Map<number, string>> {
  if (seqs.length === 0) return new Map();
  const rows = await rt.db.prisma.$queryRawUnsafe<{ seq: number; at: Date | string }[]>(
    `SELECT r.seq, r.at FROM (${historyRecordsSql} WHERE h.instance_id = $1::uuid AND h.seq <= $2) r WHERE r.seq = ANY($3::int[])`,
    instanceId,
    Math.max(...seqs),
    seqs,
  );
  return new Map(rows.map((r) => [Number(r.seq), dateTimeText(new Date(r.at))]));
}

/**
 * The explanations with their `summary` worded with moments ("since 2027-01-05 14:02 UTC", `dateTimeText`, as the modeler writes them) from the
 * instance's history: the engine words them without a clock, the ids and seqs stay in `reasons`.
 */
export async function wordExplanations(
  rt: Runtime,
  instanceId: string,
  model: ProcessModel,
  explanations: Record<string, Explanation>,
): Promise<Record<string, Explanation>> {
  const all = Object.values(explanations);
  const seqs = [
    ...new Set(all.flatMap((e) => e.reasons.map(seqOf)).filter((s): s is number => s !== undefined)),
  ];
  const moments = await momentsOf(rt, instanceId, seqs);
  const words = { seq: (seq: number) => moments.get(seq), time: dateTimeText };
  return Object.fromEntries(
    Object.entries(explanations).map(([id, e]) => [
      id,
      { ...e, summary: describeExplanation(model, e, words) },
    ]),
  );
}

/** A refusal that carries an explanation, its message worded with moments like `wordExplanations`. */
export async function wordRejection(
  rt: Runtime,
  instanceId: string,
  rejection: Rejection,
): Promise<Rejection> {
  const explanation = rejection.explanation;
  if (!explanation || rejection.message !== explanation.summary) return rejection;
  const row = await rt.db.prisma.instance.findUnique({
    where: { id: instanceId },
    select: { versionId: true },
  });
  if (!row) return rejection;
  const { model } = await rt.models.get(row.versionId);
  const worded = (await wordExplanations(rt, instanceId, model, { [explanation.nodeId]: explanation }))[
    explanation.nodeId
  ]!;
  return { ...rejection, message: worded.summary, explanation: worded };
}
