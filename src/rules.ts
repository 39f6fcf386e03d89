/**
 * The limits, defaults and names the SQL functions enforce, as
 * `graphile_worker.rules()` returns them. The TypeScript side checks input by
 * these before it reaches the database; tests/ts/rules.test.ts keeps the two
 * equal.
 */
export const RULES = Object.freeze({
  /** Jobs locked more recently are running; older locks are released. */
  lockLifetimeSeconds: 14_400,
  /** How far ahead of the database clock a worker's `now` may be. */
  maxClockSkewSeconds: 60,
  /** The most jobs one fetch claims. */
  maxBatchSize: 10_000,
  /** Task identifiers, queue names, worker ids. */
  nameMaxLength: 128,
  keyMaxLength: 512,
  jobKeyModes: Object.freeze(["replace", "preserve_run_at", "unsafe_dedupe"] as const),
  cleanupTasks: Object.freeze(["DELETE_PERMAFAILED_JOBS", "GC_JOB_QUEUES", "GC_TASK_IDENTIFIERS"] as const),
  maxAttemptsDefault: 25,
  priorityMin: -32_768,
  priorityMax: 32_767,
  maxAttemptsMax: 32_767,
  sweepThresholdDefaultSeconds: 300,
  recoveryDelayDefaultSeconds: 30,
  heartbeatIntervalDefaultSeconds: 30,
  /** Recurring schedules: what a schedule does about fires it missed. */
  catchUps: Object.freeze(["none", "latest", "all"] as const),
  catchUpDefault: "latest",
  catchUpWindowDefaultSeconds: 86_400,
  /** A fire handled later than this is a missed one (its job is backfilled). */
  scheduleGraceSeconds: 60,
  /** The most fires one tick adds for one schedule. */
  maxFiresPerTick: 1_000,
});

export type JobKeyMode = (typeof RULES.jobKeyModes)[number];
export type CleanupTask = (typeof RULES.cleanupTasks)[number];
export type CatchUp = (typeof RULES.catchUps)[number];
