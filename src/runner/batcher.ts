/**
 * Coalesces items (job completions, failures) into few round trips: while one
 * batch is being sent, new items wait and go together in the next one. With
 * a delay, the first item also waits that long for company.
 *
 * A failed send is retried with backoff: connection failures until they
 * succeed (nothing is dropped while the database is away), other errors (the
 * database refused the call) a few times, then the batch is handed to
 * `onDropped`, so that one bad batch can never wedge the runner. drain()
 * takes a deadline, after which what is left is dropped the same way.
 */
import { isConnectionError } from "../connection";
import { backoff, sleep } from "./timing";

export interface BatcherOptions<T> {
  delay: number;
  maxSize: number;
  /** A send failed; it will be retried. */
  onError(error: unknown, attempt: number): void;
  /** Called after each batch is sent. */
  onSent?(items: T[]): void;
  /** A batch that will not be sent: refused too often, or the drain deadline passed. */
  onDropped(items: T[], reason: unknown): void;
  /** How many times a batch the database refuses is tried (default 5). */
  maxRefusals?: number;
  /**
   * While this says so, new items wait for another carrier (a fetch they
   * can ride along with), at most holdMax ms; release() sends them.
   */
  hold?: () => boolean;
  holdMax?: number;
}

export class Batcher<T> {
  private pending: T[] = [];
  private inFlight: T[] = [];
  private sending: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private deadline = Infinity;

  constructor(
    private readonly send: (items: T[], attempt: number) => Promise<void>,
    private readonly options: BatcherOptions<T>,
  ) {}

  /** Items waiting or being sent. */
  pendingItems(): T[] {
    return [...this.inFlight, ...this.pending];
  }

  /** Nothing waiting and nothing being sent. */
  get idle(): boolean {
    return this.pending.length === 0 && !this.sending && !this.timer;
  }

  add(item: T): void {
    this.pending.push(item);
    if (this.sending || this.timer) return;
    if (this.options.hold?.() && this.pending.length < this.options.maxSize) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.start();
      }, this.options.holdMax ?? 50);
    } else if (this.options.delay > 0 && this.pending.length < this.options.maxSize) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.start();
      }, this.options.delay);
    } else {
      this.start();
    }
  }

  /**
   * Takes the items waiting (not those being sent), for a caller that sends
   * them another way; it must then call settle() or giveBack().
   */
  take(): T[] {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    return this.pending.splice(0);
  }

  /** Items held for a carrier that is not coming: send them (after the delay, if any). */
  release(): void {
    if (!this.timer || this.sending) return;
    clearTimeout(this.timer);
    this.timer = null;
    if (this.options.delay > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.start();
      }, this.options.delay);
    } else {
      this.start();
    }
  }

  /** Items taken with take() were sent. */
  settle(items: T[]): void {
    if (items.length) this.options.onSent?.(items);
  }

  /** Items taken with take() could not be sent: they go first in line again. */
  giveBack(items: T[]): void {
    if (!items.length) return;
    this.pending.unshift(...items);
    this.start();
  }

  /**
   * Resolves once everything added so far has been sent, or, at `deadline`
   * (a Date.now() value), once the rest has been dropped.
   */
  async drain(deadline = Infinity): Promise<void> {
    this.deadline = deadline;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.start();
    }
    while (this.sending) await this.sending;
  }

  private start(): void {
    if (this.sending || this.pending.length === 0) return;
    this.sending = this.loop().finally(() => {
      this.sending = null;
    });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    let refusals = 0;
    while (this.pending.length) {
      const items = this.pending.splice(0, this.options.maxSize);
      this.inFlight = items;
      try {
        await this.send(items, failures + 1);
        failures = 0;
        refusals = 0;
        this.inFlight = [];
        this.options.onSent?.(items);
      } catch (error) {
        this.inFlight = [];
        failures++;
        if (!isConnectionError(error)) refusals++;
        const wait = backoff(failures);
        if (refusals >= (this.options.maxRefusals ?? 5) || Date.now() + wait > this.deadline) {
          failures = 0;
          refusals = 0;
          this.options.onDropped(items, error);
          continue;
        }
        this.pending.unshift(...items);
        this.options.onError(error, failures);
        await sleep(wait);
      }
    }
  }
}
