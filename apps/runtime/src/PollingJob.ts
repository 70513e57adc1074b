/**
 * A background job that runs `runOnce` again and again while started: after each pass (its error
 * goes to `onError`) it waits `delayAfter(result)` — `pollMs` unless a subclass says otherwise — and
 * `stop` waits for the pass in flight. The scheduler, the retention job and the webhook dispatcher.
 */
export abstract class PollingJob<Result> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    protected readonly pollMs: number,
    private readonly onPassError: ((error: unknown) => void) | undefined,
  ) {}

  /** One pass over what is due now. */
  abstract runOnce(): Promise<Result>;

  /** How long to wait after a pass (`result` is undefined when it failed). */
  protected delayAfter(_result: Result | undefined): number {
    return this.pollMs;
  }

  start(): this {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      let result: Result | undefined;
      this.running = this.runOnce().then(
        (r) => (result = r),
        (error: unknown) => this.onPassError?.(error),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.delayAfter(result));
    };
    void loop();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
