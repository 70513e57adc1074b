import { randomUUID } from "node:crypto";
import { dueTicks } from "@flowstate/engine";
import type { Calendar, Schedule } from "@flowstate/model";
import { PollingJob } from "../PollingJob.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { startInstance } from "../instances/startInstance.ts";

/** A tick no older than this when it is seen is on time; older ones were missed (no runtime ran). */
export const onTimeMs = 60_000;

export type TickOutcome =
  | {
      scheduleId: string;
      processKey: string;
      tickAt: string;
      outcome: "started";
      instanceId: string;
      ticks: number;
    }
  | { scheduleId: string; processKey: string; tickAt: string; outcome: "skipped"; ticks: number }
  | { scheduleId: string; processKey: string; tickAt: string; outcome: "taken" };

class TickTaken extends Error {}

type ScheduledVersion = {
  versionId: string;
  processId: string;
  processKey: string;
  publishedAt: Date;
  schedules: Schedule[];
  calendars: Calendar[];
};

/**
 * Starts instances from the `schedules` of each process's published version (seed 002: a flow
 * starts from an RPC, an event or a schedule). Every runtime process with a worker runs one and
 * polls; for each schedule it works out the due cron ticks (in the schedule's time zone, inside
 * its business calendar if it names one) after the last recorded tick, and:
 *
 * - the latest due tick is **on time** (≤ `onTimeMs` old): one instance starts for it;
 * - it is late (ticks were missed while no runtime ran): `missed: "runOnce"` starts one instance
 *   for all of them, `missed: "skip"` records them as skipped and starts nothing.
 *
 * Exactly once per tick, however many processes poll: the `schedule_tick` row (primary key
 * process, schedule, tick) is inserted in the **same transaction** as the instance, so a second
 * process's start for the same tick rolls back. The recorded tick is also the bookmark the next
 * poll continues from, so a restart neither repeats nor forgets ticks.
 */
export class Scheduler extends PollingJob<TickOutcome[]> {
  constructor(
    private readonly rt: Runtime,
    private readonly options: { pollMs?: number; onError?(error: unknown): void } = {},
  ) {
    super(options.pollMs ?? 2000, options.onError);
  }

  /** One poll: handles every schedule's due ticks as of the runtime clock's now. */
  async runOnce(): Promise<TickOutcome[]> {
    const now = this.rt.clock.now();
    const outcomes: TickOutcome[] = [];
    for (const version of await this.scheduledVersions()) {
      for (const schedule of version.schedules) {
        try {
          const outcome = await this.handle(version, schedule, now);
          if (outcome) outcomes.push(outcome);
        } catch (error) {
          this.options.onError?.(
            new Error(
              `schedule "${schedule.id}" of "${version.processKey}": ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
        }
      }
    }
    return outcomes;
  }

  private async scheduledVersions(): Promise<ScheduledVersion[]> {
    const rows = await this.rt.db.prisma.$queryRawUnsafe<
      {
        id: string;
        process_id: string;
        key: string;
        published_at: Date | null;
        created_at: Date;
        schedules: unknown;
        calendars: unknown;
      }[]
    >(
      `SELECT v.id, v.process_id, p.key, v.published_at, v.created_at, v.model->'schedules' AS schedules, v.model->'calendars' AS calendars
         FROM version v JOIN process p ON p.id = v.process_id
        WHERE v.status = 'published' AND jsonb_typeof(v.model->'schedules') = 'array' AND jsonb_array_length(v.model->'schedules') > 0`,
    );
    const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
    return rows.map((r) => ({
      versionId: r.id,
      processId: r.process_id,
      processKey: r.key,
      publishedAt: new Date(r.published_at ?? r.created_at),
      schedules: json(r.schedules) as Schedule[],
      calendars: (json(r.calendars) ?? []) as Calendar[],
    }));
  }

  private async handle(
    version: ScheduledVersion,
    schedule: Schedule,
    now: Date,
  ): Promise<TickOutcome | undefined> {
    const last = await this.rt.db.prisma.scheduleTick.findFirst({
      where: { processId: version.processId, scheduleId: schedule.id },
      orderBy: { tickAt: "desc" },
      select: { tickAt: true },
    });
    const after = last?.tickAt ?? version.publishedAt;
    const due = dueTicks(schedule, version.calendars, after, now);
    if (due.count === 0) return undefined;
    const latest = due.latest!;
    const base = { scheduleId: schedule.id, processKey: version.processKey, tickAt: latest.toISOString() };
    const onTime = now.getTime() - latest.getTime() <= onTimeMs;
    if (!onTime && schedule.missed === "skip") {
      const recorded = await this.rt.db.prisma.scheduleTick.createMany({
        data: [
          {
            processId: version.processId,
            scheduleId: schedule.id,
            tickAt: latest,
            outcome: "skipped",
            versionId: version.versionId,
            ticks: due.count,
            recordedAt: now,
          },
        ],
        skipDuplicates: true,
      });
      return recorded.count === 1
        ? { ...base, outcome: "skipped", ticks: due.count }
        : { ...base, outcome: "taken" };
    }
    const instanceId = randomUUID();
    try {
      await startInstance(
        this.rt,
        {
          processKey: version.processKey,
          businessKey: `${schedule.id}@${latest.toISOString()}`,
          variables: { ...(schedule.variables ?? {}) },
          actor: `schedule:${schedule.id}`,
          inTransaction: async (tx, started) => {
            const recorded = await tx.scheduleTick.createMany({
              data: [
                {
                  processId: version.processId,
                  scheduleId: schedule.id,
                  tickAt: latest,
                  outcome: "started",
                  instanceId,
                  versionId: started.versionId,
                  ticks: due.count,
                  recordedAt: now,
                },
              ],
              skipDuplicates: true,
            });
            if (recorded.count === 0) throw new TickTaken();
          },
        },
        instanceId,
      );
    } catch (error) {
      // Another process started this tick first (its tick row, or its running instance's business key).
      if (error instanceof TickTaken || (error instanceof DomainError && error.code === "CONFLICT"))
        return { ...base, outcome: "taken" };
      throw error;
    }
    return { ...base, outcome: "started", instanceId, ticks: due.count };
  }
}
