/**
 * The background loop of a run executor (instance migration, bulk operations): looks for `running`
 * runs every `pollMs` (at once when woken), drives each one not already driven here, and on stop
 * waits for the loop and the runs in flight. What a run is and how it is driven is the subclass's
 * (`runningRunIds`, `processRun`); several processes may poll, a run's advisory lock decides who
 * drives it.
 */
export abstract class RunPoller {
  protected stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly driving = new Map<string, Promise<unknown>>();

  constructor(
    private readonly pollMs: number,
    private readonly onError: ((error: unknown) => void) | undefined,
  ) {}

  /** Ids of the runs to drive now, oldest first. */
  protected abstract runningRunIds(): Promise<string[]>;
  abstract processRun(runId: string): Promise<unknown>;

  protected startPolling(): void {
    this.stopping = false;
    this.loop ??= this.poll();
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Stops looking; `interrupt` wakes what waits inside a run; resolves when the runs in flight finished. */
  protected async stopPolling(interrupt?: () => void): Promise<void> {
    this.stopping = true;
    this.wake();
    interrupt?.();
    await this.loop;
    this.loop = undefined;
    await Promise.allSettled([...this.driving.values()]);
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
