/**
 * The runner's share of recurring schedules. It calls tick_schedules() once
 * as the runner starts, then about once a second, just after each whole
 * second of this process's clock, so that a fire at :00 is added (and
 * runs) within a few milliseconds of its time. An idle tick is one index
 * probe, and any number of runners may tick at once: the database adds
 * exactly one job per schedule and fire time, whoever ticks. After a
 * failed tick the next one waits with backoff.
 */
import type { Logger } from "../logger";
import type { ScheduledJob } from "../types";
import { backoff } from "./timing";

/** How long after each whole second a tick goes (plus up to SPREAD, so a fleet does not tick in lockstep). */
const OFFSET = 5;
const SPREAD = 40;

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly tick: () => Promise<ScheduledJob[]>,
    private readonly logger: Logger,
    private readonly onError: (operation: string, error: unknown) => void,
  ) {}

  /** Ticks once (resolves when that tick is done, failed or not), then goes on about once a second. */
  async start(): Promise<void> {
    if (this.stopped || this.running || this.timer) return;
    this.running = this.run();
    await this.running;
    this.running = null;
    this.next();
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private next(): void {
    if (this.stopped) return;
    const aligned = 1000 - (Date.now() % 1000) + OFFSET + Math.floor(Math.random() * SPREAD);
    const delay = this.failures ? Math.max(aligned, backoff(this.failures)) : aligned;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run().finally(() => {
        this.running = null;
        this.next();
      });
    }, delay);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      const jobs = await this.tick();
      this.failures = 0;
      if (jobs.length) {
        const ids = [...new Set(jobs.map((job) => job.schedule_id))];
        this.logger.info(`schedules fired: ${jobs.length} job(s)`, { schedules: ids.length > 10 ? `${ids.length} schedules` : ids });
      }
    } catch (error) {
      this.failures++;
      this.onError("ticking schedules", error);
    }
  }
}
