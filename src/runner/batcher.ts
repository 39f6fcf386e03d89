/**
 * Coalesces items (job completions, failures) into few round trips: while one
 * batch is being sent, new items wait and go together in the next one. With
 * a delay, the first item also waits that long for company. A failed send is
 * retried with backoff until it succeeds: nothing is dropped.
 */
import { backoff, sleep } from "./timing";

export class Batcher<T> {
  private pending: T[] = [];
  private inFlight: T[] = [];
  private sending: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (items: T[]) => Promise<void>,
    private readonly options: {
      delay: number;
      maxSize: number;
      onError: (error: unknown, attempt: number) => void;
      /** Called after each batch is sent. */
      onSent?: (items: T[]) => void;
    },
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
    if (this.options.delay > 0 && this.pending.length < this.options.maxSize) {
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

  /** Resolves once everything added so far has been sent. */
  async drain(): Promise<void> {
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
    while (this.pending.length) {
      const items = this.pending.splice(0, this.options.maxSize);
      this.inFlight = items;
      try {
        await this.send(items);
        failures = 0;
        this.inFlight = [];
        this.options.onSent?.(items);
      } catch (error) {
        this.pending.unshift(...items);
        this.inFlight = [];
        this.options.onError(error, ++failures);
        await sleep(backoff(failures));
      }
    }
  }
}
