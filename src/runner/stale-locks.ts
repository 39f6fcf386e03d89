/**
 * Releases locks older than the lock lifetime (4 hours) every
 * staleLockInterval (jittered), so that a lock lost with an unregistered
 * worker never blocks a job or a queue forever.
 */
import type { Logger } from "../logger";
import { RULES } from "../rules";
import { Periodic } from "./periodic";
import type { Protocol } from "./protocol";
import { jitter } from "./timing";

export class StaleLockRelease {
  private readonly periodic: Periodic;

  constructor(
    interval: number,
    private readonly protocol: Protocol,
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
    try {
      const result = await this.protocol.releaseStaleLocks();
      if (result.jobs_released || result.queues_released) {
        this.logger.warn(
          `released ${result.jobs_released} job lock(s) and ${result.queues_released} queue lock(s) older than ${RULES.lockLifetimeSeconds / 3600} hours`,
        );
      }
    } catch (error) {
      this.onError("releasing stale locks", error);
    }
  }
}
