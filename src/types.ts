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
import type { JobKeyMode } from "./rules";

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

/** A job, as the SQL functions return it (the columns of the jobs view, and its payload). */
export interface Job {
  /** A bigint, as text. */
  id: string;
  /** Jobs of one named queue run one at a time; null runs in parallel with everything. */
  queue_name: string | null;
  task_identifier: string;
  payload: unknown;
  /** Lower runs first. */
  priority: number;
  run_at: Date;
  /** Attempts started so far; attempts = max_attempts is permanently failed. */
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  key: string | null;
  locked_at: Date | null;
  locked_by: string | null;
  /** How many times a keyed add updated the job. */
  revision: number;
  /** The job's flags as a set: `{ slow: true }`. */
  flags: { [flag: string]: true } | null;
}

export type { JobKeyMode, CleanupTask } from "./rules";

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
