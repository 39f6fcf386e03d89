/**
 * Runs one job's task and says how it went. A task may return, for a batch
 * job (an array payload), one entry per item: an Error or a rejected promise
 * marks that item failed, and only the failed items are retried (the
 * database cuts them from the stored payload by position). Anything thrown,
 * whatever it is, is a failure with a message.
 */
import type { Job } from "../types";
import { describe } from "./describe";
import type { Helpers, TaskList } from "./types";

export type Outcome =
  | { ok: true }
  | { ok: false; error: unknown; message: string; failedItems: number[] | null };

/** Item errors quoted in a batch job's last_error. */
const MAX_ITEM_ERRORS = 20;

export async function execute(taskList: TaskList, job: Job, helpers: Helpers): Promise<Outcome> {
  const task = taskList[job.task_identifier];
  try {
    if (typeof task !== "function") throw new Error(`no task named ${JSON.stringify(job.task_identifier)}`);
    const result = await task(job.payload as never, helpers);
    if (!Array.isArray(job.payload) || !Array.isArray(result)) return { ok: true };
    return await batchOutcome(job.payload.length, result);
  } catch (thrown) {
    return { ok: false, error: thrown, message: describe(thrown), failedItems: null };
  }
}

async function batchOutcome(items: number, result: unknown[]): Promise<Outcome> {
  const failed: { position: number; reason: unknown }[] = [];
  (await Promise.allSettled(result.slice(0, items))).forEach((settled, position) => {
    if (settled.status === "rejected") failed.push({ position, reason: settled.reason });
    else if (settled.value instanceof Error) failed.push({ position, reason: settled.value });
  });
  if (!failed.length) return { ok: true };
  const quoted = failed.slice(0, MAX_ITEM_ERRORS).map(({ position, reason }) => `[${position}] ${describe(reason)}`);
  if (failed.length > MAX_ITEM_ERRORS) quoted.push(`and ${failed.length - MAX_ITEM_ERRORS} more`);
  return {
    ok: false,
    error: failed.map(({ reason }) => reason),
    message: `${failed.length} of ${items} batch items failed: ${quoted.join("; ")}`,
    failedItems: failed.map(({ position }) => position),
  };
}
