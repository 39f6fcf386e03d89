/**
 * The SQL worker protocol, as this runner speaks it: one function per call
 * (see sql/queries/worker.sql and the functions' own files in sql/schema).
 * Nothing here decides anything; it names the calls and shapes their rows.
 */
import { hostname } from "node:os";
import type { Db } from "../db";
import * as worker from "../generated/worker.queries";
import type { Job } from "../types";

/** A job as this worker holds it: the claim it was fetched under answers for it. */
export interface Claimed {
  job: Job;
  claim: string;
}

/** An answer about a held job. */
export interface Answer {
  id: string;
  claim: string;
}

export interface FailureAnswer extends Answer {
  message: string;
  /** A batch job's failed items (their positions): only these are retried. */
  failedItems: number[] | null;
}

export class Protocol {
  constructor(
    private readonly db: Db,
    readonly workerId: string,
  ) {}

  /** Claims up to batchSize jobs under `claim`; completes `completed` first, in the same round trip. */
  async fetch(
    claim: string,
    taskIdentifiers: readonly string[],
    batchSize: number,
    forbiddenFlags: readonly string[] | null,
    now: Date | null,
    completed: readonly Answer[],
  ): Promise<Claimed[]> {
    const rows = await this.db.run(worker.getJobs, {
      workerId: this.workerId,
      claim,
      taskIdentifiers: [...taskIdentifiers],
      batchSize,
      forbiddenFlags: forbiddenFlags ? [...forbiddenFlags] : null,
      now,
      completedJobIds: completed.length ? completed.map((c) => c.id) : null,
      completedClaims: completed.length ? completed.map((c) => c.claim) : null,
    });
    return rows.map((row) => ({ job: toJob(row, this.workerId), claim }));
  }

  /** Deletes finished jobs; returns the ids whose claim was still held. */
  async complete(answers: readonly Answer[]): Promise<string[]> {
    const rows = await this.db.run(worker.completeWorkerJobs, {
      workerId: this.workerId,
      jobIds: answers.map((a) => a.id),
      claims: answers.map((a) => a.claim),
    });
    return rows.map((r) => r.id);
  }

  /**
   * Records failures; returns the ids whose claim was still held. With
   * cutItems false, batch jobs keep their whole payload (when the database
   * could not cut the failed items from it).
   */
  async fail(answers: readonly FailureAnswer[], cutItems = true): Promise<string[]> {
    const batch = cutItems && answers.some((a) => a.failedItems !== null);
    const rows = await this.db.run(worker.failWorkerJobs, {
      workerId: this.workerId,
      jobIds: answers.map((a) => a.id),
      claims: answers.map((a) => a.claim),
      errorMessages: answers.map((a) => a.message),
      failedItems: batch ? JSON.stringify(answers.map((a) => a.failedItems)) : null,
    });
    return rows.map((r) => r.id);
  }

  /** Gives back jobs fetched but never started; returns the ids given back. */
  async giveBack(answers: readonly Answer[]): Promise<string[]> {
    if (!answers.length) return [];
    const rows = await this.db.run(worker.returnWorkerJobs, {
      workerId: this.workerId,
      jobIds: answers.map((a) => a.id),
      claims: answers.map((a) => a.claim),
    });
    return rows.map((r) => r.id);
  }

  /** Gives back whatever a fetch whose reply was lost claimed. */
  async returnClaim(claim: string): Promise<string[]> {
    const rows = await this.db.run(worker.returnClaim, { workerId: this.workerId, claim });
    return rows.map((r) => r.id);
  }

  /** Registers this worker, recovering what its id held in an earlier life. */
  async register(
    heartbeatInterval: number,
    about: { tasks: readonly string[]; concurrency: number },
  ): Promise<{ jobs_recovered: number; queues_unlocked: number }> {
    const [row] = await this.db.run(worker.workerRegister, {
      workerId: this.workerId,
      heartbeatIntervalSeconds: heartbeatInterval / 1000,
      metadata: JSON.stringify({ hostname: hostname(), pid: process.pid, tasks: about.tasks, concurrency: about.concurrency }),
    });
    return row;
  }

  /** Resolves to false when this worker was not registered: a sweep took it for dead. */
  async heartbeat(heartbeatInterval: number, completed: number, failed: number): Promise<boolean> {
    const [row] = await this.db.run(worker.workerHeartbeat, {
      workerId: this.workerId,
      heartbeatIntervalSeconds: heartbeatInterval / 1000,
      jobsCompleted: String(completed),
      jobsFailed: String(failed),
    });
    return row.was_registered;
  }

  async deregister(): Promise<void> {
    await this.db.run(worker.workerDeregister, { workerId: this.workerId });
  }

  async releaseStaleLocks(): Promise<{ jobs_released: number; queues_released: number }> {
    const [row] = await this.db.run(worker.releaseStaleLocks, undefined as never);
    return row;
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
    flags: row.flags as Job["flags"],
  };
}
