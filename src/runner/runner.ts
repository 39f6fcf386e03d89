/**
 * The runner: it fetches jobs, keeps the slots busy and stops cleanly. It
 * speaks only the SQL worker protocol (see protocol.ts), so a worker in any
 * language can do the same. The other jobs of a runner live beside it, one
 * file each: configuration (config.ts), when and how much to fetch
 * (fetch-policy.ts), running a task (executor.ts, helpers.ts), writing
 * results back (results.ts), LISTEN (listener.ts), and the maintenance
 * services: heartbeat and registration (heartbeat.ts), sweep (sweeper.ts),
 * stale-lock release (stale-locks.ts), and ticking the recurring schedules
 * (scheduler.ts; a crontab given to the runner is synced as it starts).
 *
 * Every fetch is made under a fresh random claim; every answer about a job
 * carries the claim it was fetched under, so a run that outlived its claim
 * (this worker was taken for dead, or an administrator unlocked the job)
 * changes nothing. The runner never runs one job twice at once: a job
 * fetched again while a stale run of it is still going waits for that run,
 * which is aborted. When a heartbeat reveals that a sweep took this worker
 * for dead, every run in flight is abandoned (its task's abortSignal fires).
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import pg from "pg";
import { absorbClientErrors, connectionFrom, isConnectionError } from "../connection";
import { consoleLogger } from "../logger";
import { DEFAULT_SCHEMA } from "../schema-name";
import { Db } from "../db";
import { migrate } from "../migrate";
import { WorkerUtils } from "../worker-utils";
import { checkTaskSource, runnerConfig, type RunnerConfig, type RunnerOptions } from "./config";
import { describe } from "./describe";
import { execute } from "./executor";
import { batchToFetch, WakeLimiter } from "./fetch-policy";
import { Heartbeat } from "./heartbeat";
import { JobHelpers } from "./helpers";
import { Listener } from "./listener";
import { Protocol, type Claimed } from "./protocol";
import { Results } from "./results";
import { Scheduler } from "./scheduler";
import { StaleLockRelease } from "./stale-locks";
import { Sweeper } from "./sweeper";
import { loadTaskDirectory } from "./task-directory";
import { backoff, sleep } from "./timing";
import type { Job } from "../types";
import type { RunnerEventEmitter, RunnerEventName, RunnerEvents, TaskList } from "./types";

export type { RunnerOptions } from "./config";

interface Run {
  claimed: Claimed;
  /** Made when the task first asks for its abortSignal, or when the run is abandoned. */
  abort: AbortController | null;
  /** Given up on (shutdown timeout, swept, stale): its outcome is not written. */
  abandoned: boolean;
  done: Promise<void>;
}

type WakeReason = "start" | "notified" | "poll" | "slot" | "more" | "retry";

/** The sync_crontab source of the crontab given to runners (crontab, crontabFile, parsedCronItems). */
export const CRONTAB_SOURCE = "crontab";

/** How long stop() keeps trying to write what it must when the database is away. */
const MIN_WRITE_GRACE = 5_000;

export class Runner {
  readonly workerId: string;
  readonly events: RunnerEventEmitter = new EventEmitter() as RunnerEventEmitter;
  /** Resolves when the runner has stopped. */
  readonly promise: Promise<void>;

  private readonly config: RunnerConfig;
  private readonly db: Db;
  private readonly ownsPool: boolean;
  private readonly protocol: Protocol;
  private readonly utils: WorkerUtils;
  private readonly results: Results;
  private readonly limiter = new WakeLimiter();
  private readonly heartbeat: Heartbeat;
  private readonly sweeper: Sweeper | null;
  private readonly staleLocks: StaleLockRelease | null;
  private readonly scheduler: Scheduler | null;
  private readonly listener: Listener | null;

  /** Fetched, not started. */
  private readonly queue: Claimed[] = [];
  private readonly running = new Map<string, Run>();
  /** Fetched again while a stale run of the same job is still going. */
  private readonly waiting = new Map<string, Claimed>();
  /** Claims of fetches that failed: their reply may have been lost after the claim committed. */
  private readonly lostClaims = new Set<string>();
  private readonly fetches = new Set<Promise<void>>();
  private requested = 0;
  private fetchAgain = false;
  private mayHaveMore = true;
  private fetchFailures = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private notifyTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  /** A notification arrived since the last fetch started: that fetch answers it. */
  private notified = false;

  private stopping = false;
  private interrupted = false;
  /** Ends stop()'s wait for running jobs early (a second signal). */
  private endWait: (() => void) | null = null;
  private stopPromise: Promise<void> | null = null;
  private resolveStopped!: () => void;
  private readonly signalHandler = (signal: NodeJS.Signals) => this.onSignal(signal);

  constructor(options: RunnerOptions, once = false) {
    this.config = runnerConfig(options, once);
    const config = this.config;
    this.workerId = config.workerId;
    this.ownsPool = !config.pgPool;
    const pool =
      config.pgPool ??
      new pg.Pool({
        ...config.connection,
        max: config.maxPoolSize,
        application_name: `graphile_worker ${config.workerId}`,
      });
    pool.on("error", (error) => this.databaseError("idle connection", error));
    absorbClientErrors(pool);
    this.db = new Db(pool, config.schema, !config.noPreparedStatements);
    this.protocol = new Protocol(this.db, config.workerId);
    this.utils = this.createUtils();
    this.promise = new Promise((resolve) => {
      this.resolveStopped = resolve;
    });

    this.results = new Results(this.protocol, config.completionDelay, config.logger, {
      // A finished job's row is written: its named queue is free again, and
      // (for runOnce) the runner may have run out of work.
      written: (freedQueue) => {
        if (freedQueue) this.mayHaveMore = true;
        if (this.mayHaveMore || config.once) this.wake("slot");
      },
      counted: (completed, failed) => this.heartbeat.count(completed, failed),
      error: (operation, error) => this.databaseError(operation, error),
    }, () => this.fetches.size > 0 && !this.stopping);

    const onError = (operation: string, error: unknown) => this.databaseError(operation, error);
    this.heartbeat = new Heartbeat(
      this.protocol,
      config.heartbeatInterval,
      { tasks: config.taskIdentifiers, concurrency: config.concurrency },
      config.logger,
      { swept: () => this.onSwept(), error: onError },
    );
    const heartbeat = this.heartbeat;
    this.sweeper =
      config.once || config.sweepInterval === false
        ? null
        : new Sweeper(
            config.sweepInterval,
            config.heartbeatInterval,
            () => heartbeat.freshBeat(),
            () => this.utils.sweepStaleWorkers({ sweepThreshold: config.sweepThreshold, recoveryDelay: config.recoveryDelay }),
            config.logger,
            onError,
          );
    this.staleLocks =
      config.once || config.staleLockInterval === false
        ? null
        : new StaleLockRelease(config.staleLockInterval, this.protocol, config.logger, onError);
    this.scheduler =
      config.once || !config.tickSchedules
        ? null
        : new Scheduler(() => this.utils.tickSchedules(), config.logger, onError);
    // Behind a pooler in transaction mode, LISTEN goes to the direct
    // connection given (listenConnectionString), or nowhere (listen: false).
    this.listener =
      config.once || config.listen === false
        ? null
        : new Listener(config.listen === true ? pool : config.listen, `graphile_worker ${config.workerId} listen`, {
            notified: () => this.onNotified(),
            listening: (reconnected) => {
              if (reconnected) config.logger.info("listening for new jobs again");
              // Anything added while we were not listening.
              this.mayHaveMore = true;
              this.wake("more");
            },
            error: (error) => this.databaseError("listening for new jobs", error),
            pooled: (stopped) =>
              config.logger.warn(
                stopped
                  ? `the runner's connections go through a pooler, where LISTEN misses notifications: not listening, ` +
                      `looking for new jobs every ${config.pollInterval} ms instead; give listenConnectionString ` +
                      `(a direct connection) to start new jobs at once, or listen: false to say so` +
                      (config.noPreparedStatements ? "" : "; before PgBouncer 1.21, also set noPreparedStatements: true")
                  : "listenConnectionString goes through a pooler: a LISTEN there keeps working only in session mode",
              ),
          });
  }

  /** A WorkerUtils on this runner's pool that keeps its task identifiers in cleanup. */
  createUtils(): WorkerUtils {
    return new WorkerUtils({
      pgPool: this.db.pool,
      schema: this.db.schema,
      useNodeTime: this.config.useNodeTime,
      noPreparedStatements: this.config.noPreparedStatements,
      keepTaskIdentifiers: () => this.config.taskIdentifiers,
    });
  }

  /** graphile-worker's runner.kill(): stops at once, failing the running jobs for a retry (stopNow). */
  async kill(reason?: string): Promise<void> {
    await this.stopNow(`worker ${this.workerId} was killed${reason ? `: ${reason}` : ""} while running this job`);
  }

  /** Look for jobs now. */
  nudge(): void {
    this.mayHaveMore = true;
    this.wake("more");
  }

  /** Adds a job through this runner's pool and schema (graphile-worker's runner.addJob). */
  addJob: WorkerUtils["addJob"] = (identifier, payload, spec) => this.utils.addJob(identifier, payload, spec);

  on<E extends RunnerEventName>(event: E, listener: (payload: RunnerEvents[E]) => void): this {
    this.events.on(event, listener);
    return this;
  }

  /** Starts the runner (run() and runOnce() call this). */
  async start(): Promise<void> {
    const config = this.config;
    if (config.migrate) {
      // A newer schema is used with a warning, unless one of its newer migrations is breaking.
      const warn = (message: string) => config.logger.warn(message);
      const log = (message: string) => config.logger.info(message);
      await this.startupStep("migrating", () => migrate(this.db.pool, { schema: this.db.schema, warn, log }));
    }
    if (!this.stopping) {
      await this.startupStep("registering", () => this.heartbeat.register());
      this.heartbeat.start();
    }
    if (config.crontabItems && !this.stopping) {
      const items = config.crontabItems;
      const changes = await this.startupStep("syncing the crontab", () => this.utils.syncCrontab(CRONTAB_SOURCE, items));
      if (changes.length) {
        config.logger.info(`crontab synced: ${changes.map((c) => `${c.id} ${c.change}`).join(", ")}`);
      }
    }
    // The first tick, before run() resolves: what is due has fired.
    if (!this.stopping) await this.scheduler?.start();
    // stop() during start-up: nothing more is started.
    if (this.stopping) return;
    this.sweeper?.start();
    this.staleLocks?.start();
    this.listener?.start();
    if (!config.once) {
      this.pollTimer = setInterval(() => this.wake("poll"), config.pollInterval);
      this.pollTimer.unref();
    }
    if (config.handleSignals) {
      process.on("SIGINT", this.signalHandler);
      process.on("SIGTERM", this.signalHandler);
    }
    config.logger.info(`worker ${this.workerId} started`, {
      tasks: config.taskIdentifiers.length,
      concurrency: config.concurrency,
      schema: this.db.schema,
    });
    this.wake("start");
  }

  /**
   * Stops gracefully: no more fetching; unstarted jobs are given back; running
   * jobs get shutdownTimeout to finish, then are failed with a message saying
   * why (and their abortSignal fires); pending answers are written; the
   * worker deregisters. Whatever cannot be written while the database is
   * away is given up after a grace period (a sweep recovers those jobs).
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
        this.config.logger.error(`worker ${this.workerId} failed to stop cleanly: ${describe(error)}`);
        this.resolveStopped();
      },
    );
    return this.stopPromise;
  }

  private async shutdown(): Promise<void> {
    const config = this.config;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([this.listener?.stop(), this.sweeper?.stop(), this.staleLocks?.stop(), this.scheduler?.stop()]);
    while (this.fetches.size) await Promise.all(this.fetches);

    // 1. Jobs fetched and never started go back, with any a lost reply claimed.
    const unstarted = [...this.queue.splice(0), ...this.waiting.values()];
    this.waiting.clear();
    const writeGrace = Math.max(config.shutdownTimeout, MIN_WRITE_GRACE);
    await this.giveBack(unstarted, Date.now() + writeGrace);
    await this.returnLostClaims(Date.now() + writeGrace);

    // 2. Running jobs get shutdownTimeout to finish.
    const live = () => [...this.running.values()].filter((run) => !run.abandoned);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all(live().map((run) => run.done)).then(() => true),
      new Promise<boolean>((resolve) => {
        this.endWait = () => resolve(false);
        timer = setTimeout(() => resolve(false), this.interrupted ? 0 : config.shutdownTimeout);
      }),
    ]);
    this.endWait = null;
    clearTimeout(timer);
    if (!finished) {
      for (const run of live()) {
        this.abandon(
          run,
          `worker ${this.workerId} shut down after waiting ${config.shutdownTimeout} ms for this job to finish; it was still running`,
        );
        config.logger.warn(
          `job ${run.claimed.job.id} (${run.claimed.job.task_identifier}) still running at shutdown; failed it for a retry`,
        );
      }
    }

    // 3. Answers are written, the worker leaves the registry.
    await this.results.drain(Date.now() + writeGrace);
    await this.heartbeat.stop();
    if (this.ownsPool) await this.db.pool.end();
    // Until here a second signal still interrupts the stop.
    process.off("SIGINT", this.signalHandler);
    process.off("SIGTERM", this.signalHandler);
    config.logger.info(`worker ${this.workerId} stopped`);
  }

  /**
   * Stops at once: running jobs are failed with `reason` for a retry (their
   * abortSignal fires), unstarted ones given back, answers written. Returns
   * the jobs it failed.
   */
  async stopNow(reason: string): Promise<Job[]> {
    const runs = [...this.running.values()].filter((run) => !run.abandoned);
    this.interrupted = true;
    for (const run of runs) this.abandon(run, reason);
    this.endWait?.();
    await this.stop();
    return runs.map((run) => run.claimed.job);
  }

  /**
   * SIGINT or SIGTERM: stop gracefully. The same signal again: fail the
   * running jobs at once (their abortSignal fires), give back the rest,
   * and exit, leaving nothing locked.
   */
  private onSignal(signal: NodeJS.Signals): void {
    if (!this.stopping) {
      this.config.logger.info(`${signal}: stopping (send it again to fail the running jobs and exit at once)`);
      void this.stop();
      return;
    }
    if (this.interrupted) return;
    this.interrupted = true;
    const runs = [...this.running.values()].filter((run) => !run.abandoned);
    this.config.logger.error(`${signal} again: failing ${runs.length} running job(s) and exiting`);
    for (const run of runs) {
      this.abandon(run, `worker ${this.workerId} was interrupted (${signal} twice) while running this job`);
    }
    this.endWait?.();
    // Exit once the answers are written, or soon regardless.
    setTimeout(() => process.exit(1), MIN_WRITE_GRACE).unref();
    void this.stop().then(() => process.exit(1));
  }

  /** Look for work now (notified, polled, a slot freed up, a full batch came back). */
  private wake(reason: WakeReason): void {
    if (this.stopping) return;
    const batchSize = batchToFetch(
      {
        capacity: this.config.concurrency + this.config.prefetch,
        held: this.running.size + this.queue.length + this.waiting.size,
        requested: this.requested,
        inFlight: this.fetches.size,
        replyLost: this.lostClaims.size > 0,
      },
      this.config.maxBatchSize,
    );
    if (batchSize === 0) {
      // A fetch in flight may have started before whatever woke us: look
      // again after it. (A notification is answered after it anyway.)
      if (this.fetches.size > 0 && reason !== "notified") this.fetchAgain = true;
      return;
    }
    this.requested += batchSize;
    this.fetchAgain = false;
    const fetch: Promise<void> = this.fetch(batchSize, reason).finally(() => {
      this.fetches.delete(fetch);
      this.requested -= batchSize;
      if (this.stopping) return;
      if (this.fetchAgain) {
        this.fetchAgain = false;
        this.wake("more");
      }
      // A notification that arrived during the fetch.
      if (this.notified) this.answerNotification();
      // Completions held for a fetch that is not coming go on their own.
      if (this.fetches.size === 0) this.results.releaseCompletions();
    });
    this.fetches.add(fetch);
  }

  /** jobs:insert arrived. */
  private onNotified(): void {
    this.mayHaveMore = true;
    this.notified = true;
    this.answerNotification();
  }

  /**
   * Fetches for the notifications received: now, unless a fetch is in flight
   * (it is answered after that one) or notifications keep finding nothing
   * (then after the limiter's delay). Many notifications, one fetch.
   */
  private answerNotification(): void {
    if (this.notifyTimer || this.fetches.size > 0) return;
    const delay = this.limiter.delayForNotification();
    if (delay > 0) {
      this.notifyTimer = setTimeout(() => {
        this.notifyTimer = null;
        this.answerNotification();
      }, delay);
      return;
    }
    if (this.notified) this.wake("notified");
  }

  private async fetch(batchSize: number, reason: WakeReason): Promise<void> {
    const config = this.config;
    const answersNotification = this.notified || reason === "notified";
    this.notified = false;
    // Completions waiting for their round trip ride along with the fetch.
    const completing = this.results.takeCompletions();
    const claim = randomUUID();
    let claimed: Claimed[];
    try {
      await this.returnLostClaims();
      const forbidden = typeof config.forbiddenFlags === "function" ? await config.forbiddenFlags() : config.forbiddenFlags;
      this.lostClaims.add(claim);
      claimed = await this.protocol.fetch(
        claim,
        config.taskIdentifiers,
        batchSize,
        forbidden,
        config.useNodeTime ? new Date() : null,
        completing,
      );
      this.lostClaims.delete(claim);
      this.fetchFailures = 0;
    } catch (error) {
      this.results.giveBack(completing);
      this.databaseError("fetching jobs", error);
      this.later(backoff(++this.fetchFailures), () => this.wake("retry"));
      return;
    }
    this.results.settle(completing);
    if (answersNotification) this.limiter.notifiedFetchFound(claimed.length);
    else if (claimed.length) this.limiter.jobsFound();
    for (const job of claimed) this.accept(job);
    if (this.stopping) return;
    this.mayHaveMore = claimed.length === batchSize;
    this.startJobs();
    if (this.mayHaveMore) this.fetchAgain = true;
    // runOnce ends when a fetch finds nothing and nothing happened meanwhile
    // (a completion written during the fetch may have freed a named queue).
    else if (config.once && claimed.length === 0 && this.idle() && !this.fetchAgain && this.fetches.size === 1) {
      void this.stop();
    }
  }

  /** A fetched job, unless this runner still runs a stale claim of it: then it waits for that run. */
  private accept(claimed: Claimed): void {
    const id = claimed.job.id;
    const stale = this.running.get(id);
    if (stale) {
      // Fetched again: the claim the running task answers to is gone.
      this.abandon(stale, null);
      this.waiting.set(id, claimed);
      this.config.logger.warn(
        `job ${id} was fetched again while a stale run of it was still going (this worker had been taken for dead); it starts when that run ends`,
      );
      return;
    }
    const queued = this.queue.findIndex((held) => held.job.id === id);
    if (queued >= 0) this.queue[queued] = claimed;
    else this.queue.push(claimed);
  }

  /** Nothing running, fetched, or waiting to be written. */
  private idle(): boolean {
    return this.running.size === 0 && this.queue.length === 0 && this.waiting.size === 0 && this.results.idle;
  }

  private startJobs(): void {
    while (!this.stopping && this.running.size < this.config.concurrency && this.queue.length) {
      this.runJob(this.queue.shift()!);
    }
  }

  private runJob(claimed: Claimed): void {
    const id = claimed.job.id;
    const run: Run = { claimed, abort: null, abandoned: false, done: Promise.resolve() };
    this.running.set(id, run);
    run.done = this.execute(run).finally(() => {
      if (this.running.get(id) === run) this.running.delete(id);
      const next = this.waiting.get(id);
      if (next) {
        this.waiting.delete(id);
        this.queue.unshift(next);
      }
      if (this.stopping) return;
      this.startJobs();
      if (this.mayHaveMore || this.config.once) this.wake("slot");
    });
  }

  private async execute(run: Run): Promise<void> {
    const config = this.config;
    const { job } = run.claimed;
    const tag = { workerId: this.workerId, jobId: job.id, taskIdentifier: job.task_identifier };
    config.logger.debug(`job ${job.id} (${job.task_identifier}) started, attempt ${job.attempts}/${job.max_attempts}`, tag);
    this.emit("job:start", { job, workerId: this.workerId });
    const started = performance.now();
    const helpers = new JobHelpers(job, () => (run.abort ??= new AbortController()), this.utils, config.logger);
    const outcome = await execute(config.taskList, job, helpers);
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    if (run.abandoned) return;
    if (outcome.ok) {
      config.logger.debug(`job ${job.id} (${job.task_identifier}) succeeded in ${durationMs} ms`, { ...tag, durationMs });
      this.results.complete(run.claimed);
      this.emit("job:success", { job, workerId: this.workerId });
      return;
    }
    const willRetry = job.attempts < job.max_attempts;
    config.logger.warn(
      `job ${job.id} (${job.task_identifier}) failed attempt ${job.attempts}/${job.max_attempts} after ${durationMs} ms${willRetry ? "" : "; no attempts left"}: ${outcome.message}`,
      { ...tag, durationMs, error: outcome.error instanceof Error ? outcome.error : outcome.message },
    );
    this.results.fail(run.claimed, outcome.message, outcome.failedItems);
    this.emit("job:error", { job, workerId: this.workerId, error: outcome.error, willRetry });
    if (!willRetry) this.emit("job:failed", { job, workerId: this.workerId, error: outcome.error });
  }

  /**
   * Gives up on a run: its task's abortSignal fires and its outcome is not
   * written. With a message, the job is failed with it (a no-op if its
   * claim is gone); without, the claim is known to be gone already.
   */
  private abandon(run: Run, message: string | null): void {
    if (run.abandoned) return;
    run.abandoned = true;
    (run.abort ??= new AbortController()).abort(new Error(message ?? "the job's claim is no longer held"));
    if (message !== null) this.results.fail(run.claimed, message, null);
  }

  /** A sweep took this worker for dead: every run in flight is stale, or soon will be. */
  private onSwept(): void {
    const runs = [...this.running.values()].filter((run) => !run.abandoned);
    const unstarted = [...this.queue.splice(0), ...this.waiting.values()];
    this.waiting.clear();
    this.config.logger.warn(
      `worker ${this.workerId} was taken for dead by a sweep (its heartbeats were late) and its jobs were recovered; ` +
        `abandoning ${runs.length} run(s) in flight and giving back ${unstarted.length} fetched job(s); registered again`,
    );
    this.emit("worker:swept", { workerId: this.workerId });
    for (const run of runs) {
      this.abandon(run, `worker ${this.workerId} was taken for dead by a sweep while running this job; the run was abandoned`);
    }
    void this.giveBack(unstarted, Date.now() + MIN_WRITE_GRACE).then(() => this.wake("more"));
  }

  /** Gives back unstarted jobs (each under its claim), retrying until the deadline. */
  private async giveBack(claimed: Claimed[], deadline: number): Promise<void> {
    if (!claimed.length) return;
    await this.untilDeadline("giving back unstarted jobs", deadline, async () => {
      const returned = await this.protocol.giveBack(claimed.map(({ job, claim }) => ({ id: job.id, claim })));
      this.config.logger.info(`gave back ${returned.length} unstarted job(s)`);
    });
  }

  /** Gives back what fetches whose reply was lost claimed. */
  private async returnLostClaims(deadline?: number): Promise<void> {
    for (const claim of [...this.lostClaims]) {
      const give = async () => {
        const returned = await this.protocol.returnClaim(claim);
        this.lostClaims.delete(claim);
        if (returned.length) {
          this.config.logger.warn(`gave back ${returned.length} job(s) claimed by a fetch whose reply was lost`);
        }
      };
      if (deadline === undefined) await give();
      else await this.untilDeadline("giving back the jobs of a lost fetch", deadline, give);
    }
  }

  /** Retries fn on connection errors with backoff until `deadline`; other errors are logged once. */
  private async untilDeadline(operation: string, deadline: number, fn: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const wait = backoff(attempt);
        if (!isConnectionError(error) || Date.now() + wait > deadline) {
          this.config.logger.error(
            `gave up ${operation}: ${describe(error)}; a sweep will recover what this worker still holds`,
          );
          return;
        }
        this.databaseError(`${operation} (attempt ${attempt}, retrying)`, error);
        await sleep(wait);
      }
    }
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

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private databaseError(operation: string, error: unknown): void {
    this.config.logger.error(`database error while ${operation}: ${describe(error)}`);
    this.emit("worker:databaseError", { workerId: this.workerId, error, operation });
  }

  private emit<E extends RunnerEventName>(event: E, payload: RunnerEvents[E]): void {
    try {
      this.events.emit(event, payload);
    } catch (error) {
      this.config.logger.error(`a ${event} listener threw: ${describe(error)}`);
    }
  }
}

/**
 * Starts a runner; `await runner.stop()` (or a signal) ends it, `runner.promise` settles then.
 * Tasks come from `taskList`, or from the modules of `taskDirectory`.
 */
export async function run(options: RunnerOptions, overrideTaskList?: TaskList): Promise<Runner> {
  const runner = new Runner(await withTaskList(options, overrideTaskList));
  try {
    await runner.start();
  } catch (error) {
    await runner.stop();
    throw error;
  }
  return runner;
}

/** Runs jobs until none is runnable, then stops. (overrideTaskList: graphile-worker's second argument, used instead of the options' tasks.) */
export async function runOnce(options: RunnerOptions, overrideTaskList?: TaskList): Promise<void> {
  const runner = new Runner(await withTaskList(options, overrideTaskList), true);
  try {
    await runner.start();
  } catch (error) {
    await runner.stop();
    throw error;
  }
  await runner.promise;
}

/** Creates or updates the queue's schema, as `migrate` does, from runner options (graphile-worker's runMigrations). */
export async function runMigrations(options: Omit<RunnerOptions, "taskList" | "taskDirectory"> & Partial<Pick<RunnerOptions, "taskList" | "taskDirectory">>): Promise<void> {
  checkTaskSource(options);
  const pool = options.pgPool ?? new pg.Pool({ ...connectionFrom(options), max: 1 });
  if (!options.pgPool) pool.on("error", () => {});
  try {
    const logger = options.logger ?? consoleLogger();
    await migrate(pool, {
      schema: options.schema ?? DEFAULT_SCHEMA,
      warn: (message) => logger.warn(message),
      log: (message) => logger.info(message),
    });
  } finally {
    if (!options.pgPool) await pool.end();
  }
}

/** The options with taskDirectory's modules loaded into a taskList. */
async function withTaskList(options: RunnerOptions, overrideTaskList?: TaskList): Promise<RunnerOptions> {
  checkTaskSource(options);
  if (overrideTaskList) {
    const { taskDirectory: _ignored, ...rest } = options;
    return { ...rest, taskList: overrideTaskList };
  }
  if (options.taskList || options.taskDirectory === undefined) return options;
  if (typeof options.taskDirectory !== "string" || options.taskDirectory === "") {
    throw new TypeError(`taskDirectory must be a folder's path (got ${JSON.stringify(options.taskDirectory)})`);
  }
  const { taskDirectory, ...rest } = options;
  const taskList = await loadTaskDirectory(taskDirectory, options.logger ?? consoleLogger());
  return { ...rest, taskList };
}
