/**
 * What a task receives besides its payload. The logger and the abort signal
 * are made when a task first asks for them.
 */
import type { PoolClient } from "pg";
import type { Logger } from "../logger";
import type { Job } from "../types";
import type { WorkerUtils } from "../worker-utils";
import type { Helpers } from "./types";

export class JobHelpers implements Helpers {
  private taggedLogger: Logger | null = null;

  constructor(
    readonly job: Job,
    private readonly abort: () => AbortController,
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
    return this.abort().signal;
  }

  // Bound, so that tasks may destructure them: async (payload, { addJob, withPgClient }) => ...
  addJob: Helpers["addJob"] = (identifier, payload, spec) => this.utils.addJob(identifier, payload, spec);

  withPgClient: Helpers["withPgClient"] = <R>(fn: (client: PoolClient) => Promise<R>) => this.utils.withPgClient(fn);
}
