/**
 * What a task receives besides its payload. The logger, the abort signal and
 * its promise are made when a task first asks for them.
 */
import type { PoolClient, QueryResult, QueryResultRow } from "pg";
import { scopeLogger, type Logger } from "../logger";
import type { Job } from "../types";
import type { WorkerUtils } from "../worker-utils";
import type { Helpers } from "./types";

export class JobHelpers implements Helpers {
  private taggedLogger: Logger | null = null;
  private aborted: Promise<void> | null = null;

  constructor(
    readonly job: Job,
    private readonly abort: () => AbortController,
    private readonly utils: WorkerUtils,
    private readonly baseLogger: Logger,
  ) {}

  get logger(): Logger {
    return (this.taggedLogger ??= scopeLogger(this.baseLogger, { jobId: this.job.id, taskIdentifier: this.job.task_identifier }));
  }

  get abortSignal(): AbortSignal {
    return this.abort().signal;
  }

  get abortPromise(): Promise<void> {
    if (!this.aborted) {
      const signal = this.abortSignal;
      this.aborted = new Promise<void>((_resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
      // A task that never awaits it must not crash the process when it rejects.
      this.aborted.catch(() => {});
    }
    return this.aborted;
  }

  addJob: Helpers["addJob"] = (identifier, payload, spec) => this.utils.addJob(identifier, payload, spec);

  addJobs: Helpers["addJobs"] = (specs, jobKeyPreserveRunAt) => this.utils.addJobs(specs, jobKeyPreserveRunAt);

  // Bound, so that tasks may destructure it: async (payload, { withPgClient }) => ...
  withPgClient: Helpers["withPgClient"] = <R>(fn: (client: PoolClient) => Promise<R>) => this.utils.withPgClient(fn);

  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>> {
    return this.utils.withPgClient((client) => client.query<R>(text, values));
  }

  async getQueueName(queueId?: number | string | null): Promise<string | null> {
    if (queueId != null) {
      throw new TypeError(
        `getQueueName(${JSON.stringify(queueId)}): queues have no ids in this schema; helpers.job.queue_name is the job's queue name`,
      );
    }
    return this.job.queue_name;
  }

  debug(format: string, ...parameters: unknown[]): void {
    this.logger.error("REMOVED: `helpers.debug` has been replaced with `helpers.logger.debug`; please do not use `helpers.debug`");
    this.logger.debug(format, { parameters });
  }
}
