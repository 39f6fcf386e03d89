/**
 * WorkerUtils: the typed facade over the SQL API. It adds names and types,
 * and refuses input that JavaScript would otherwise bend silently (an
 * invalid Date, NaN, an id past 2^53); every other rule lives in the SQL
 * functions.
 */
import pg from "pg";
import { absorbClientErrors, connectionFrom, withClient } from "./connection";
import { Db } from "./db";
import * as admin from "./generated/admin.queries";
import * as enqueue from "./generated/enqueue.queries";
import * as schedules from "./generated/schedules.queries";
import { $$isParsed, toSyncCrontabItems, type ParsedCronItem, type SyncCrontabItem } from "./crontab";
import { migrate, type MigrateOptions, type MigrateResult } from "./migrate";
import { RULES, type CleanupTask } from "./rules";
import { DEFAULT_SCHEMA } from "./schema-name";
import type { BatchJobSpec, Job, JobSpec, PayloadOf, Schedule, ScheduledJob, ScheduleSpec, TaskIdentifier } from "./types";

/** What a beforeJobSchedule hook decides for a job about to be added. */
export type JobScheduleDecision =
  | { action: "continue"; payload?: unknown }
  | { action: "skip" }
  | { action: "fail"; message: string };

export interface JobToSchedule {
  identifier: string;
  payload: unknown;
  spec: JobSpec;
  /** true for addBatchJob: the payload is an array and must stay a non-empty one. */
  batch: boolean;
}

export type BeforeJobSchedule = (job: JobToSchedule) => JobScheduleDecision | Promise<JobScheduleDecision>;

export class JobScheduleSkippedError extends Error {
  constructor(readonly identifier: string) {
    super(`beforeJobSchedule skipped the ${identifier} job; nothing was added`);
    this.name = "JobScheduleSkippedError";
  }
}

export class JobScheduleFailedError extends Error {
  constructor(
    readonly identifier: string,
    reason: string,
  ) {
    super(`beforeJobSchedule refused the ${identifier} job: ${reason}; nothing was added`);
    this.name = "JobScheduleFailedError";
  }
}

export interface WorkerUtilsOptions {
  /** Defaults to $DATABASE_URL, then the PG* variables (when PGDATABASE is set). */
  connectionString?: string;
  /** An existing pool (not with connectionString); release() leaves it open. */
  pgPool?: pg.Pool;
  schema?: string;
  beforeJobSchedule?: BeforeJobSchedule;
  /** Timestamps from this process's clock instead of the database's (for run_at defaults). */
  useNodeTime?: boolean;
  /** Send every query unprepared, for poolers that cannot keep prepared statements (default false). */
  noPreparedStatements?: boolean;
  /** Task identifiers cleanup(GC_TASK_IDENTIFIERS) always keeps: a runner's. */
  keepTaskIdentifiers?: () => readonly string[];
}

export interface RescheduleOptions {
  runAt?: Date | string | null;
  priority?: number | null;
  attempts?: number | null;
  maxAttempts?: number | null;
}

export interface CleanupOptions {
  /** Default: GC_JOB_QUEUES (as graphile-worker); deleting failed jobs happens only when named. */
  tasks?: CleanupTask[];
  taskIdentifiersToKeep?: string[];
}

export interface PreviewOptions {
  /** IANA time zone (default UTC). */
  timeZone?: string;
  /** Fire times after this (default: now, by the database clock). */
  from?: Date;
  /** How many (default 10, at most 1000). */
  n?: number;
}

export interface FireTime {
  fire_at: Date;
  /** The wall-clock time in the schedule's zone, ISO 8601 without a zone: "2024-03-10T03:30:00". */
  local_time: string;
}

/** A schedule with the state of its latest job (null once that job is gone: it completed). */
export interface ListedSchedule extends Schedule {
  last_job_state: "ready" | "scheduled" | "locked" | "failed" | null;
}

export interface CrontabChange {
  id: string;
  change: "added" | "updated" | "restored" | "disabled";
}

export interface ActiveWorker {
  worker_id: string;
  started_at: Date;
  last_heartbeat_at: Date;
  metadata: unknown;
  is_stale: boolean;
}

export interface SweepResult {
  dead_worker_ids: string[];
  jobs_recovered: number;
  queues_unlocked: number;
  another_sweep_running: boolean;
}

/** Batches at least this large are followed by ANALYZE of the jobs table. */
export const ANALYZE_THRESHOLD = 10_000;

export class WorkerUtils {
  private readonly ownsPool: boolean;
  private readonly db: Db;

  constructor(private readonly options: WorkerUtilsOptions = {}) {
    const connection = connectionFrom(options);
    this.ownsPool = !options.pgPool;
    const pool = options.pgPool ?? new pg.Pool(connection);
    if (this.ownsPool) pool.on("error", () => {});
    absorbClientErrors(pool);
    this.db = new Db(pool, options.schema ?? DEFAULT_SCHEMA, options.noPreparedStatements !== true);
  }

  get schema(): string {
    return this.db.schema;
  }

  /**
   * Creates or updates the queue's schema, adopting a graphile-worker 0.16 or
   * 0.17 schema in place. A schema with migrations this package does not
   * know is used as it is, with a warning on stderr (the result's `newer`
   * lists them), unless one of them is a breaking change: then this throws a
   * MigrationError saying which.
   */
  migrate(options: Pick<MigrateOptions, "takeOverLocks"> = {}): Promise<MigrateResult> {
    return migrate(this.db.pool, { schema: this.db.schema, takeOverLocks: options.takeOverLocks });
  }

  /** Adds a job, or updates the waiting job with the same jobKey. */
  async addJob<T extends TaskIdentifier>(identifier: T, payload?: PayloadOf<T>, spec: JobSpec = {}): Promise<Job> {
    checkSpec(spec, "addJob");
    const decided = await this.schedule({ identifier, payload, spec, batch: false });
    if (decided === SKIPPED) throw new JobScheduleSkippedError(identifier);
    return this.insertJob(identifier, decided, spec);
  }

  private async insertJob(identifier: string, payload: unknown, spec: JobSpec): Promise<Job> {
    const [job] = await this.db.run(enqueue.addJob, {
      identifier,
      payload: payload === undefined ? null : JSON.stringify(payload),
      queueName: spec.queueName ?? null,
      runAt: this.runAt(spec.runAt),
      maxAttempts: spec.maxAttempts ?? null,
      jobKey: spec.jobKey ?? null,
      jobKeyMode: spec.jobKeyMode ?? null,
      priority: spec.priority ?? null,
      flags: spec.flags ?? null,
    });
    return job as Job;
  }

  /**
   * Adds one job whose payload is a list (a batch job): a later add with the
   * same jobKey appends to the list while the job waits.
   */
  async addBatchJob<T extends TaskIdentifier>(
    identifier: T,
    payloads: PayloadOf<T> extends ReadonlyArray<infer Item> ? Item[] : unknown[],
    spec: JobSpec = {},
  ): Promise<Job> {
    if (!Array.isArray(payloads) || payloads.length === 0) {
      throw new RangeError(`addBatchJob(${JSON.stringify(identifier)}): payloads must be a non-empty array`);
    }
    checkSpec(spec, "addBatchJob");
    const decided = await this.schedule({ identifier, payload: payloads, spec, batch: true });
    if (decided === SKIPPED) throw new JobScheduleSkippedError(identifier);
    return this.insertJob(identifier, decided, spec);
  }

  /**
   * Adds a batch in one statement; returns one job per added spec, in order.
   * jobKeyPreserveRunAt (or any spec asking for preserve_run_at) applies to
   * the whole batch. Specs the beforeJobSchedule hook skips are left out.
   */
  async addJobs<T extends TaskIdentifier>(specs: ReadonlyArray<BatchJobSpec<T>>, jobKeyPreserveRunAt = false): Promise<Job[]> {
    if (!Array.isArray(specs)) throw new TypeError("addJobs: specs must be an array");
    for (const [index, spec] of specs.entries()) {
      if ((spec.jobKeyMode as string) === "unsafe_dedupe") {
        throw new TypeError(`addJobs: specs[${index}].jobKeyMode unsafe_dedupe is not supported in a batch; use addJob`);
      }
      checkSpec(spec, `addJobs: specs[${index}]`);
      // add_jobs takes no mode per spec: a mode it would not see must not pass silently.
      if (spec.jobKeyMode != null && !["replace", "preserve_run_at"].includes(spec.jobKeyMode)) {
        throw new TypeError(
          `addJobs: specs[${index}].jobKeyMode must be replace or preserve_run_at (got ${JSON.stringify(spec.jobKeyMode)})`,
        );
      }
    }
    const rows: object[] = [];
    let preserveRunAt = jobKeyPreserveRunAt;
    for (const spec of specs) {
      if (spec.jobKeyMode === "preserve_run_at") preserveRunAt = true;
      const decided = await this.schedule({ identifier: spec.identifier, payload: spec.payload, spec, batch: false });
      if (decided === SKIPPED) continue;
      rows.push({
        identifier: spec.identifier,
        payload: decided === undefined ? null : decided,
        queue_name: spec.queueName ?? null,
        run_at: this.runAt(spec.runAt),
        max_attempts: spec.maxAttempts ?? null,
        job_key: spec.jobKey ?? null,
        priority: spec.priority ?? null,
        flags: spec.flags ?? null,
      });
    }
    if (rows.length === 0) return [];
    const jobs = await this.db.run(enqueue.addJobs, {
      specs: JSON.stringify(rows),
      jobKeyPreserveRunAt: preserveRunAt,
    });
    if (jobs.length >= ANALYZE_THRESHOLD) {
      // Best effort: fresh statistics help the planner after a large batch.
      await this.db.run(admin.analyzeJobs, undefined as never).catch(() => {});
    }
    return jobs as Job[];
  }

  /** Removes the waiting job with this key (a running one loses its key). */
  async removeJob(jobKey: string): Promise<Job | null> {
    const [job] = await this.db.run(enqueue.removeJob, { jobKey });
    return (job as Job | undefined) ?? null;
  }

  /** Deletes the given jobs unless they are running; returns the deleted ones. */
  async completeJobs(ids: ReadonlyArray<string | number | bigint>): Promise<Job[]> {
    return (await this.db.run(admin.completeJobs, { jobIds: idStrings(ids, "completeJobs") })) as Job[];
  }

  /** Marks the given jobs permanently failed unless they are running. */
  async permanentlyFailJobs(ids: ReadonlyArray<string | number | bigint>, reason?: string | null): Promise<Job[]> {
    return (await this.db.run(admin.permanentlyFailJobs, {
      jobIds: idStrings(ids, "permanentlyFailJobs"),
      reason: reason ?? null,
    })) as Job[];
  }

  /**
   * Changes the given fields of the given jobs unless they are running.
   * Omitted (or null) fields are unchanged; 0 is a value. Run now: `runAt: new Date()`.
   */
  async rescheduleJobs(ids: ReadonlyArray<string | number | bigint>, options: RescheduleOptions = {}): Promise<Job[]> {
    // A string is the database's to read ("now" is its clock); a Date must be a real one.
    const runAt = options.runAt ?? null;
    if (runAt !== null && typeof runAt !== "string") checkDate(runAt, "rescheduleJobs: runAt");
    for (const name of ["priority", "attempts", "maxAttempts"] as const) {
      if (options[name] != null) checkInteger(options[name], `rescheduleJobs: ${name}`);
    }
    return (await this.db.run(admin.rescheduleJobs, {
      jobIds: idStrings(ids, "rescheduleJobs"),
      runAt,
      priority: options.priority ?? null,
      attempts: options.attempts ?? null,
      maxAttempts: options.maxAttempts ?? null,
    })) as Job[];
  }

  /** Clears the job and queue locks of workers that are gone. */
  async forceUnlockWorkers(workerIds: ReadonlyArray<string>): Promise<void> {
    await this.db.run(admin.forceUnlockWorkers, { workerIds: [...workerIds] });
  }

  /** Runs cleanup tasks (GC_JOB_QUEUES unless told otherwise); returns what each deleted. */
  async cleanup(options: CleanupOptions = {}): Promise<{ task: string; deleted: number }[]> {
    const keep = [...(options.taskIdentifiersToKeep ?? []), ...(this.options.keepTaskIdentifiers?.() ?? [])];
    return this.db.run(admin.cleanup, {
      tasks: options.tasks ?? ["GC_JOB_QUEUES"],
      taskIdentifiersToKeep: keep,
    });
  }

  /**
   * Pauses a named queue: no worker takes its jobs (they stay waiting) until
   * resumeQueue; a job already running finishes. Resolves to whether this
   * call paused it (false: it was paused already).
   */
  async pauseQueue(queueName: string): Promise<boolean> {
    const [row] = await this.db.run(admin.pauseQueue, { queueName });
    return row.changed;
  }

  /** Resumes a paused named queue and wakes the workers; resolves to whether it was paused. */
  async resumeQueue(queueName: string): Promise<boolean> {
    const [row] = await this.db.run(admin.resumeQueue, { queueName });
    return row.changed;
  }

  /**
   * Pauses a task: no worker fetches its jobs (they stay waiting) until
   * resumeTask; jobs already running finish. Resolves to whether this call
   * paused it (false: it was paused already).
   */
  async pauseTask(taskIdentifier: string): Promise<boolean> {
    const [row] = await this.db.run(admin.pauseTask, { taskIdentifier });
    return row.changed;
  }

  /** Resumes a paused task and wakes the workers; resolves to whether it was paused. */
  async resumeTask(taskIdentifier: string): Promise<boolean> {
    const [row] = await this.db.run(admin.resumeTask, { taskIdentifier });
    return row.changed;
  }

  /** Every registered worker, with is_stale when its heartbeat is older than threshold (ms). */
  async listActiveWorkers(options: { threshold?: number } = {}): Promise<ActiveWorker[]> {
    return this.db.run(admin.listActiveWorkers, {
      thresholdSeconds: seconds(options.threshold ?? RULES.sweepThresholdDefaultSeconds * 1000, "threshold"),
    });
  }

  /** Recovers the jobs and queues of workers that stopped (durations in ms). */
  async sweepStaleWorkers(
    options: { sweepThreshold?: number; recoveryDelay?: number; dryRun?: boolean } = {},
  ): Promise<SweepResult> {
    const [result] = await this.db.run(admin.sweepStaleWorkers, {
      sweepThresholdSeconds: seconds(options.sweepThreshold ?? RULES.sweepThresholdDefaultSeconds * 1000, "sweepThreshold"),
      recoveryDelaySeconds: seconds(options.recoveryDelay ?? RULES.recoveryDelayDefaultSeconds * 1000, "recoveryDelay"),
      dryRun: options.dryRun ?? false,
    });
    return result;
  }

  /**
   * Creates or replaces the schedule `spec.id`: a job for taskIdentifier at
   * every time the cron expression names, read in timeZone. A new schedule
   * first fires at its first fire time after now; replacing one keeps its
   * timetable unless the cron, the time zone or enabled changed.
   */
  async upsertSchedule(spec: ScheduleSpec): Promise<Schedule> {
    const where = "upsertSchedule";
    if (spec === null || typeof spec !== "object") throw new TypeError(`${where}: spec must be an object`);
    for (const name of ["id", "cron", "taskIdentifier"] as const) checkString(spec[name], `${where}: ${name}`);
    for (const name of ["timeZone", "queueName", "jobKey", "jobKeyMode", "catchUp"] as const) {
      if (spec[name] != null) checkString(spec[name], `${where}: ${name}`);
    }
    if (spec.payload != null && (typeof spec.payload !== "object" || Array.isArray(spec.payload))) {
      throw new TypeError(`${where}: payload must be a JSON object (its jobs get _cron added to it)`);
    }
    if (spec.priority != null) checkInteger(spec.priority, `${where}: priority`);
    if (spec.maxAttempts != null) checkInteger(spec.maxAttempts, `${where}: maxAttempts`);
    if (spec.flags != null && (!Array.isArray(spec.flags) || spec.flags.some((flag) => typeof flag !== "string"))) {
      throw new TypeError(`${where}: flags must be an array of strings`);
    }
    if (spec.enabled != null && typeof spec.enabled !== "boolean") {
      throw new TypeError(`${where}: enabled must be true or false (got ${JSON.stringify(spec.enabled)})`);
    }
    const [row] = await this.db.run(schedules.upsertSchedule, {
      id: spec.id,
      cron: spec.cron,
      taskIdentifier: spec.taskIdentifier,
      payload: spec.payload == null ? null : JSON.stringify(spec.payload),
      timeZone: spec.timeZone ?? null,
      queueName: spec.queueName ?? null,
      priority: spec.priority ?? null,
      maxAttempts: spec.maxAttempts ?? null,
      flags: spec.flags ?? null,
      jobKey: spec.jobKey ?? null,
      jobKeyMode: spec.jobKeyMode ?? null,
      catchUp: spec.catchUp ?? null,
      catchUpWindow: spec.catchUpWindow == null ? null : `${seconds(spec.catchUpWindow, `${where}: catchUpWindow`)} seconds`,
      enabled: spec.enabled ?? null,
    });
    return row as Schedule;
  }

  /** Deletes a schedule (its jobs stay); returns it, or null if there was none. */
  async removeSchedule(id: string): Promise<Schedule | null> {
    checkString(id, "removeSchedule: id");
    const [row] = await this.db.run(schedules.removeSchedule, { id });
    return (row as Schedule | undefined) ?? null;
  }

  /** Stops a schedule firing until resumeSchedule; throws (P0002) if there is none. */
  async pauseSchedule(id: string): Promise<Schedule> {
    checkString(id, "pauseSchedule: id");
    const [row] = await this.db.run(schedules.pauseSchedule, { id });
    return row as Schedule;
  }

  /** Lets a paused schedule fire again, from its next fire time after now (missed fires are not caught up). */
  async resumeSchedule(id: string): Promise<Schedule> {
    checkString(id, "resumeSchedule: id");
    const [row] = await this.db.run(schedules.resumeSchedule, { id });
    return row as Schedule;
  }

  /** Adds one job of the schedule now, outside its timetable (paused or not); returns it. */
  async triggerSchedule(id: string): Promise<Job> {
    checkString(id, "triggerSchedule: id");
    const [job] = await this.db.run(schedules.triggerSchedule, { id });
    return job as Job;
  }

  /** The next fire times of a cron expression in a time zone (daylight saving changes included). */
  async previewSchedule(cron: string, options: PreviewOptions = {}): Promise<FireTime[]> {
    checkString(cron, "previewSchedule: cron");
    if (options.timeZone != null) checkString(options.timeZone, "previewSchedule: timeZone");
    if (options.from != null) checkDate(options.from, "previewSchedule: from");
    if (options.n != null) checkInteger(options.n, "previewSchedule: n");
    return this.db.run(schedules.previewSchedule, {
      cron,
      timeZone: options.timeZone ?? null,
      fromTime: options.from ?? null,
      n: options.n ?? null,
    });
  }

  /**
   * Fires every schedule due now (runners do this about once a second);
   * returns the jobs added. Safe with any number of concurrent callers:
   * one job per schedule and fire time. `now` (tests, simulations) may not
   * run ahead of the database clock by more than a minute.
   */
  async tickSchedules(options: { now?: Date } = {}): Promise<ScheduledJob[]> {
    if (options.now != null) checkDate(options.now, "tickSchedules: now");
    return (await this.db.run(schedules.tickSchedules, { now: options.now ?? null })) as ScheduledJob[];
  }

  /**
   * Makes the schedules of crontab `source` those of `items` (parseCrontab's
   * or parseCronItems' output, or sync_crontab's JSON items): idempotent;
   * items gone from it are disabled. Returns what changed.
   */
  async syncCrontab(source: string, items: ReadonlyArray<ParsedCronItem | SyncCrontabItem>): Promise<CrontabChange[]> {
    checkString(source, "syncCrontab: source");
    if (!Array.isArray(items)) throw new TypeError("syncCrontab: items must be an array of cron items");
    items.forEach((item, i) => {
      if (item === null || typeof item !== "object") throw new TypeError(`syncCrontab: items[${i}] must be an object`);
    });
    const parsed = items.filter((item) => $$isParsed in item).length;
    if (parsed > 0 && parsed < items.length) {
      throw new TypeError("syncCrontab: items must all come from parseCrontab/parseCronItems, or all be sync_crontab's JSON items");
    }
    const json = parsed ? toSyncCrontabItems(items as ParsedCronItem[]) : items;
    return (await this.db.run(schedules.syncCrontab, { source, items: JSON.stringify(json) })) as CrontabChange[];
  }

  /** Every schedule in id order (or the one with this id), with the state of its latest job. */
  async listSchedules(options: { id?: string } = {}): Promise<ListedSchedule[]> {
    if (options.id != null) checkString(options.id, "listSchedules: id");
    return (await this.db.run(schedules.listSchedules, { id: options.id ?? null })) as ListedSchedule[];
  }

  /** Runs fn with a client of the pool. */
  async withPgClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withClient(this.db.pool, fn);
  }

  /** Ends the pool, if this WorkerUtils created it. */
  async release(): Promise<void> {
    if (this.ownsPool) await this.db.pool.end();
  }

  private runAt(runAt: Date | null | undefined): Date | null {
    if (runAt != null) return runAt;
    return this.options.useNodeTime ? new Date() : null;
  }

  private async schedule(job: JobToSchedule): Promise<unknown> {
    const hook = this.options.beforeJobSchedule;
    if (!hook) return job.payload;
    const decision = await hook(job);
    switch (decision?.action) {
      case "continue": {
        const payload = "payload" in decision && decision.payload !== undefined ? decision.payload : job.payload;
        if (job.batch && (!Array.isArray(payload) || payload.length === 0)) {
          throw new JobScheduleFailedError(job.identifier, "a batch job's payload must stay a non-empty array");
        }
        return payload;
      }
      case "skip":
        return SKIPPED;
      case "fail":
        throw new JobScheduleFailedError(job.identifier, decision.message);
      default:
        throw new TypeError(`beforeJobSchedule must return { action: "continue" | "skip" | "fail" }, got ${JSON.stringify(decision)}`);
    }
  }
}

const SKIPPED = Symbol("skipped");

/**
 * The options of a job that JavaScript could bend on the way to SQL: an
 * invalid Date would become "now", NaN and Infinity would become 0.
 */
function checkSpec(spec: JobSpec, where: string): void {
  if (spec === null || typeof spec !== "object") throw new TypeError(`${where}: options must be an object`);
  if (spec.runAt != null) checkDate(spec.runAt, `${where}: runAt`);
  if (spec.priority != null) checkInteger(spec.priority, `${where}: priority`);
  if (spec.maxAttempts != null) checkInteger(spec.maxAttempts, `${where}: maxAttempts`);
  if (spec.flags != null && (!Array.isArray(spec.flags) || spec.flags.some((flag) => typeof flag !== "string"))) {
    throw new TypeError(`${where}: flags must be an array of strings`);
  }
  for (const name of ["queueName", "jobKey"] as const) {
    if (spec[name] != null && typeof spec[name] !== "string") throw new TypeError(`${where}: ${name} must be a string`);
  }
}

function checkDate(value: unknown, what: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${what} must be a valid Date (got ${value instanceof Date ? "Invalid Date" : JSON.stringify(value)})`);
  }
}

function checkString(value: unknown, what: string): void {
  if (typeof value !== "string") throw new TypeError(`${what} must be a string (got ${value === null ? "null" : typeof value})`);
}

function checkInteger(value: unknown, what: string): void {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${what} must be an integer (got ${String(value)})`);
  }
}

/**
 * Ids travel as text: bigints do not fit in a JavaScript number. A number
 * past 2^53 has already lost its last digits, so it is refused.
 */
export function idStrings(ids: ReadonlyArray<string | number | bigint>, where: string): string[] {
  if (!Array.isArray(ids)) throw new TypeError(`${where}: ids must be an array`);
  return ids.map((id) => {
    if (typeof id === "number" && !Number.isSafeInteger(id)) {
      throw new TypeError(
        `${where}: job id ${id} is not a safe integer; pass ids past 2^53 as strings or bigints`,
      );
    }
    const text = String(id);
    if (!/^-?\d+$/.test(text)) throw new TypeError(`job id ${JSON.stringify(id)} is not an integer`);
    return text;
  });
}

/** Milliseconds as seconds for interval parameters, refusing nonsense. */
export function seconds(ms: number, what: string): number {
  if (typeof ms !== "number" || !Number.isFinite(ms)) throw new TypeError(`${what} must be a number of milliseconds`);
  return ms / 1000;
}

/** Creates a WorkerUtils (from a connection string or an existing pool). */
export async function makeWorkerUtils(options: WorkerUtilsOptions = {}): Promise<WorkerUtils> {
  return new WorkerUtils(options);
}

/**
 * Adds one job with a WorkerUtils made and released for the call
 * (graphile-worker's addJobAdhoc): simple, but a pool per call; keep a
 * WorkerUtils for more than one.
 */
export async function addJobAdhoc<T extends TaskIdentifier>(
  options: WorkerUtilsOptions,
  identifier: T,
  payload?: PayloadOf<T>,
  spec: JobSpec = {},
): Promise<Job> {
  const utils = await makeWorkerUtils(options);
  try {
    return await utils.addJob(identifier, payload, spec);
  } finally {
    await utils.release();
  }
}

/** @deprecated graphile-worker's older name for addJobAdhoc. */
export const quickAddJob = addJobAdhoc;
