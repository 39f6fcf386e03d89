/**
 * This runner's share of crash recovery: every sweepInterval (jittered) it
 * sweeps for workers that stopped heartbeating, after a heartbeat of its own
 * sent just before, so that however late its timers ran (a blocked event
 * loop) it is never among the dead it finds.
 */
import type { Logger } from "../logger";
import type { SweepResult } from "../worker-utils";
import { Periodic } from "./periodic";
import { jitter } from "./timing";

export class Sweeper {
  private readonly periodic: Periodic;

  constructor(
    interval: number,
    /** How old the runner's last heartbeat may be when a sweep is sent (its heartbeat interval). */
    private readonly freshFor: number,
    private readonly beat: () => Promise<boolean>,
    private readonly sweep: () => Promise<SweepResult>,
    private readonly logger: Logger,
    private readonly onError: (operation: string, error: unknown) => void,
  ) {
    this.periodic = new Periodic(jitter(interval), () => this.run());
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async run(): Promise<void> {
    // The heartbeat must be fresh when the sweep is sent: if this process
    // stalled while its reply was on the way, beat again.
    for (;;) {
      const sent = Date.now();
      if (!(await this.beat())) return;
      if (Date.now() - sent < this.freshFor) break;
    }
    try {
      const result = await this.sweep();
      if (result.dead_worker_ids.length) {
        this.logger.warn(
          `sweep recovered ${result.jobs_recovered} job(s) and ${result.queues_unlocked} queue(s) of stopped worker(s)`,
          { workers: result.dead_worker_ids },
        );
      }
    } catch (error) {
      this.onError("sweeping stale workers", error);
    }
  }
}
