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

export type { CatchUp } from "./rules";

/** A recurring schedule, as the schedules view shows it (SQL column names). */
export interface Schedule {
  id: string;
  /** Five cron fields or a nickname (@daily...), as written. */
  cron: string;
  /** The IANA time zone the cron fields are read in. */
  time_zone: string;
  task_identifier: string;
  /** Each job's payload, plus `_cron: {ts, backfilled}`. */
  payload: unknown;
  queue_name: string | null;
  priority: number | null;
  max_attempts: number | null;
  flags: string[] | null;
  job_key: string | null;
  job_key_mode: string | null;
  catch_up: "none" | "latest" | "all";
  /** As PostgreSQL prints an interval: "1 day", "06:00:00". */
  catch_up_window: string;
  /** false while paused (or, for a crontab's schedule, gone from its crontab). */
  enabled: boolean;
  /** The crontab (sync_crontab source) that defines it; null for upsertSchedule's. */
  source: string | null;
  last_fire_at: Date | null;
  /** The next fire time not yet handled; null while disabled. */
  next_fire_at: Date | null;
  /** A bigint, as text: the job of the latest fire or trigger. */
  last_job_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** What upsertSchedule takes: upsert_schedule's arguments, camel-cased. */
export interface ScheduleSpec {
  id: string;
  cron: string;
  taskIdentifier: string;
  /** A JSON object (default {}). */
  payload?: { [key: string]: unknown } | null;
  /** IANA time zone (default UTC). */
  timeZone?: string | null;
  queueName?: string | null;
  priority?: number | null;
  maxAttempts?: number | null;
  flags?: string[] | null;
  jobKey?: string | null;
  jobKeyMode?: JobKeyMode | null;
  /** After downtime: none, latest (default) or all. */
  catchUp?: "none" | "latest" | "all" | null;
  /** How far back catch-up goes, in ms (default a day). */
  catchUpWindow?: number | null;
  /** false makes (or keeps) it paused (default true). */
  enabled?: boolean | null;
}

/** A job a tick added, with the schedule and fire time it is for. */
export interface ScheduledJob extends Job {
  schedule_id: string;
  fire_at: Date;
  /** Fired later than the grace (a minute): a missed fire caught up. */
  backfilled: boolean;
}
