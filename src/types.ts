/**
 * Public types. Jobs keep the SQL column names; ids are strings (bigint).
 *
 * Apps declare their task payloads once, as with Graphile Worker:
 *
 *   declare global {
 *     namespace GraphileWorker {
 *       interface Tasks {
 *         send_email: { to: string };
 *       }
 *     }
 *   }
 *
 * and then `addJob("send_email", payload)` checks the payload's type.
 */
import type { IAddJobResult } from "./generated/enqueue.queries";

declare global {
  namespace GraphileWorker {
    // eslint-disable-next-line @typescript-eslint/no-empty-interface
    interface Tasks {}
  }
}

/** A task identifier: a declared one, or any other string. */
export type TaskIdentifier = keyof GraphileWorker.Tasks | (string & {});

/** The payload type of a declared task; unknown for others. */
export type PayloadOf<T extends TaskIdentifier> = T extends keyof GraphileWorker.Tasks
  ? GraphileWorker.Tasks[T]
  : unknown;

/** A job row, as the SQL functions return it. */
export type Job = IAddJobResult;

export type JobKeyMode = "replace" | "preserve_run_at" | "unsafe_dedupe";

/** Options of one job (SQL: add_job's arguments). */
export interface JobSpec {
  queueName?: string | null;
  runAt?: Date | null;
  maxAttempts?: number | null;
  jobKey?: string | null;
  jobKeyMode?: JobKeyMode | null;
  priority?: number | null;
  flags?: string[] | null;
}

/** One job of a batch (SQL: job_spec). unsafe_dedupe is refused in batches. */
export interface BatchJobSpec<T extends TaskIdentifier = TaskIdentifier> extends Omit<JobSpec, "jobKeyMode"> {
  identifier: T;
  payload?: PayloadOf<T>;
  jobKeyMode?: "replace" | "preserve_run_at" | null;
}

export type CleanupTask = "GC_JOB_QUEUES" | "GC_TASK_IDENTIFIERS" | "DELETE_PERMAFAILED_JOBS";
