// The fetch rules on their own (no database): how many jobs a fetch asks
// for, when a second fetch may overlap the first, and how notifications are
// coalesced.
import { describe, expect, it } from "vitest";
import { batchToFetch, MAX_NOTIFICATION_DELAY, WakeLimiter, type FetchState } from "../../src/runner/fetch-policy";

const idle: FetchState = { capacity: 10, held: 0, requested: 0, inFlight: 0, replyLost: false };

describe("batchToFetch", () => {
  it("asks for every free place, at most maxBatchSize", () => {
    expect(batchToFetch(idle, 500)).toBe(10);
    expect(batchToFetch({ ...idle, held: 3 }, 500)).toBe(7);
    expect(batchToFetch({ ...idle, capacity: 2000 }, 500)).toBe(500);
  });

  it("counts what fetches in flight asked for", () => {
    expect(batchToFetch({ ...idle, requested: 4, inFlight: 1 }, 500)).toBe(6);
    expect(batchToFetch({ ...idle, held: 6, requested: 4, inFlight: 1 }, 500)).toBe(0);
  });

  it("starts a second fetch only while at least half the places are free, and never a third", () => {
    expect(batchToFetch({ ...idle, requested: 5, inFlight: 1 }, 500)).toBe(5);
    expect(batchToFetch({ ...idle, requested: 6, inFlight: 1 }, 500)).toBe(0);
    expect(batchToFetch({ ...idle, requested: 2, inFlight: 2 }, 500)).toBe(0);
  });

  it("does not overlap a fetch while a lost reply's claim is not given back", () => {
    expect(batchToFetch({ ...idle, replyLost: true }, 500)).toBe(10);
    expect(batchToFetch({ ...idle, requested: 1, inFlight: 1, replyLost: true }, 500)).toBe(0);
  });

  it("asks for nothing when full", () => {
    expect(batchToFetch({ ...idle, held: 10 }, 500)).toBe(0);
    expect(batchToFetch({ ...idle, held: 12 }, 500)).toBe(0);
  });
});

describe("WakeLimiter", () => {
  it("lets notifications through at once while fetches find jobs", () => {
    let now = 0;
    const limiter = new WakeLimiter(() => now);
    for (let i = 0; i < 100; i++) {
      expect(limiter.delayForNotification()).toBe(0);
      limiter.notifiedFetchFound(1);
      now += 1;
    }
  });

  it("doubles the wait after each notified fetch that found nothing, up to a bound, and resets on jobs", () => {
    let now = 1_000;
    const limiter = new WakeLimiter(() => now);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      limiter.notifiedFetchFound(0);
      waits.push(limiter.delayForNotification());
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 250, 250, 250, 250]);
    expect(Math.max(...waits)).toBe(MAX_NOTIFICATION_DELAY);
    now += 100;
    expect(limiter.delayForNotification()).toBe(150);
    now += 200;
    expect(limiter.delayForNotification()).toBe(0);
    limiter.jobsFound();
    limiter.notifiedFetchFound(0);
    expect(limiter.delayForNotification()).toBe(1);
  });

  it("bounds a flood: at most one fetch per 250 ms once notifications keep finding nothing", () => {
    let now = 0;
    const limiter = new WakeLimiter(() => now);
    let fetches = 0;
    let nextAllowed = 0;
    // One notification every millisecond for ten seconds; each fetch finds nothing.
    for (now = 0; now < 10_000; now++) {
      if (now < nextAllowed) continue;
      const delay = limiter.delayForNotification();
      if (delay > 0) {
        nextAllowed = now + delay;
        continue;
      }
      fetches++;
      limiter.notifiedFetchFound(0);
    }
    expect(fetches).toBeLessThanOrEqual(10_000 / MAX_NOTIFICATION_DELAY + 10);
  });
});
