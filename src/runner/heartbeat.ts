/**
 * The worker registry, from this runner's side: it registers at start
 * (recovering what its id held in an earlier life), heartbeats every
 * heartbeatInterval with the jobs it finished since the last heartbeat, and
 * learns from a heartbeat when a sweep took it for dead.
 */
import type { Logger } from "../logger";
import { describe } from "./describe";
import { Periodic } from "./periodic";
import type { Protocol } from "./protocol";
import { sleep } from "./timing";

/** SQLSTATE of worker_register refusing an id a live worker uses. */
const ID_IN_USE = "55006";

export interface HeartbeatEvents {
  /** A heartbeat found this worker unregistered: a sweep took it for dead and recovered its jobs. */
  swept(): void;
  error(operation: string, error: unknown): void;
}

export class Heartbeat {
  private registered = false;
  private sending: Promise<boolean> | null = null;
  /** When the heartbeat in flight was sent. */
  private sentAt = 0;
  private completed = 0;
  private failed = 0;
  private readonly periodic: Periodic;

  constructor(
    private readonly protocol: Protocol,
    private readonly interval: number,
    private readonly about: { tasks: readonly string[]; concurrency: number },
    private readonly logger: Logger,
    private readonly events: HeartbeatEvents,
  ) {
    this.periodic = new Periodic(interval, () => this.beat());
  }

  /**
   * Registers this worker. An id another live worker uses is refused by the
   * database; this process may be that worker's next life (a pod restarted
   * under its name), so it waits for the old registration to go stale
   * (twice the heartbeat interval) before giving up.
   */
  async register(): Promise<void> {
    const giveUpAt = Date.now() + 2 * this.interval + 5_000;
    for (;;) {
      try {
        const recovered = await this.protocol.register(this.interval, this.about);
        this.registered = true;
        if (recovered.jobs_recovered || recovered.queues_unlocked) {
          this.logger.warn(
            `worker ${this.protocol.workerId} restarted: recovered ${recovered.jobs_recovered} job(s) and ${recovered.queues_unlocked} queue(s) its earlier life left locked`,
          );
        }
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== ID_IN_USE || Date.now() > giveUpAt) throw error;
        this.logger.warn(`${describe(error)}; waiting for it to go stale`);
        await sleep(Math.min(1_000, this.interval));
      }
    }
  }

  start(): void {
    this.periodic.start();
  }

  /** Jobs finished, reported with the next heartbeat (the throughput operators see). */
  count(completed: number, failed: number): void {
    this.completed += completed;
    this.failed += failed;
  }

  /** Sends a heartbeat (one at a time); resolves to whether it was written. */
  beat(): Promise<boolean> {
    if (!this.sending) {
      this.sentAt = Date.now();
      this.sending = this.send().finally(() => {
        this.sending = null;
      });
    }
    return this.sending;
  }

  /**
   * A heartbeat sent from now on: one already in flight may have been sent
   * before this process stalled (a blocked event loop, a pause), and its
   * timestamp is as old as that.
   */
  async freshBeat(): Promise<boolean> {
    const asked = Date.now();
    while (this.sending && this.sentAt < asked) await this.sending.catch(() => false);
    return this.beat();
  }

  private async send(): Promise<boolean> {
    const completed = this.completed;
    const failed = this.failed;
    this.completed = 0;
    this.failed = 0;
    try {
      const wasRegistered = await this.protocol.heartbeat(this.interval, completed, failed);
      if (this.registered && !wasRegistered) this.events.swept();
      this.registered = true;
      return true;
    } catch (error) {
      this.completed += completed;
      this.failed += failed;
      this.events.error("heartbeat", error);
      return false;
    }
  }

  /** Stops heartbeating and leaves the registry (a heartbeat on its way is waited for: it would register again). */
  async stop(): Promise<void> {
    await this.periodic.stop();
    await this.sending?.catch(() => {});
    if (!this.registered) return;
    try {
      await this.protocol.deregister();
    } catch (error) {
      this.events.error("deregistering", error);
    }
  }
}
