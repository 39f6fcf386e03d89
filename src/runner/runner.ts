/**
 * The task runner. It speaks only the SQL worker protocol (get_jobs,
 * worker_complete_jobs, worker_fail_jobs, worker_return_jobs, the registry
 * and the sweep), so a runner in any language can do the same.
 *
 * Fetching: as many jobs as there are free slots (plus `prefetch`), in one
 * call; again at once while calls come back full, else when jobs:insert is
 * notified or every pollInterval. Completions and failures are coalesced
 * into one call while another is in flight (and, with completionDelay, for
 * that long). Database errors are retried with backoff; nothing is dropped.
 */
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { Db } from "../db";
import * as worker from "../generated/worker.queries";
import { consoleLogger, type Logger } from "../logger";
import { migrate } from "../migrate";
import { DEFAULT_SCHEMA } from "../schema-name";
import type { Job } from "../types";
import { absorbClientErrors, isConnectionError, WorkerUtils } from "../utils";
import { Batcher } from "./batcher";
import { backoff, jitter, sleep } from "./timing";
import type { Helpers, RunnerEvents, TaskList } from "./types";

export interface RunnerOptions {
  /** Defaults to $DATABASE_URL. */
  connectionString?: string;
  /** An existing pool (it should allow concurrency + 2 connections); left open on stop. */
  pgPool?: pg.Pool;
  schema?: string;
  /** Task identifier -> async function(payload, helpers). */
  taskList: TaskList;
  /** Jobs run at the same time (default 1). */
  concurrency?: number;
  /** How often an idle runner looks for jobs that became due, in ms (default 2000). */
  pollInterval?: number;
  /** Jobs fetched ahead of free slots and held locally (default 0). Unstarted ones are given back on stop. */
  prefetch?: number;
  /** The most jobs one fetch asks for (default 500). */
  maxBatchSize?: number;
  /** How long a completion waits for others to share its round trip, in ms (default 0: only while one is in flight). */
  completionDelay?: number;
  /** Jobs carrying any of these flags are not fetched; a function is asked before each fetch. */
  forbiddenFlags?: string[] | null | (() => string[] | null | Promise<string[] | null>);
  /** Defaults to worker-<18 hex digits>. */
  workerId?: string;
  /** Stop gracefully on SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  /** How long stop() waits for running jobs before failing them, in ms (default 10000). */
  shutdownTimeout?: number;
  /**
   * Heartbeat period in ms (default 30000); false disables registration (then
   * sweeps treat this worker as unregistered, so its own sweep must be off).
   */
  heartbeatInterval?: number | false;
  /** Period of this runner's stale-worker sweep in ms (default 60000, jittered); false disables it. */
  sweepInterval?: number | false;
  /**
   * A worker silent for this long is dead, in ms (default 300000). Must be
   * more than twice the heartbeatInterval of every worker on the database
   * (this runner checks its own).
   */
  sweepThreshold?: number;
  /** Recovered jobs run again no sooner than this, in ms (default 30000). */
  recoveryDelay?: number;
  /** Period of release_stale_locks (4-hour-old locks) in ms (default 600000); false disables it. */
  staleLockInterval?: number | false;
  /** Use this process's clock for "now" instead of the database's. */
  useNodeTime?: boolean;
  /** Run migrations before starting (default true). */
  migrate?: boolean;
  logger?: Logger;
}

interface Running {
  job: Job;
  /** Created when a task first asks for its abortSignal. */
  abort: AbortController | null;
  /** Set when shutdown gave up on the job and failed it already. */
  abandoned: boolean;
  done: Promise<void>;
}

interface Failure {
  id: string;
  message: string;
  payload: unknown;
  queued: boolean;
}

interface Completion {
  id: string;
  /** The job was in a named queue, which its completion unlocks. */
  queued: boolean;
}

export type RunnerEventName = keyof RunnerEvents;

export class Runner {
  readonly workerId: string;
  readonly events = new EventEmitter();
  /** Resolves when the runner has stopped. */
  readonly promise: Promise<void>;

  private readonly db: Db;
  private readonly ownsPool: boolean;
  private readonly logger: Logger;
  private readonly taskIdentifiers: string[];
  private readonly concurrency: number;
  private readonly prefetch: number;
  private readonly maxBatchSize: number;
  private readonly utils: WorkerUtils;

  private readonly queue: Job[] = [];
  private readonly running = new Map<string, Running>();
  /** A fetch failed: its reply may have been lost after the claim committed. */
  private fetchLost = false;
  /** Fetches in flight (at most two) and the jobs they asked for. */
  private readonly fetches = new Set<Promise<void>>();
  private requested = 0;
  private fetchAgain = false;
  private mayHaveMore = true;
  private fetchFailures = 0;
  private stopping = false;
  private stopPromise: Promise<void> | null = null;
  private resolveStopped!: () => void;
  private timers: NodeJS.Timeout[] = [];
  private listenClient: pg.PoolClient | null = null;
  private readonly droppedClients = new WeakSet<pg.PoolClient>();
  private registered = false;
  /** A heartbeat being sent: stop() waits for it before deregistering. */
  private heartbeating: Promise<boolean> | null = null;
  private readonly completions: Batcher<Completion>;
  private readonly failures: Batcher<Failure>;
  private readonly signalHandler = (signal: NodeJS.Signals) => this.onSignal(signal);

  constructor(
    private readonly options: RunnerOptions,
    private readonly once = false,
  ) {
    const connectionString = options.connectionString ?? process.env.DATABASE_URL;
    if (!options.pgPool && !connectionString) {
      throw new TypeError("run needs a connectionString, a pgPool, or $DATABASE_URL");
    }
    if (!options.taskList || typeof options.taskList !== "object") {
      throw new TypeError("run needs a taskList: { identifier: async (payload, helpers) => {...} }");
    }
    this.concurrency = positiveInteger(options.concurrency ?? 1, "concurrency");
    this.prefetch = nonNegativeInteger(options.prefetch ?? 0, "prefetch");
    this.maxBatchSize = Math.min(10_000, positiveInteger(options.maxBatchSize ?? 500, "maxBatchSize"));
    if (!once) checkSweepSettings(options);
    this.workerId = options.workerId ?? `worker-${randomBytes(9).toString("hex")}`;
    this.logger = options.logger ?? consoleLogger();
    this.taskIdentifiers = Object.keys(options.taskList).filter((k) => typeof options.taskList[k] === "function");
    this.ownsPool = !options.pgPool;
    const pool =
      options.pgPool ??
      new pg.Pool({ connectionString, max: this.concurrency + 3, application_name: `graphile_worker ${this.workerId}` });
    pool.on("error", (error) => this.databaseError("idle connection", error));
    absorbClientErrors(pool);
    this.db = new Db(pool, options.schema ?? DEFAULT_SCHEMA);
    this.utils = this.createUtils();
    this.promise = new Promise((resolve) => {
      this.resolveStopped = resolve;
    });
    const onError = (operation: string) => (error: unknown, attempt: number) =>
      this.databaseError(`${operation} (attempt ${attempt}, retrying)`, error);
    // Once a finished job's row is written, its named queue is free again,
    // and (for runOnce) the runner may have run out of work.
    const onSent = (items: { id: string; queued: boolean }[]) => {
      if (items.some((item) => item.queued)) this.mayHaveMore = true;
      if (this.mayHaveMore || this.once) this.wake();
    };
    this.completions = new Batcher<Completion>((items) => this.sendCompletions(items.map((c) => c.id)), {
      delay: nonNegativeInteger(options.completionDelay ?? 0, "completionDelay"),
      maxSize: 5_000,
      onError: onError("completing jobs"),
      onSent,
    });
    this.failures = new Batcher<Failure>((items) => this.sendFailures(items), {
      delay: 0,
      maxSize: 1_000,
      onError: onError("failing jobs"),
      onSent,
    });
  }

  /** A WorkerUtils on this runner's pool that keeps its task identifiers in cleanup. */
  createUtils(): WorkerUtils {
    return new WorkerUtils({
      pgPool: this.db.pool,
      schema: this.db.schema,
      useNodeTime: this.options.useNodeTime,
      keepTaskIdentifiers: () => this.taskIdentifiers,
    });
  }

  on<E extends RunnerEventName>(event: E, listener: (payload: RunnerEvents[E]) => void): this {
    this.events.on(event, listener);
    return this;
  }

  /** Starts the runner (run() and runOnce() call this). */
  async start(): Promise<void> {
    if (this.options.migrate !== false) {
      const warn = (message: string) => this.logger.warn(message);
      await this.startupStep("migrating", () => migrate(this.db.pool, { schema: this.db.schema, warn }));
    }
    if (this.options.heartbeatInterval !== false) {
      await this.startupStep("registering", () => this.heartbeat());
      this.every(this.options.heartbeatInterval ?? 30_000, () => this.heartbeat());
    }
    if (this.options.sweepInterval !== false && !this.once) {
      this.every(jitter(this.options.sweepInterval ?? 60_000), () => this.sweep());
    }
    if (this.options.staleLockInterval !== false && !this.once) {
      this.every(jitter(this.options.staleLockInterval ?? 600_000), () => this.releaseStaleLocks());
    }
    if (!this.once) {
      this.listen().catch((error) => this.logger.error(`listening stopped: ${describe(error)}`));
      this.every(this.options.pollInterval ?? 2_000, () => this.wake());
    }
    if (this.options.handleSignals !== false) {
      process.on("SIGINT", this.signalHandler);
      process.on("SIGTERM", this.signalHandler);
    }
    this.logger.info(`worker ${this.workerId} started`, {
      tasks: this.taskIdentifiers.length,
      concurrency: this.concurrency,
      schema: this.db.schema,
    });
    this.wake();
  }

  /**
   * Stops gracefully: no more fetching; unstarted jobs are given back; running
   * jobs get shutdownTimeout to finish, then are failed with a message saying
   * why (and their abortSignal fires); pending completions are written; the
   * worker deregisters.
   */
  stop(): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    this.stopping = true;
    this.stopPromise = this.shutdown().then(
      () => {
        this.emit("stop", { workerId: this.workerId });
        this.resolveStopped();
      },
      (error) => {
        this.logger.error(`worker ${this.workerId} failed to stop cleanly`, { error: describe(error) });
        this.resolveStopped();
      },
    );
    return this.stopPromise;
  }

  private async shutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    process.off("SIGINT", this.signalHandler);
    process.off("SIGTERM", this.signalHandler);
    if (this.listenClient) this.dropListenClient(this.listenClient);

    while (this.fetches.size) await Promise.all(this.fetches);
    const unstarted = this.queue.splice(0).map((job) => job.id);
    if (unstarted.length) {
      await this.retry("giving back unstarted jobs", () =>
        this.db.run(worker.returnWorkerJobs, { workerId: this.workerId, jobIds: unstarted }),
      );
      this.logger.info(`gave back ${unstarted.length} unstarted job(s)`);
    }

    const timeout = this.options.shutdownTimeout ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all([...this.running.values()].map((r) => r.done)).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeout);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      for (const entry of this.running.values()) {
        entry.abandoned = true;
        (entry.abort ??= new AbortController()).abort(new Error("worker shutting down"));
        this.failures.add({
          id: entry.job.id,
          message: `worker ${this.workerId} shut down after waiting ${timeout} ms for this job to finish; it was still running`,
          payload: null,
          queued: entry.job.queue_name !== null,
        });
        this.logger.warn(`job ${entry.job.id} (${entry.job.task_identifier}) still running at shutdown; failed it for a retry`);
      }
    }
    await this.completions.drain();
    await this.failures.drain();

    // A heartbeat already on its way would register the worker again.
    await this.heartbeating?.catch(() => {});
    if (this.registered) {
      await this.db
        .run(worker.workerDeregister, { workerId: this.workerId })
        .catch((error) => this.databaseError("deregistering", error));
    }
    if (this.ownsPool) await this.db.pool.end();
    this.logger.info(`worker ${this.workerId} stopped`);
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.stopping) {
      this.logger.error(`${signal} again: exiting now; locked jobs will be recovered by a sweep`);
      process.exit(1);
    }
    this.logger.info(`${signal}: stopping (send it again to exit at once)`);
    void this.stop();
  }

  /**
   * Look for work now (notified, polled, or a slot freed up). A second fetch
   * may start while one is in flight, when at least half of the slots and
   * prefetch room are free, so that the local queue does not run dry while a
   * fetch is on its way.
   */
  private wake = (): void => {
    if (this.stopping) return;
    const capacity = this.concurrency + this.prefetch;
    const room = capacity - this.running.size - this.queue.length - this.requested;
    if (this.fetches.size > 0 && (room <= 0 || this.fetches.size >= 2 || room * 2 < capacity || this.fetchLost)) {
      // A fetch in flight may have started before whatever woke us: look again after it.
      this.fetchAgain = true;
      return;
    }
    if (room <= 0) return;
    const batchSize = Math.min(room, this.maxBatchSize);
    this.requested += batchSize;
    this.fetchAgain = false;
    const fetch: Promise<void> = this.fetch(batchSize).finally(() => {
      this.fetches.delete(fetch);
      this.requested -= batchSize;
      if (this.fetchAgain && !this.stopping) {
        this.fetchAgain = false;
        this.wake();
      }
    });
    this.fetches.add(fetch);
  };

  private async fetch(batchSize: number): Promise<void> {
    let jobs: Job[];
    // Completions waiting for their round trip ride along with the fetch.
    const completing = this.completions.take();
    try {
      if (this.fetchLost) {
        // The reply of a failed fetch may have been lost after its claim
        // committed: give back whatever this worker holds without knowing.
        const returned = await this.db.run(worker.returnUnknownWorkerJobs, {
          workerId: this.workerId,
          knownJobIds: this.knownJobIds(completing),
        });
        this.fetchLost = false;
        if (returned.length) this.logger.warn(`gave back ${returned.length} job(s) claimed by a fetch whose reply was lost`);
      }
      const forbidden = this.options.forbiddenFlags;
      const forbiddenFlags = typeof forbidden === "function" ? await forbidden() : (forbidden ?? null);
      const rows = await this.db.run(worker.getJobs, {
        workerId: this.workerId,
        taskIdentifiers: this.taskIdentifiers,
        batchSize,
        forbiddenFlags,
        now: this.options.useNodeTime ? new Date() : null,
        completeJobIds: completing.length ? completing.map((c) => c.id) : null,
      });
      jobs = rows.map((row) => toJob(row, this.workerId));
      this.fetchFailures = 0;
    } catch (error) {
      this.completions.giveBack(completing);
      this.fetchLost = true;
      this.databaseError("fetching jobs", error);
      const delay = backoff(++this.fetchFailures);
      const timer = setTimeout(() => {
        this.timers = this.timers.filter((t) => t !== timer);
        this.wake();
      }, delay);
      this.timers.push(timer);
      return;
    }
    this.completions.settle(completing);
    if (this.stopping) {
      this.queue.push(...jobs);
      return;
    }
    this.mayHaveMore = jobs.length === batchSize;
    this.queue.push(...jobs);
    this.startJobs();
    if (this.mayHaveMore) this.fetchAgain = true;
    // runOnce ends when a fetch finds nothing and nothing happened meanwhile
    // (a completion written during the fetch may have freed a named queue).
    else if (this.once && jobs.length === 0 && this.idle() && !this.fetchAgain && this.fetches.size === 1) void this.stop();
  }

  /**
   * Every job this worker knows it holds: running, fetched, or finished and
   * not yet written (`extra`: finished ones taken out of the batchers).
   */
  private knownJobIds(extra: { id: string }[]): string[] {
    return [
      ...this.running.keys(),
      ...this.queue.map((job) => job.id),
      ...this.completions.pendingItems().map((c) => c.id),
      ...this.failures.pendingItems().map((f) => f.id),
      ...extra.map((c) => c.id),
    ];
  }

  /** Nothing running, fetched, or waiting to be written. */
  private idle(): boolean {
    return this.running.size === 0 && this.queue.length === 0 && this.completions.idle && this.failures.idle;
  }

  private startJobs(): void {
    while (!this.stopping && this.running.size < this.concurrency && this.queue.length) {
      this.runJob(this.queue.shift()!);
    }
  }

  private runJob(job: Job): void {
    const entry: Running = { job, abort: null, abandoned: false, done: Promise.resolve() };
    this.running.set(job.id, entry);
    entry.done = this.execute(job, entry).finally(() => {
      this.running.delete(job.id);
      if (this.stopping) return;
      this.startJobs();
      if (this.mayHaveMore || this.once) this.wake();
    });
  }

  private async execute(job: Job, entry: Running): Promise<void> {
    this.emit("job:start", { job, workerId: this.workerId });
    const task = this.options.taskList[job.task_identifier];
    let failure: Failure | null = null;
    let error: unknown = null;
    try {
      if (typeof task !== "function") throw new Error(`no task named ${JSON.stringify(job.task_identifier)}`);
      const result = await task(job.payload as never, new JobHelpers(job, entry, this.utils, this.logger));
      if (Array.isArray(job.payload) && Array.isArray(result)) {
        // A batch job: an Error or a rejection in the task's result marks that item failed.
        const items = job.payload;
        const failed: { i: number; reason: unknown }[] = [];
        (await Promise.allSettled(result)).forEach((outcome, i) => {
          if (outcome.status === "rejected") failed.push({ i, reason: outcome.reason });
          else if (outcome.value instanceof Error) failed.push({ i, reason: outcome.value });
        });
        if (failed.length) {
          error = failed.map(({ reason }) => reason);
          failure = {
            id: job.id,
            message: `${failed.length} of ${items.length} batch items failed: ${failed.map(({ i, reason }) => `[${i}] ${describe(reason)}`).join("; ")}`,
            payload: failed.map(({ i }) => items[i]),
            queued: job.queue_name !== null,
          };
        }
      }
    } catch (thrown) {
      error = thrown;
      failure = { id: job.id, message: describe(thrown), payload: null, queued: job.queue_name !== null };
    }
    if (entry.abandoned) return;
    if (!failure) {
      this.completions.add({ id: job.id, queued: job.queue_name !== null });
      this.emit("job:success", { job, workerId: this.workerId });
      return;
    }
    const willRetry = job.attempts < job.max_attempts;
    this.logger.warn(`job ${job.id} (${job.task_identifier}) failed attempt ${job.attempts}/${job.max_attempts}${willRetry ? "" : "; no attempts left"}`, {
      error: failure.message,
    });
    this.failures.add(failure);
    this.emit("job:error", { job, workerId: this.workerId, error, willRetry });
    if (!willRetry) this.emit("job:failed", { job, workerId: this.workerId, error });
  }


  private async sendCompletions(ids: string[]): Promise<void> {
    const done = await this.db.run(worker.completeWorkerJobs, { workerId: this.workerId, jobIds: ids });
    if (done.length < ids.length) this.lostJobs("completed", ids, done.map((d) => d.id));
  }

  private async sendFailures(items: Failure[]): Promise<void> {
    const ids = items.map((f) => f.id);
    const done = await this.db.run(worker.failWorkerJobs, {
      workerId: this.workerId,
      jobIds: ids,
      errorMessages: items.map((f) => f.message),
      replacementPayloads: items.some((f) => f.payload !== null) ? JSON.stringify(items.map((f) => f.payload)) : null,
    });
    if (done.length < ids.length) this.lostJobs("failed", ids, done.map((d) => d.id));
  }

  /** Jobs we finished but no longer held: a sweep recovered them (this worker looked dead). */
  private lostJobs(what: string, sent: string[], done: string[]): void {
    const held = new Set(done);
    const lost = sent.filter((id) => !held.has(id));
    this.logger.warn(
      `${lost.length} job(s) ${what} by this worker were no longer locked by it (recovered by a sweep or an admin?): ${lost.join(", ")}`,
    );
  }

  /** Resolves to whether the heartbeat was written. */
  private heartbeat(): Promise<boolean> {
    this.heartbeating ??= this.sendHeartbeat().finally(() => {
      this.heartbeating = null;
    });
    return this.heartbeating;
  }

  private async sendHeartbeat(): Promise<boolean> {
    try {
      const [row] = await this.db.run(worker.workerHeartbeat, {
        workerId: this.workerId,
        heartbeatIntervalSeconds: ((this.options.heartbeatInterval || 30_000) as number) / 1000,
        metadata: this.registered
          ? null
          : JSON.stringify({ hostname: hostname(), pid: process.pid, tasks: this.taskIdentifiers, concurrency: this.concurrency }),
      });
      if (this.registered && !row.was_registered) {
        this.logger.warn(`worker ${this.workerId} had been declared dead by a sweep; its jobs were recovered. Registered again.`);
        this.emit("worker:swept", { workerId: this.workerId });
      }
      this.registered = true;
      return true;
    } catch (error) {
      if (!this.registered) throw error;
      this.databaseError("heartbeat", error);
      return false;
    }
  }

  private async sweep(): Promise<void> {
    // A fresh heartbeat first: however late the timers ran (a blocked event
    // loop), this worker is never among the dead its own sweep finds.
    if (!(await this.heartbeat())) return;
    try {
      const result = await this.utils.sweepStaleWorkers({
        sweepThreshold: this.options.sweepThreshold ?? 300_000,
        recoveryDelay: this.options.recoveryDelay ?? 30_000,
      });
      if (result.dead_worker_ids.length) {
        this.logger.warn(`sweep recovered ${result.jobs_recovered} job(s) and ${result.queues_unlocked} queue(s) of stopped worker(s)`, {
          workers: result.dead_worker_ids,
        });
      }
    } catch (error) {
      this.databaseError("sweeping stale workers", error);
    }
  }

  private async releaseStaleLocks(): Promise<void> {
    try {
      const [result] = await this.db.run(worker.releaseStaleLocks, undefined as never);
      if (result.jobs_released || result.queues_released) {
        this.logger.warn(`released ${result.jobs_released} job lock(s) and ${result.queues_released} queue lock(s) older than 4 hours`);
      }
    } catch (error) {
      this.databaseError("releasing stale locks", error);
    }
  }

  /** Holds a connection that LISTENs for jobs:insert, reconnecting with backoff. */
  private async listen(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let client: pg.PoolClient | null = null;
      try {
        client = await this.db.pool.connect();
        const connection = client;
        const lost = new Promise<unknown>((resolve) => {
          connection.on("error", resolve);
          connection.on("end", () => resolve(new Error("connection ended")));
        });
        connection.on("notification", (message) => {
          if (message.channel === "jobs:insert") {
            this.mayHaveMore = true;
            this.wake();
          }
        });
        await connection.query('listen "jobs:insert"');
        if (this.stopping) break;
        this.listenClient = connection;
        if (failures) this.logger.info("listening for new jobs again");
        failures = 0;
        // Anything added while we were not listening.
        this.mayHaveMore = true;
        this.wake();
        throw await lost;
      } catch (error) {
        if (client) this.dropListenClient(client);
        if (this.stopping) return;
        this.databaseError("listening for new jobs", error);
        await sleep(backoff(++failures));
      }
    }
    if (this.listenClient) this.dropListenClient(this.listenClient);
  }

  /** Destroys the listening connection, once. */
  private dropListenClient(client: pg.PoolClient): void {
    if (this.listenClient === client) this.listenClient = null;
    if (this.droppedClients.has(client)) return;
    this.droppedClients.add(client);
    client.release(true);
  }

  /** A start-up step: connection failures are retried (about half a minute), anything else fails the start. */
  private async startupStep<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (attempt >= 8 || !isConnectionError(error)) throw error;
        this.databaseError(`${operation} (attempt ${attempt}, retrying)`, error);
        await sleep(backoff(attempt + 2));
      }
    }
  }

  private async retry<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        this.databaseError(`${operation} (attempt ${attempt}, retrying)`, error);
        await sleep(backoff(attempt));
      }
    }
  }

  private every(ms: number, fn: () => unknown): void {
    const timer = setInterval(() => void fn(), positiveInteger(ms, "interval"));
    timer.unref();
    this.timers.push(timer);
  }

  private databaseError(operation: string, error: unknown): void {
    this.logger.error(`database error while ${operation}: ${describe(error)}`);
    this.emit("worker:databaseError", { workerId: this.workerId, error, operation });
  }

  private emit<E extends RunnerEventName>(event: E, payload: RunnerEvents[E]): void {
    try {
      this.events.emit(event, payload);
    } catch (error) {
      this.logger.error(`a ${event} listener threw: ${describe(error)}`);
    }
  }
}

/**
 * A fetched row as a Job. Timestamps travel as epoch seconds (cheap to
 * parse); the claim set locked_by to this worker and updated_at to locked_at.
 */
function toJob(row: worker.IGetJobsResult, workerId: string): Job {
  const lockedAt = new Date(row.locked_at_epoch * 1000);
  return {
    id: row.id,
    queue_name: row.queue_name,
    task_identifier: row.task_identifier,
    payload: row.payload,
    priority: row.priority,
    run_at: new Date(row.run_at_epoch * 1000),
    attempts: row.attempts,
    max_attempts: row.max_attempts,
    last_error: row.last_error,
    created_at: new Date(row.created_at_epoch * 1000),
    updated_at: lockedAt,
    key: row.key,
    locked_at: lockedAt,
    locked_by: workerId,
    revision: row.revision,
    flags: row.flags,
  };
}

/** A task's helpers; the logger and abort signal are made when first used. */
class JobHelpers implements Helpers {
  private taggedLogger: Logger | null = null;

  constructor(
    readonly job: Job,
    private readonly entry: Running,
    private readonly utils: WorkerUtils,
    private readonly baseLogger: Logger,
  ) {}

  get logger(): Logger {
    if (!this.taggedLogger) {
      const tag = { job: this.job.id, task: this.job.task_identifier };
      const base = this.baseLogger;
      this.taggedLogger = {
        debug: (m, meta) => base.debug(m, { ...tag, ...meta }),
        info: (m, meta) => base.info(m, { ...tag, ...meta }),
        warn: (m, meta) => base.warn(m, { ...tag, ...meta }),
        error: (m, meta) => base.error(m, { ...tag, ...meta }),
      };
    }
    return this.taggedLogger;
  }

  get abortSignal(): AbortSignal {
    return (this.entry.abort ??= new AbortController()).signal;
  }

  addJob: Helpers["addJob"] = (identifier, payload, spec) => this.utils.addJob(identifier, payload, spec);

  withPgClient: Helpers["withPgClient"] = (fn) => this.utils.withPgClient(fn);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
}

/**
 * A runner that sweeps must not find itself dead: it needs heartbeats, more
 * than two of them within the sweep threshold.
 */
function checkSweepSettings(options: RunnerOptions): void {
  if (options.sweepInterval === false) return;
  const heartbeat = options.heartbeatInterval ?? 30_000;
  if (heartbeat === false) {
    throw new TypeError(
      "heartbeatInterval: false needs sweepInterval: false too: a sweep would take this unregistered worker's own running jobs for abandoned ones",
    );
  }
  const threshold = options.sweepThreshold ?? 300_000;
  if (!(threshold > 2 * heartbeat)) {
    throw new RangeError(
      `sweepThreshold (${threshold} ms) must be more than twice heartbeatInterval (${heartbeat} ms), or a sweep takes live workers for dead ones`,
    );
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer (got ${value})`);
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer (got ${value})`);
  return value;
}

/** Starts a runner; `await runner.stop()` (or a signal) ends it, `runner.promise` settles then. */
export async function run(options: RunnerOptions): Promise<Runner> {
  const runner = new Runner(options);
  try {
    await runner.start();
  } catch (error) {
    await runner.stop();
    throw error;
  }
  return runner;
}

/** Runs jobs until none is runnable, then stops. */
export async function runOnce(options: RunnerOptions): Promise<void> {
  const runner = new Runner(options, true);
  try {
    await runner.start();
  } catch (error) {
    await runner.stop();
    throw error;
  }
  await runner.promise;
}
