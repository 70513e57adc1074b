import type { Runtime } from "../instances/Runtime.ts";

/** The executors of one kind of run, by runtime, so the API can wake this process's executor. */
export type Executors = WeakMap<Runtime, RunPoller>;

/**
 * The background loop of a run executor (instance migration, bulk operations): looks for `running`
 * runs of its table every `pollMs` (at once when woken), drives each one not already driven here,
 * and on stop waits for the loop and the runs in flight. How a run is driven is the subclass's
 * (`processRun`); several processes may poll, a run's advisory lock decides who drives it.
 */
export abstract class RunPoller {
  protected stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly driving = new Map<string, Promise<unknown>>();

  constructor(
    protected readonly rt: Runtime,
    /** The runs' table (`id`, `status`, `created_at`). */
    private readonly table: "migration_run" | "bulk_run",
    private readonly executors: Executors,
    private readonly pollMs: number,
    private readonly onError: ((error: unknown) => void) | undefined,
  ) {}

  abstract processRun(runId: string): Promise<unknown>;

  /** Starts looking for `running` runs (right away: that is the resume after a restart). */
  start(): this {
    this.executors.set(this.rt, this);
    this.stopping = false;
    this.loop ??= this.poll();
    return this;
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Stops claiming; items in flight finish (each is atomic anyway); then the run locks are released. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    this.interrupt();
    await this.loop;
    this.loop = undefined;
    await Promise.allSettled([...this.driving.values()]);
    if (this.executors.get(this.rt) === this) this.executors.delete(this.rt);
  }

  /** Wakes what waits inside a run when the executor stops (nothing by default). */
  protected interrupt(): void {}

  /** Ids of the runs to drive now, oldest first. */
  private async runningRunIds(): Promise<string[]> {
    const runs = await this.rt.db.prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM ${this.table} WHERE status = 'running' ORDER BY created_at`,
    );
    return runs.map((r) => r.id);
  }

  /** A run's status now (`unknown` when there is no such run). */
  protected async runStatus(runId: string): Promise<string> {
    const [run] = await this.rt.db.prisma.$queryRawUnsafe<{ status: string }[]>(
      `SELECT status FROM ${this.table} WHERE id = $1::uuid`,
      runId,
    );
    return run?.status ?? "unknown";
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      try {
        for (const id of await this.runningRunIds()) {
          if (this.driving.has(id) || this.stopping) continue;
          const driven = this.processRun(id)
            .catch((error: unknown) => this.onError?.(error))
            .finally(() => this.driving.delete(id));
          this.driving.set(id, driven);
        }
      } catch (error) {
        this.onError?.(error);
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }
}
