import type { PoolClient, QueryResult, QueryResultRow } from "pg";
import type { Logger } from "../logger";
import type { BatchJobSpec, Job, JobSpec, PayloadOf, TaskIdentifier } from "../types";

/** What a task receives besides its payload. */
export interface Helpers {
  /** The job being run (SQL column names). */
  job: Job;
  /** A logger that tags every line with the job. */
  logger: Logger;
  /** Adds another job (through the same schema and pool). */
  addJob<T extends TaskIdentifier>(identifier: T, payload?: PayloadOf<T>, spec?: JobSpec): Promise<Job>;
  /** Adds several jobs in one statement (WorkerUtils.addJobs). */
  addJobs<T extends TaskIdentifier>(specs: ReadonlyArray<BatchJobSpec<T>>, jobKeyPreserveRunAt?: boolean): Promise<Job[]>;
  /** Runs fn with a client of the runner's pool. */
  withPgClient<R>(fn: (client: PoolClient) => Promise<R>): Promise<R>;
  /** Runs one query on a client of the runner's pool. */
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  /**
   * The job's queue name (graphile-worker looks it up by id; here the job
   * carries it). Queues have no ids here: passing one is an error.
   */
  getQueueName(queueId?: number | string | null): Promise<string | null>;
  /** Aborted when the runner gives up waiting for this job at shutdown. */
  abortSignal: AbortSignal;
  /** Rejects (with the abort reason) when abortSignal aborts. */
  abortPromise: Promise<void>;
  /** @deprecated graphile-worker replaced it with logger.debug; logs an error saying so, then the message at debug. */
  debug(format: string, ...parameters: unknown[]): void;
}

/**
 * A task. For a batch job (an array payload) a task may return one entry per
 * item: an entry that is an Error, or a promise that rejects, marks that item
 * failed, and only the failed items are retried.
 */
export type Task<T extends TaskIdentifier = TaskIdentifier> = (payload: PayloadOf<T>, helpers: Helpers) => TaskResult;

/** What a task returns: nothing, or for a batch job one entry per item (see Task). */
export type TaskResult = void | unknown[] | Promise<void | unknown[]>;

/**
 * Task identifier -> task. A task declared in GraphileWorker.Tasks gets its
 * payload's type; any other takes any payload (as in graphile-worker).
 */
export type TaskList = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [K in TaskIdentifier]?: K extends keyof GraphileWorker.Tasks ? Task<K> : (payload: any, helpers: Helpers) => TaskResult;
};

/** The events a runner emits (runner.events.on(name, listener)). */
export interface RunnerEvents {
  /** A job is about to run. */
  "job:start": { job: Job; workerId: string };
  /** A job's task finished without error. */
  "job:success": { job: Job; workerId: string };
  /** A job's attempt failed; it will be retried unless attempts are used up. */
  "job:error": { job: Job; workerId: string; error: unknown; willRetry: boolean };
  /** A job's last attempt failed: it is permanently failed. */
  "job:failed": { job: Job; workerId: string; error: unknown };
  /** The database could not be reached; the runner keeps retrying. */
  "worker:databaseError": { workerId: string; error: unknown; operation: string };
  /**
   * A sweep (this runner's, or another's) took this worker for dead and
   * recovered its jobs; the runs it still had in flight were abandoned
   * (their tasks' abortSignal fired) and it registered again.
   */
  "worker:swept": { workerId: string };
  /** The runner stopped. */
  stop: { workerId: string };
}

export type RunnerEventName = keyof RunnerEvents;

/** runner.events: an EventEmitter whose events and payloads are typed. */
export interface RunnerEventEmitter {
  on<E extends RunnerEventName>(event: E, listener: (payload: RunnerEvents[E]) => void): this;
  once<E extends RunnerEventName>(event: E, listener: (payload: RunnerEvents[E]) => void): this;
  off<E extends RunnerEventName>(event: E, listener: (payload: RunnerEvents[E]) => void): this;
  emit<E extends RunnerEventName>(event: E, payload: RunnerEvents[E]): boolean;
  listenerCount(event: RunnerEventName): number;
  removeAllListeners(event?: RunnerEventName): this;
}
