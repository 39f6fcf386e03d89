/**
 * Writes what happened to jobs back to the database: completions and
 * failures, each answering with the claim its job was fetched under, in as
 * few round trips as possible (completions waiting when a fetch goes out ride
 * along with it). An answer whose claim is no longer held changes nothing;
 * those are reported.
 */
import { isConnectionError } from "../connection";
import type { Logger } from "../logger";
import { Batcher } from "./batcher";
import { describe } from "./describe";
import type { Answer, Claimed, FailureAnswer, Protocol } from "./protocol";

export interface Completion extends Answer {
  /** The job was in a named queue, which its completion frees. */
  queued: boolean;
  /** Sent once already, with a fetch whose reply was lost: it may have been applied. */
  resent: boolean;
}

interface Failure extends FailureAnswer {
  queued: boolean;
}

export interface ResultEvents {
  /** Answers were written; `freedQueue` when one of them freed a named queue. */
  written(freedQueue: boolean): void;
  /** Jobs whose answers were applied: completed and failed counts. */
  counted(completed: number, failed: number): void;
  error(operation: string, error: unknown): void;
}

export class Results {
  private readonly completions: Batcher<Completion>;
  private readonly failures: Batcher<Failure>;

  constructor(
    private readonly protocol: Protocol,
    completionDelay: number,
    private readonly logger: Logger,
    private readonly events: ResultEvents,
    /** A fetch is on its way: completions wait to ride along with the next one. */
    fetching: () => boolean,
  ) {
    const onError = (operation: string) => (error: unknown, attempt: number) =>
      events.error(`${operation} (attempt ${attempt}, retrying)`, error);
    const onSent = (items: { queued: boolean }[]) => events.written(items.some((item) => item.queued));
    this.completions = new Batcher<Completion>((items) => this.sendCompletions(items), {
      delay: completionDelay,
      maxSize: 5_000,
      onError: onError("completing jobs"),
      onSent,
      onDropped: (items, reason) => this.dropped("completions", items, reason),
      hold: fetching,
      holdMax: Math.max(completionDelay, 50),
    });
    let lastFailure: unknown = null;
    this.failures = new Batcher<Failure>(
      async (items, attempt) => {
        // A batch job's failed items are cut from its payload by the
        // database; if it refused that (a payload nested past its limits),
        // the job keeps its whole payload rather than failing to be written.
        const cutItems = attempt === 1 || isConnectionError(lastFailure);
        try {
          await this.sendFailures(items, cutItems);
        } catch (error) {
          lastFailure = error;
          throw error;
        }
      },
      {
        delay: 0,
        maxSize: 1_000,
        onError: onError("failing jobs"),
        onSent,
        onDropped: (items, reason) => this.dropped("failures", items, reason),
      },
    );
  }

  complete({ job, claim }: Claimed): void {
    this.completions.add({ id: job.id, claim, queued: job.queue_name !== null, resent: false });
  }

  fail({ job, claim }: Claimed, message: string, failedItems: number[] | null): void {
    this.failures.add({ id: job.id, claim, message, failedItems, queued: job.queue_name !== null });
  }

  /** No fetch will carry the completions waiting: send them. */
  releaseCompletions(): void {
    this.completions.release();
  }

  /** The completions waiting, for a fetch to carry; the caller must settle() or giveBack() them. */
  takeCompletions(): Completion[] {
    return this.completions.take();
  }

  /** Completions carried by a fetch were written. */
  settle(items: Completion[]): void {
    if (!items.length) return;
    this.events.counted(items.length, 0);
    this.completions.settle(items);
  }

  /** Completions carried by a fetch that failed: written again (they may have been applied already). */
  giveBack(items: Completion[]): void {
    this.completions.giveBack(items.map((item) => ({ ...item, resent: true })));
  }

  /** Jobs finished and not yet written. */
  pendingIds(): string[] {
    return [...this.completions.pendingItems(), ...this.failures.pendingItems()].map((item) => item.id);
  }

  get idle(): boolean {
    return this.completions.idle && this.failures.idle;
  }

  /** Writes everything; what cannot be written by `deadline` is dropped (and reported). */
  async drain(deadline = Infinity): Promise<void> {
    await Promise.all([this.completions.drain(deadline), this.failures.drain(deadline)]);
  }

  private async sendCompletions(items: Completion[]): Promise<void> {
    const applied = await this.protocol.complete(items);
    this.events.counted(applied.length, 0);
    this.report("completed", items.filter((item) => !item.resent), applied);
  }

  private async sendFailures(items: Failure[], cutItems: boolean): Promise<void> {
    const applied = await this.protocol.fail(items, cutItems);
    this.events.counted(0, applied.length);
    this.report("failed", items, applied);
  }

  /** Answers whose claim was no longer held: the job was recovered meanwhile and may run again. */
  private report(what: string, sent: Answer[], applied: string[]): void {
    const held = new Set(applied);
    const stale = sent.filter((item) => !held.has(item.id)).map((item) => item.id);
    if (!stale.length) return;
    this.logger.warn(
      `${stale.length} job(s) ${what} by worker ${this.protocol.workerId} were no longer claimed by it ` +
        `(a sweep took it for dead, or an administrator unlocked them); nothing was changed: ${stale.join(", ")}`,
    );
  }

  private dropped(what: string, items: Answer[], reason: unknown): void {
    this.logger.error(
      `gave up writing ${items.length} job ${what} (${describe(reason)}); those jobs stay locked until a sweep recovers them: ${items.map((i) => i.id).join(", ")}`,
    );
  }
}
