/**
 * graphile-worker's lower-level entry points, for code written against it:
 * `runTaskList(options, tasks, pgPool)` runs until shut down and
 * `runTaskListOnce(options, tasks, client)` until no job is runnable, on one
 * client. Both return at once a WorkerPool (a thenable) and, like
 * graphile-worker's, neither migrates: call runMigrations first.
 */
import { EventEmitter } from "node:events";
import type pg from "pg";
import type { Job } from "../types";
import type { RunnerOptions } from "./config";
import { Runner } from "./runner";
import type { TaskList } from "./types";

/** Runner options without the ones these entry points take as arguments. */
export type WorkerPoolOptions = Omit<RunnerOptions, "taskList" | "taskDirectory" | "pgPool" | "connectionString" | "migrate">;

export interface WorkerPool extends PromiseLike<void> {
  /** The worker id. */
  readonly id: string;
  /** Settles when the pool has stopped; rejects if it could not start. */
  readonly promise: Promise<void>;
  /** Stops gracefully (see Runner.stop). */
  gracefulShutdown(message?: string): Promise<void>;
  /** @deprecated graphile-worker's older name for gracefulShutdown. */
  release(): Promise<void>;
  /** Fails the running jobs with `message` (for a retry) and stops. */
  forcefulShutdown(message: string): Promise<{ forceFailedJobs: readonly Job[] }>;
  /** Look for jobs now. */
  nudge(count?: number): void;
  catch<T = never>(onrejected?: ((reason: unknown) => T | PromiseLike<T>) | null): Promise<void | T>;
  finally(onfinally?: (() => void) | null): Promise<void>;
}

export function runTaskList(options: WorkerPoolOptions, tasks: TaskList, pgPool: pg.Pool): WorkerPool {
  return workerPool(new Runner({ ...strip(options), taskList: tasks, pgPool, migrate: false }));
}

export function runTaskListOnce(options: WorkerPoolOptions, tasks: TaskList, client: pg.PoolClient): WorkerPool {
  return workerPool(
    new Runner({ ...strip(options), taskList: tasks, pgPool: oneClientPool(client), migrate: false, concurrency: 1 }, true),
  );
}

function strip(options: WorkerPoolOptions): WorkerPoolOptions {
  if (options === null || typeof options !== "object") throw new TypeError("runTaskList needs an options object");
  const { connectionString: _c, pgPool: _p, taskList: _t, taskDirectory: _d, ...rest } = options as RunnerOptions;
  return rest;
}

function workerPool(runner: Runner): WorkerPool {
  const promise = runner.start().then(
    () => runner.promise,
    async (error) => {
      await runner.stop();
      throw error;
    },
  );
  return {
    id: runner.workerId,
    promise,
    gracefulShutdown: () => runner.stop(),
    release: () => runner.stop(),
    forcefulShutdown: async (message) => ({ forceFailedJobs: await runner.stopNow(message) }),
    nudge: () => runner.nudge(),
    then: (onfulfilled, onrejected) => promise.then(onfulfilled, onrejected),
    catch: (onrejected) => promise.catch(onrejected),
    finally: (onfinally) => promise.finally(onfinally),
  };
}

/**
 * A pool over one client the caller owns: every query goes to it (pg queues
 * them), connect() lends it without letting the runner release or end it.
 */
function oneClientPool(client: pg.PoolClient): pg.Pool {
  const lent = new Proxy(client, {
    get(target, property) {
      if (property === "release") return () => {};
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return Object.assign(new EventEmitter(), {
    options: { max: 1 },
    query: (...args: unknown[]) => (client.query as (...a: unknown[]) => unknown).apply(client, args),
    connect: async () => lent,
    end: async () => {},
  }) as unknown as pg.Pool;
}
