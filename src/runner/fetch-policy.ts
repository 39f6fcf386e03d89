/**
 * When to fetch and how many jobs to ask for: pure rules, unit-tested on
 * their own (tests/ts/fetch-policy.test.ts).
 *
 * - A fetch asks for every free place: slots (concurrency) plus prefetch
 *   room, less the jobs held and those already asked for, at most
 *   maxBatchSize.
 * - A second fetch may start while one is in flight, so that the local queue
 *   does not run dry while a reply is on its way, but only when at least half
 *   of the places are free, never a third, and never while the reply of a
 *   failed fetch may have been lost (its claim is given back first).
 * - Notifications are coalesced: an idle runner woken by jobs:insert that
 *   finds nothing waits a little longer before the next notification may
 *   wake it (doubling from 1 ms to at most 250 ms), so that a flood of
 *   notifications from any connected role cannot turn it into thousands of
 *   fetches a second. A fetch that finds jobs resets the wait.
 */

export interface FetchState {
  /** concurrency + prefetch */
  capacity: number;
  /** Jobs running, fetched and waiting locally, or waiting for a stale run of the same job to end. */
  held: number;
  /** Jobs asked for by the fetches in flight. */
  requested: number;
  /** Fetches in flight. */
  inFlight: number;
  /** A fetch failed, so its claim may be held without its jobs known. */
  replyLost: boolean;
}

/** How many jobs to ask for now; 0 means do not fetch now. */
export function batchToFetch(state: FetchState, maxBatchSize: number): number {
  const room = state.capacity - state.held - state.requested;
  if (room <= 0) return 0;
  if (state.inFlight > 0 && (state.inFlight >= 2 || room * 2 < state.capacity || state.replyLost)) return 0;
  return Math.min(room, maxBatchSize);
}

/** The longest a notification waits after a run of fetches that found nothing. */
export const MAX_NOTIFICATION_DELAY = 250;

/** Bounds how often notifications may wake a runner that keeps finding nothing. */
export class WakeLimiter {
  private emptyInARow = 0;
  private lastEmptyAt = -Infinity;

  constructor(private readonly now: () => number = Date.now) {}

  /** A notification arrived: how long to wait before fetching for it (0: at once). */
  delayForNotification(): number {
    if (this.emptyInARow === 0) return 0;
    const gap = Math.min(MAX_NOTIFICATION_DELAY, 2 ** (this.emptyInARow - 1));
    return Math.max(0, this.lastEmptyAt + gap - this.now());
  }

  /** A fetch a notification asked for found `found` jobs. */
  notifiedFetchFound(found: number): void {
    if (found > 0) {
      this.emptyInARow = 0;
      return;
    }
    this.emptyInARow = Math.min(this.emptyInARow + 1, 30);
    this.lastEmptyAt = this.now();
  }

  /** Any fetch found jobs: the queue is busy again. */
  jobsFound(): void {
    this.emptyInARow = 0;
  }
}
