/**
 * The runner's options, checked once, before anything connects, into a
 * frozen config: every option is validated here and named in its error, and
 * every default is a constant beside its check.
 */
import { ok } from "node:assert";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { $$isParsed, parseCrontab, toSyncCrontabItems, type ParsedCronItem, type SyncCrontabItem } from "../crontab";
import type pg from "pg";
import { connectionFrom } from "../connection";
import { consoleLogger, type Logger } from "../logger";
import { RULES } from "../rules";
import { DEFAULT_SCHEMA, quoteSchema } from "../schema-name";
import type { TaskList } from "./types";

export interface RunnerOptions {
  /** Defaults to $DATABASE_URL, then the PG* variables (when PGDATABASE is set). */
  connectionString?: string;
  /** An existing pool (it should allow concurrency + 2 connections), not with connectionString; left open on stop. */
  pgPool?: pg.Pool;
  /** The most connections of the pool the runner makes (default concurrency + 3). */
  maxPoolSize?: number;
  schema?: string;
  /** Task identifier -> async function(payload, helpers). Give this or taskDirectory. */
  taskList?: TaskList;
  /**
   * A folder of task modules (run and runOnce): `send_email.js` runs
   * send_email jobs, `emails/send.js` runs emails/send jobs; `.js`, `.cjs`,
   * `.mjs`, and `.ts` when a TypeScript loader is registered.
   */
  taskDirectory?: string;
  /** Jobs run at the same time (default 1). */
  concurrency?: number;
  /** How often an idle runner looks for jobs that became due, in ms (default 2000). */
  pollInterval?: number;
  /** Jobs fetched ahead of free slots and held locally (default 0). Unstarted ones are given back on stop. */
  prefetch?: number;
  /** The most jobs one fetch asks for (default 500, at most 10,000). */
  maxBatchSize?: number;
  /** How long a completion waits for others to share its round trip, in ms (default 0: only while one is in flight). */
  completionDelay?: number;
  /** Jobs carrying any of these flags are not fetched; a function is asked before each fetch. */
  forbiddenFlags?: string[] | null | (() => string[] | null | Promise<string[] | null>);
  /** Defaults to worker-<18 hex digits>. A fixed id (a pod's name) may be reused after a restart. */
  workerId?: string;
  /** Stop gracefully on SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  /** graphile-worker's name for handleSignals: false. */
  noHandleSignals?: boolean;
  /** How long stop() waits for running jobs before failing them, in ms (default 10000). */
  shutdownTimeout?: number;
  /**
   * Heartbeat period in ms (default 30000). Every worker registers and
   * heartbeats: the database hands jobs to registered workers only, and no
   * sweep takes one for dead within twice its interval.
   */
  heartbeatInterval?: number;
  /** Period of this runner's stale-worker sweep in ms (default 60000, jittered); false disables it. */
  sweepInterval?: number | false;
  /**
   * A worker silent for this long is dead, in ms (default 300000). No sweep
   * takes a worker for dead within twice the heartbeat interval it
   * registered, whatever this says; this runner refuses a threshold that is
   * not above twice its own.
   */
  sweepThreshold?: number;
  /** Recovered jobs run again no sooner than this, in ms (default 30000). */
  recoveryDelay?: number;
  /** Period of release_stale_locks (locks older than 4 hours) in ms (default 600000); false disables it. */
  staleLockInterval?: number | false;
  /**
   * Fire the recurring schedules: tick_schedules() as the runner starts,
   * then about once a second (default true). Any number of runners may
   * tick; each fire time adds one job. runOnce never ticks.
   */
  tickSchedules?: boolean;
  /**
   * A Graphile Worker crontab (its text), synced into the schedules (as
   * crontab `crontab`) when the runner starts, so that a fleet shares one
   * state. Give at most one of crontab, crontabFile, parsedCronItems, and
   * the same one to every runner: items missing from it are disabled.
   */
  crontab?: string;
  /** A crontab file to read and sync as `crontab` is. */
  crontabFile?: string;
  /** Cron items from parseCrontab or parseCronItems, synced as `crontab` is. */
  parsedCronItems?: ParsedCronItem[];
  /** Use this process's clock for "now" instead of the database's (at most a minute ahead of it). */
  useNodeTime?: boolean;
  /** Run migrations before starting (default true). */
  migrate?: boolean;
  /** Send every query unprepared, for poolers that cannot keep prepared statements (default false). */
  noPreparedStatements?: boolean;
  /**
   * LISTEN for jobs:insert, so idle workers start new jobs at once (default
   * true). False: find them by polling only (every pollInterval), as behind a
   * pooler in transaction mode with no direct connection to listen on.
   */
  listen?: boolean;
  /**
   * Where to LISTEN, when the queries go through a pooler in transaction mode
   * (PgBouncer) that cannot hold a session: a direct connection string to
   * PostgreSQL. The runner keeps one connection to it, for LISTEN only.
   */
  listenConnectionString?: string;
  logger?: Logger;
}

export const concurrencyDefault = 1;
export const pollIntervalDefault = 2_000;
export const prefetchDefault = 0;
export const maxBatchSizeDefault = 500;
export const completionDelayDefault = 0;
export const shutdownTimeoutDefault = 10_000;
export const heartbeatIntervalDefault = RULES.heartbeatIntervalDefaultSeconds * 1000;
export const sweepIntervalDefault = 60_000;
export const sweepThresholdDefault = RULES.sweepThresholdDefaultSeconds * 1000;
export const recoveryDelayDefault = RULES.recoveryDelayDefaultSeconds * 1000;
export const staleLockIntervalDefault = 600_000;

/** Node's timers cannot wait longer (a longer delay fires at once). */
const MAX_TIMER = 2_147_483_647;

export type ForbiddenFlags = (() => string[] | null | Promise<string[] | null>) | readonly string[] | null;

export interface RunnerConfig {
  /** How a pool made here connects (connection string, or pg's PG* variables). */
  readonly connection: { connectionString?: string };
  readonly pgPool: pg.Pool | undefined;
  readonly maxPoolSize: number;
  readonly schema: string;
  readonly taskList: TaskList;
  readonly taskIdentifiers: readonly string[];
  readonly concurrency: number;
  readonly pollInterval: number;
  readonly prefetch: number;
  readonly maxBatchSize: number;
  readonly completionDelay: number;
  readonly forbiddenFlags: ForbiddenFlags;
  readonly workerId: string;
  readonly handleSignals: boolean;
  readonly shutdownTimeout: number;
  readonly heartbeatInterval: number;
  readonly sweepInterval: number | false;
  readonly sweepThreshold: number;
  readonly recoveryDelay: number;
  readonly staleLockInterval: number | false;
  readonly useNodeTime: boolean;
  readonly tickSchedules: boolean;
  /** The crontab to sync on start (sync_crontab's items), or null for none given. */
  readonly crontabItems: readonly SyncCrontabItem[] | null;
  readonly migrate: boolean;
  readonly noPreparedStatements: boolean;
  /** false: poll only; a string: LISTEN on a connection of its own to it; true: on a connection of the pool. */
  readonly listen: boolean | string;
  readonly logger: Logger;
  /** runOnce: stop when nothing is runnable; no listening, sweeping or stale-lock release. */
  readonly once: boolean;
}

/** Checks every option; throws a TypeError or RangeError naming the first bad one. */
export function runnerConfig(options: RunnerOptions, once: boolean): RunnerConfig {
  if (options === null || typeof options !== "object") throw new TypeError("run needs an options object");
  checkTaskSource(options);
  optional(options.connectionString, "connectionString", isString);
  const pgPool = options.pgPool;
  if (pgPool !== undefined && (pgPool === null || typeof (pgPool as pg.Pool).connect !== "function")) {
    throw new TypeError("pgPool must be a pg.Pool");
  }
  const connection = connectionFrom(options);
  const schema = optional(options.schema, "schema", isString) ?? DEFAULT_SCHEMA;
  quoteSchema(schema);

  const taskList = options.taskList;
  if (!taskList || typeof taskList !== "object") {
    throw new TypeError(
      options.taskDirectory !== undefined
        ? "taskDirectory is loaded by run() and runOnce(); new Runner() needs a taskList"
        : NO_TASKS,
    );
  }
  for (const [identifier, task] of Object.entries(taskList)) {
    if (typeof task !== "function") {
      throw new TypeError(`taskList.${identifier} must be a function (payload, helpers) => ..., got ${typeof task}`);
    }
    if (identifier.length === 0 || [...identifier].length > RULES.nameMaxLength) {
      throw new RangeError(`taskList: a task identifier must be 1 to ${RULES.nameMaxLength} characters (got ${JSON.stringify(identifier)})`);
    }
  }

  const concurrency = integer(options.concurrency, "concurrency", concurrencyDefault, 1, 10_000, "a positive integer");
  const maxPoolSize = integer(options.maxPoolSize, "maxPoolSize", concurrency + 3, 2, 10_000, "an integer from 2 to 10000");
  const prefetch = integer(options.prefetch, "prefetch", prefetchDefault, 0, 1_000_000, "a non-negative integer");
  const maxBatchSize = integer(
    options.maxBatchSize, "maxBatchSize", maxBatchSizeDefault, 1, RULES.maxBatchSize,
    `an integer from 1 to ${RULES.maxBatchSize} (the most get_jobs claims at once)`,
  );
  const pollInterval = duration(options.pollInterval, "pollInterval", pollIntervalDefault, 1);
  const completionDelay = duration(options.completionDelay, "completionDelay", completionDelayDefault, 0);
  const shutdownTimeout = duration(options.shutdownTimeout, "shutdownTimeout", shutdownTimeoutDefault, 0);
  if ((options.heartbeatInterval as unknown) === false) {
    throw new TypeError(
      "heartbeatInterval: false is not possible: get_jobs_v2 hands jobs to registered workers only, and a worker stays registered by its heartbeats",
    );
  }
  const heartbeatInterval = duration(options.heartbeatInterval, "heartbeatInterval", heartbeatIntervalDefault, 1);
  if (heartbeatInterval > 86_400_000) {
    throw new RangeError(`heartbeatInterval must be at most a day (got ${heartbeatInterval})`);
  }
  const sweepInterval = orFalse(options.sweepInterval, "sweepInterval", sweepIntervalDefault);
  const sweepThreshold = duration(options.sweepThreshold, "sweepThreshold", sweepThresholdDefault, 1);
  const recoveryDelay = duration(options.recoveryDelay, "recoveryDelay", recoveryDelayDefault, 0);
  const staleLockInterval = orFalse(options.staleLockInterval, "staleLockInterval", staleLockIntervalDefault);

  const forbiddenFlags = options.forbiddenFlags ?? null;
  if (
    forbiddenFlags !== null &&
    typeof forbiddenFlags !== "function" &&
    !(Array.isArray(forbiddenFlags) && forbiddenFlags.every((flag) => typeof flag === "string" && flag !== ""))
  ) {
    throw new TypeError("forbiddenFlags must be an array of non-empty strings, or a function returning one");
  }

  const workerId = optional(options.workerId, "workerId", isString) ?? `worker-${randomBytes(9).toString("hex")}`;
  if (workerId === "" || [...workerId].length > RULES.nameMaxLength || /[\u0000-\u001f\u007f-\u009f]/.test(workerId)) {
    throw new RangeError(
      `workerId must be 1 to ${RULES.nameMaxLength} characters without control characters (got ${JSON.stringify(workerId)})`,
    );
  }

  const listenConnectionString = optional(options.listenConnectionString, "listenConnectionString", isString);
  if (listenConnectionString === "") throw new TypeError("listenConnectionString must not be empty");
  const listen = bool(options.listen, "listen", true);
  if (!listen && listenConnectionString !== undefined) {
    throw new TypeError(
      "listen: false turns listening off, and listenConnectionString says where to listen: pass one or the other",
    );
  }

  const logger = options.logger ?? consoleLogger();
  for (const level of ["debug", "info", "warn", "error"] as const) {
    if (typeof logger[level] !== "function") throw new TypeError(`logger.${level} must be a function`);
  }

  const crontabItems = crontabOptions(options);

  if (!once && sweepInterval !== false) {
    if (!(sweepThreshold > 2 * heartbeatInterval)) {
      throw new RangeError(
        `sweepThreshold (${sweepThreshold} ms) must be more than twice heartbeatInterval (${heartbeatInterval} ms), or a sweep takes live workers for dead ones`,
      );
    }
  }

  const handleSignals = bool(options.handleSignals, "handleSignals", true);
  const noHandleSignals = bool(options.noHandleSignals, "noHandleSignals", !handleSignals);
  if (options.handleSignals !== undefined && noHandleSignals === handleSignals) {
    throw new RangeError(
      `handleSignals (${handleSignals}) and noHandleSignals (${noHandleSignals}) disagree; give one of them`,
    );
  }

  return Object.freeze({
    connection,
    pgPool,
    maxPoolSize,
    schema,
    taskList,
    taskIdentifiers: Object.freeze(Object.keys(taskList)),
    concurrency,
    pollInterval,
    prefetch,
    maxBatchSize,
    completionDelay,
    forbiddenFlags: Array.isArray(forbiddenFlags) ? Object.freeze([...forbiddenFlags]) : forbiddenFlags,
    workerId,
    handleSignals: !noHandleSignals,
    shutdownTimeout,
    heartbeatInterval,
    sweepInterval,
    sweepThreshold,
    recoveryDelay,
    staleLockInterval,
    useNodeTime: bool(options.useNodeTime, "useNodeTime", false),
    tickSchedules: bool(options.tickSchedules, "tickSchedules", true),
    crontabItems,
    migrate: bool(options.migrate, "migrate", true),
    noPreparedStatements: bool(options.noPreparedStatements, "noPreparedStatements", false),
    listen: listen && (listenConnectionString ?? true),
    logger,
    once,
  });
}

/** graphile-worker's refusals, word for word. */
export const BOTH_TASK_SOURCES = "Exactly one of either `taskDirectory` or `taskList` should be set";
export const NO_TASKS = "You must specify either `taskList` or `taskDirectory`";

/** A task list or a task directory, not both (an AssertionError, as graphile-worker throws). */
export function checkTaskSource(options: { taskList?: unknown; taskDirectory?: unknown }): void {
  if (options === null || typeof options !== "object") throw new TypeError("run needs an options object");
  ok(!options.taskList || !options.taskDirectory, BOTH_TASK_SOURCES);
}

/** The crontab a runner syncs as it starts, from whichever option gave one. */
function crontabOptions(options: RunnerOptions): readonly SyncCrontabItem[] | null {
  const given = (["crontab", "crontabFile", "parsedCronItems"] as const).filter((name) => options[name] != null);
  if (given.length > 1) {
    throw new TypeError(`give one of crontab, crontabFile and parsedCronItems, not ${given.join(" and ")}`);
  }
  let items: ParsedCronItem[];
  switch (given[0]) {
    case undefined:
      return null;
    case "crontab": {
      const text = optional(options.crontab, "crontab", isString)!;
      items = inCrontab("crontab", () => parseCrontab(text));
      break;
    }
    case "crontabFile": {
      const path = optional(options.crontabFile, "crontabFile", isString)!;
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch (error) {
        throw new Error(`crontabFile ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      items = inCrontab(`crontabFile ${path}`, () => parseCrontab(text));
      break;
    }
    case "parsedCronItems": {
      const parsed = options.parsedCronItems;
      if (!Array.isArray(parsed) || parsed.some((item) => item === null || typeof item !== "object" || !($$isParsed in item))) {
        throw new TypeError("parsedCronItems must be an array of items made by parseCrontab or parseCronItems");
      }
      items = parsed;
      break;
    }
  }
  return Object.freeze(inCrontab(given[0], () => toSyncCrontabItems(items)));
}

/** Runs fn, prefixing the error it throws with where the crontab came from. */
function inCrontab<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const e = error as Error;
    throw new (e instanceof TypeError ? TypeError : Error)(`${where}: ${e.message}`);
  }
}

const isString = (value: unknown): value is string => typeof value === "string";

function optional<T>(value: unknown, name: string, check: (value: unknown) => value is T): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!check(value)) throw new TypeError(`${name} must be a string (got ${typeof value})`);
  return value;
}

function bool(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be true or false (got ${String(value)})`);
  return value;
}

function integer(value: unknown, name: string, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be ${what} (got ${String(value)})`);
  }
  return value;
}

/** A duration in whole milliseconds, from min up to what a timer can wait. */
function duration(value: unknown, name: string, fallback: number, min: number): number {
  return integer(
    value, name, fallback, min, MAX_TIMER,
    `a whole number of milliseconds from ${min} to ${MAX_TIMER}`,
  );
}

function orFalse(value: unknown, name: string, fallback: number): number | false {
  if (value === false) return false;
  return duration(value, name, fallback, 1);
}
