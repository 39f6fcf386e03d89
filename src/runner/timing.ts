export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with jitter: 100 ms doubling up to 10 s. */
export function backoff(attempt: number): number {
  const base = Math.min(10_000, 100 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** A delay jittered by ±10%, so that many runners do not act in lockstep. */
export function jitter(ms: number): number {
  return Math.round(ms * (0.9 + Math.random() * 0.2));
}
