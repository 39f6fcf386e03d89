/** A task run every `ms` (unref'd, so it never keeps a process alive); stop() ends it. */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly ms: number,
    private readonly task: () => Promise<unknown>,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // One run at a time: a slow run is not stacked on.
      if (this.running) return;
      this.running = this.task().finally(() => {
        this.running = null;
      });
    }, this.ms);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }
}
