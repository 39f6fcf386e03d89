/**
 * The administrative UI's JSON API: one function per route. Reads are the
 * queries of sql/queries/admin-ui.sql; every write is one of the SQL API's
 * functions through WorkerUtils. Input is checked here (a bad one is a 400
 * naming the field) before anything reaches the database.
 */
import type { ServerResponse } from "node:http";
import { Db } from "../db";
import * as ui from "../generated/admin-ui.queries";
import { loadMigrations } from "../migrate";
import { RULES, type CleanupTask } from "../rules";
import type { WorkerUtils } from "../worker-utils";

export const JOB_STATES = ["ready", "scheduled", "running", "failed", "permanently_failed"] as const;
export const JOB_ACTIONS = ["complete", "fail", "run-now", "reschedule"] as const;
export type JobState = (typeof JOB_STATES)[number];
export type JobAction = (typeof JOB_ACTIONS)[number];

/** Jobs a filter action touches per call of the SQL function. */
export const BATCH_SIZE = 500;
export const PAGE_SIZES = [10, 25, 50, 100, 250, 500] as const;
const MAX_IDS = 10_000;
const MAX_SEARCH = 200;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const bad = (message: string) => new HttpError(400, message);

export interface ApiContext {
  db: Db;
  utils: WorkerUtils;
  readOnly: boolean;
  authMode: string;
  csrfToken: string;
}

type Query = URLSearchParams;
type Body = Record<string, unknown>;

// ---------------------------------------------------------------- input checks

function name(value: unknown, what: string, optional = true): string | null {
  if (value === undefined || value === null || value === "") {
    if (optional) return null;
    throw bad(`${what} is required`);
  }
  if (typeof value !== "string") throw bad(`${what} must be a string`);
  if ([...value].length > RULES.nameMaxLength) throw bad(`${what} must be at most ${RULES.nameMaxLength} characters`);
  return value;
}

const MAX_BIGINT = 9223372036854775807n;

function jobId(value: unknown, what = "job id"): string {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !/^\d{1,19}$/.test(text) || BigInt(text) < 1n || BigInt(text) > MAX_BIGINT) {
    throw bad(`${what} must be a positive whole number (got ${JSON.stringify(value)})`);
  }
  return BigInt(text).toString();
}

function integer(value: unknown, what: string, min: number, max: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw bad(`${what} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return value;
}

function bool(value: unknown, what: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw bad(`${what} must be true or false`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw bad(`${what} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`);
  }
  return value as T;
}

export interface JobFilter {
  state: JobState | null;
  taskIdentifier: string | null;
  queueName: string | null;
  search: string | null;
}

function filterOf(get: (key: string) => unknown): JobFilter {
  const state = get("state");
  const search = get("search");
  if (search !== undefined && search !== null && typeof search !== "string") throw bad("search must be a string");
  if (typeof search === "string" && [...search].length > MAX_SEARCH) throw bad(`search must be at most ${MAX_SEARCH} characters`);
  return {
    state: state === undefined || state === null || state === "" ? null : oneOf(state, JOB_STATES, "state"),
    taskIdentifier: name(get("task_identifier"), "task_identifier"),
    queueName: name(get("queue_name"), "queue_name"),
    search: typeof search === "string" && search.trim() !== "" ? search.trim() : null,
  };
}

function known(body: Body, keys: string[], where: string): void {
  const extra = Object.keys(body).find((key) => !keys.includes(key));
  if (extra !== undefined) throw bad(`${where}: unknown field ${JSON.stringify(extra)}`);
}

function queryOnly(query: Query, keys: string[]): void {
  for (const key of query.keys()) if (!keys.includes(key)) throw bad(`unknown parameter ${JSON.stringify(key)}`);
}

// ---------------------------------------------------------------- reads

export async function session(ctx: ApiContext) {
  return {
    csrf_token: ctx.csrfToken,
    read_only: ctx.readOnly,
    auth: ctx.authMode,
    schema: ctx.db.schema,
    job_states: JOB_STATES,
    page_sizes: PAGE_SIZES,
    cleanup_tasks: RULES.cleanupTasks,
  };
}

/** A read the server's role may not be granted (SQLSTATE 42501): null instead of a refusal. */
async function ifGranted<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if ((error as { code?: unknown })?.code === "42501") return null;
    throw error;
  }
}

/**
 * Counts by state, workers alive, and (when the role may read them: the
 * viewer grants do not include them) the throughput the workers report and
 * the oldest waiting job; null when not granted.
 */
export async function overview(ctx: ApiContext, query: Query) {
  queryOnly(query, ["minutes"]);
  const minutes = query.has("minutes") ? integer(Number(query.get("minutes")), "minutes", 5, 1440)! : 60;
  const [counts, throughput, oldest, workers] = await Promise.all([
    ctx.db.run(ui.jobCounts, undefined as never),
    ifGranted(ctx.db.run(ui.throughput, { minutes })),
    ifGranted(ctx.db.run(ui.oldestWaiting, undefined as never)),
    ctx.db.run(ui.listWorkers, { thresholdSeconds: RULES.sweepThresholdDefaultSeconds }),
  ]);
  const totals = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
  for (const row of counts) totals[row.state as JobState] += row.count;
  const registered = workers.filter((w) => w.registered && !w.stopped_at);
  return {
    totals,
    estimated: counts.some((row) => row.estimated),
    counts,
    throughput,
    minutes,
    oldest_waiting: oldest === null ? null : (oldest[0] ?? false),
    workers: { alive: registered.filter((w) => !w.is_stale).length, stale: workers.filter((w) => w.is_stale).length },
  };
}

/** Time a page of a filtered list may take, in list_jobs calls of 50 ms each. */
const PAGE_BUDGET_MS = 1000;

/**
 * Up to pageSize jobs matching the filter below afterId, newest first.
 * list_jobs looks for 50 ms per call and ends a page it could not fill with
 * a "continue" marker: this calls it again from the marker until the page
 * is full, the table is searched through, or PAGE_BUDGET_MS is spent (then
 * `next_after_id` says where to go on).
 */
async function jobsPage(ctx: ApiContext, filter: JobFilter, afterId: string | null, pageSize: number) {
  const started = Date.now();
  const jobs: ui.IListJobsResult[] = [];
  let cursor = afterId;
  for (;;) {
    const rows: ui.IListJobsResult[] = await ctx.db.run(ui.listJobs, { ...filter, afterId: cursor, pageSize: pageSize - jobs.length });
    const marker = rows.find((row) => row.state === "continue");
    jobs.push(...rows.filter((row) => row !== marker));
    if (!marker) return { jobs, more: jobs.length === pageSize, cursor: jobs.length ? jobs[jobs.length - 1].id : cursor };
    cursor = marker.id;
    if (jobs.length >= pageSize || Date.now() - started > PAGE_BUDGET_MS) return { jobs, more: true, cursor };
  }
}

export async function listJobs(ctx: ApiContext, query: Query) {
  queryOnly(query, ["state", "task_identifier", "queue_name", "search", "after_id", "page_size"]);
  const filter = filterOf((key) => query.get(key) ?? undefined);
  const afterId = query.get("after_id") ? jobId(query.get("after_id"), "after_id") : null;
  const pageSize = query.has("page_size") ? Number(query.get("page_size")) : 50;
  if (!PAGE_SIZES.includes(pageSize as (typeof PAGE_SIZES)[number])) {
    throw bad(`page_size must be one of ${PAGE_SIZES.join(", ")} (got ${JSON.stringify(query.get("page_size"))})`);
  }
  const page = await jobsPage(ctx, filter, afterId, pageSize);
  return { jobs: page.jobs, next_after_id: page.more ? page.cursor : null };
}

/** One job with its payload; for a role not granted get_job (a viewer), without (payload_hidden). */
export async function getJob(ctx: ApiContext, id: string) {
  const jobIdText = jobId(id);
  const full = await ifGranted(ctx.db.run(ui.getJob, { id: jobIdText }));
  if (full === null) {
    const [summary] = await ctx.db.run(ui.getJobSummary, { id: jobIdText });
    if (!summary) throw new HttpError(404, `no job has id ${id}`);
    return { ...summary, payload: null, payload_hidden: true };
  }
  const [job] = full;
  if (!job) throw new HttpError(404, `no job has id ${id}`);
  const { payload_text, ...rest } = job;
  return { ...rest, payload: JSON.parse(payload_text) as unknown, payload_hidden: false };
}

export async function listQueues(ctx: ApiContext, query: Query) {
  queryOnly(query, []);
  return { queues: await ctx.db.run(ui.listQueues, undefined as never) };
}

export async function listWorkers(ctx: ApiContext, query: Query) {
  queryOnly(query, ["threshold_seconds"]);
  const threshold = query.has("threshold_seconds")
    ? integer(Number(query.get("threshold_seconds")), "threshold_seconds", 1, 86_400)!
    : RULES.sweepThresholdDefaultSeconds;
  return { workers: await ctx.db.run(ui.listWorkers, { thresholdSeconds: threshold }), threshold_seconds: threshold };
}

export async function listSchedules(ctx: ApiContext, query: Query) {
  queryOnly(query, []);
  return { schedules: await ctx.db.run(ui.listSchedules, undefined as never) };
}

export async function migrationStatus(ctx: ApiContext, query: Query) {
  queryOnly(query, []);
  const applied = await ctx.db.run(ui.appliedMigrations, undefined as never);
  const known = loadMigrations();
  const appliedIds = new Set(applied.map((m) => m.id));
  const knownIds = new Set(known.map((m) => m.id));
  return {
    migrations: {
      applied: applied.map((m) => ({ ...m, known: knownIds.has(m.id) })),
      pending: known.filter((m) => !appliedIds.has(m.id)).map((m) => m.name),
      latest_known: known[known.length - 1]?.name ?? null,
    },
  };
}

// ---------------------------------------------------------------- writes

/** One job action on a list of ids: what the SQL function returned. */
async function act(ctx: ApiContext, action: JobAction, ids: string[], body: Body): Promise<number> {
  switch (action) {
    case "complete":
      return (await ctx.utils.completeJobs(ids)).length;
    case "fail":
      return (await ctx.utils.permanentlyFailJobs(ids, (body.reason as string | undefined) ?? null)).length;
    case "run-now":
      return (await ctx.utils.rescheduleJobs(ids, { runAt: "now" })).length;
    case "reschedule":
      return (
        await ctx.utils.rescheduleJobs(ids, {
          runAt: (body.run_at as string | undefined) ?? null,
          priority: body.priority as number | undefined,
          attempts: body.attempts as number | undefined,
          maxAttempts: body.max_attempts as number | undefined,
        })
      ).length;
  }
}

function checkActionBody(body: Body): { action: JobAction; ids: string[] | null; filter: JobFilter | null; dryRun: boolean } {
  known(body, ["action", "ids", "filter", "dry_run", "reason", "run_at", "priority", "attempts", "max_attempts"], "jobs action");
  const action = oneOf(body.action, JOB_ACTIONS, "action");
  if ((body.ids === undefined) === (body.filter === undefined)) throw bad("give either ids (the selection) or filter, not both");
  let ids: string[] | null = null;
  let filter: JobFilter | null = null;
  if (body.ids !== undefined) {
    if (!Array.isArray(body.ids) || body.ids.length === 0) throw bad("ids must be a non-empty array of job ids");
    if (body.ids.length > MAX_IDS) throw bad(`ids may name at most ${MAX_IDS} jobs; act on a filter instead`);
    ids = [...new Set(body.ids.map((id) => jobId(id)))];
  } else {
    if (body.filter === null || typeof body.filter !== "object" || Array.isArray(body.filter)) throw bad("filter must be an object");
    const given = body.filter as Body;
    known(given, ["state", "task_identifier", "queue_name", "search"], "filter");
    filter = filterOf((key) => given[key]);
  }
  if (body.reason !== undefined && body.reason !== null && (typeof body.reason !== "string" || body.reason.length > 10_000)) {
    throw bad("reason must be a string of at most 10000 characters");
  }
  if (action !== "fail" && body.reason !== undefined) throw bad("reason is only for the fail action");
  const rescheduling = ["run_at", "priority", "attempts", "max_attempts"].filter((key) => body[key] !== undefined);
  if (action !== "reschedule" && rescheduling.length) throw bad(`${rescheduling[0]} is only for the reschedule action`);
  if (action === "reschedule") {
    if (!rescheduling.length) throw bad("reschedule needs at least one of run_at, priority, attempts, max_attempts");
    if (body.run_at !== undefined && body.run_at !== null) {
      if (typeof body.run_at !== "string" || (body.run_at !== "now" && Number.isNaN(Date.parse(body.run_at)))) {
        throw bad(`run_at must be an ISO timestamp or "now" (got ${JSON.stringify(body.run_at)})`);
      }
    }
    integer(body.priority, "priority", RULES.priorityMin, RULES.priorityMax);
    integer(body.attempts, "attempts", 0, RULES.maxAttemptsMax);
    integer(body.max_attempts, "max_attempts", 1, RULES.maxAttemptsMax);
  }
  return { action, ids, filter, dryRun: bool(body.dry_run, "dry_run") };
}

/**
 * POST /api/jobs/action. On ids: one call, one JSON answer. On a filter:
 * with dry_run, how many jobs match (for the confirmation); otherwise the
 * matching jobs in batches of BATCH_SIZE (newest first, each batch one call
 * of the SQL function), answered as NDJSON: a line per batch with the
 * progress, then a last line with `finished: true`. Running jobs are left
 * alone by every action (the SQL functions skip them).
 */
export async function jobsAction(ctx: ApiContext, body: Body, res: ServerResponse): Promise<unknown> {
  const { action, ids, filter, dryRun } = checkActionBody(body);
  if (ids) {
    if (dryRun) return { action, matching: ids.length };
    return { action, matching: ids.length, affected: await act(ctx, action, ids, body) };
  }
  const [{ count: total }] = await ctx.db.run(ui.countJobs, filter!);
  if (dryRun) return { action, matching: total };
  res.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8" });
  const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
  let done = 0;
  let affected = 0;
  let afterId: string | null = null;
  try {
    for (;;) {
      const batch = await jobsPage(ctx, filter!, afterId, BATCH_SIZE);
      if (batch.jobs.length) {
        affected += await act(ctx, action, batch.jobs.map((job) => job.id), body);
        done += batch.jobs.length;
        line({ action, total, done, affected });
      }
      if (!batch.more) break;
      afterId = batch.cursor;
    }
    line({ action, total, done, affected, finished: true });
  } catch (error) {
    line({ action, total, done, affected, error: publicMessage(error).message });
  }
  res.end();
  return STREAMED;
}

export const STREAMED = Symbol("streamed");

export async function removeByKey(ctx: ApiContext, body: Body) {
  known(body, ["key"], "remove-by-key");
  if (typeof body.key !== "string" || body.key === "" || [...body.key].length > RULES.keyMaxLength) {
    throw bad(`key must be a non-empty string of at most ${RULES.keyMaxLength} characters`);
  }
  const job = await ctx.utils.removeJob(body.key);
  return { removed: job ? { id: String(job.id), task_identifier: job.task_identifier } : null };
}

export async function maintenance(ctx: ApiContext, body: Body) {
  const action = oneOf(body.action, ["cleanup", "force-unlock", "sweep-stale-workers"] as const, "action");
  switch (action) {
    case "cleanup": {
      known(body, ["action", "tasks"], "cleanup");
      if (!Array.isArray(body.tasks) || body.tasks.length === 0) throw bad("tasks must be a non-empty array");
      const tasks = body.tasks.map((task) => oneOf(task, RULES.cleanupTasks, "task")) as CleanupTask[];
      return { action, results: await ctx.utils.cleanup({ tasks: [...new Set(tasks)] }) };
    }
    case "force-unlock": {
      known(body, ["action", "worker_ids"], "force-unlock");
      if (!Array.isArray(body.worker_ids) || body.worker_ids.length === 0) throw bad("worker_ids must be a non-empty array");
      const ids = body.worker_ids.map((id) => name(id, "worker id", false)!);
      await ctx.utils.forceUnlockWorkers(ids);
      return { action, worker_ids: ids };
    }
    case "sweep-stale-workers": {
      known(body, ["action", "dry_run", "sweep_threshold_seconds", "recovery_delay_seconds"], "sweep-stale-workers");
      const threshold = integer(body.sweep_threshold_seconds, "sweep_threshold_seconds", 1, 86_400);
      const delay = integer(body.recovery_delay_seconds, "recovery_delay_seconds", 0, 86_400);
      const result = await ctx.utils.sweepStaleWorkers({
        dryRun: bool(body.dry_run, "dry_run"),
        ...(threshold !== null && { sweepThreshold: threshold * 1000 }),
        ...(delay !== null && { recoveryDelay: delay * 1000 }),
      });
      return { action, dry_run: body.dry_run === true, ...result };
    }
  }
}

/** Pause or resume a named queue or a task: its jobs wait (running ones finish). */
export async function queuesAction(ctx: ApiContext, body: Body) {
  known(body, ["action", "queue_name", "task_identifier"], "queues action");
  const action = oneOf(body.action, ["pause", "resume"] as const, "action");
  if ((body.queue_name === undefined) === (body.task_identifier === undefined)) {
    throw bad("give either queue_name or task_identifier");
  }
  if (body.queue_name !== undefined) {
    const queueName = name(body.queue_name, "queue_name", false)!;
    const changed = await (action === "pause" ? ctx.utils.pauseQueue(queueName) : ctx.utils.resumeQueue(queueName));
    return { action, queue_name: queueName, changed };
  }
  const taskIdentifier = name(body.task_identifier, "task_identifier", false)!;
  const changed = await (action === "pause" ? ctx.utils.pauseTask(taskIdentifier) : ctx.utils.resumeTask(taskIdentifier));
  return { action, task_identifier: taskIdentifier, changed };
}

export async function schedulesAction(ctx: ApiContext, body: Body) {
  known(body, ["action", "id"], "schedules action");
  const action = oneOf(body.action, ["pause", "resume", "trigger"] as const, "action");
  if (typeof body.id !== "string" || body.id === "") throw bad("id must be a schedule id");
  switch (action) {
    case "pause":
      return { action, schedule: (await ctx.db.run(ui.pauseSchedule, { id: body.id }))[0] };
    case "resume":
      return { action, schedule: (await ctx.db.run(ui.resumeSchedule, { id: body.id }))[0] };
    case "trigger":
      return { action, job_id: (await ctx.db.run(ui.triggerSchedule, { id: body.id }))[0].id };
  }
}

// ---------------------------------------------------------------- errors

/**
 * What an error may tell the client: the SQL API's own refusals (bad data,
 * not found, not allowed) keep their message; anything else is a 500 that
 * says nothing of the internals.
 */
export function publicMessage(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "42501") return new HttpError(403, "the database refused: this server's role may not do that (read-only)");
  if (code === "P0002") return new HttpError(404, message);
  if (typeof code === "string" && (code.startsWith("22") || code.startsWith("23") || code === "P0001")) {
    return new HttpError(400, message);
  }
  return new HttpError(500, "internal error (see the server's log)");
}
