/** Jobs, one at a time or by id: add, list, show, complete, fail, reschedule, remove. */
import { readFileSync } from "node:fs";
import { UsageError } from "../args";
import { iso, json, keyValues, plural, prettyJson, table, type Column } from "../output";
import { lazyModule } from "../../lazy";

// Loaded when first used (see lazyModule).
const cli = lazyModule(() => require("../../generated/cli.queries") as typeof import("../../generated/cli.queries"));
const enqueue = lazyModule(() => require("../../generated/enqueue.queries") as typeof import("../../generated/enqueue.queries"));
import { RULES } from "../../rules";
import type { IListJobsParams } from "../../generated/cli.queries";
import type { IAddJobParams } from "../../generated/enqueue.queries";
import type { Job } from "../../types";
import type { WorkerUtils } from "../../worker-utils";
import {
  checkSchema,
  integerOption,
  jobIds,
  onePositional,
  parseJobId,
  stringOption,
  timestampOption,
  withDb,
  withUtils,
  type Command,
  type Context,
} from "./common";

/**
 * A job as the commands print it: state when it was read; payload_text (the
 * database's own JSON text, printed as it is: every digit, any depth) when
 * the command shows the payload.
 */
type JobRow = Omit<Job, "payload" | "flags"> & { flags: unknown; state?: string; payload?: unknown; payload_text?: string };

const STATES = ["all", "ready", "scheduled", "locked", "failed"];
const JOB_KEY_MODES: readonly string[] = RULES.jobKeyModes;

/** A job as one line of JSON; its payload is spliced in as the database's own text. */
function jobJsonText(job: JobRow): string {
  if (job.payload_text === undefined) return json(jobJson(job));
  const marker = "\u0000payload\u0000";
  // Valid JSON text holds raw tabs and newlines only between tokens: spaces keep it one line.
  const payload = job.payload_text.replace(/[\t\n\r]+/g, " ");
  return json({ ...jobJson(job), payload: marker }).replace(JSON.stringify(marker), () => payload);
}

/** The JSON of a job: ids as strings, timestamps as ISO 8601, flags as a sorted list. */
export function jobJson(job: JobRow) {
  return {
    id: job.id,
    ...(job.state === undefined ? {} : { state: job.state }),
    task_identifier: job.task_identifier,
    queue_name: job.queue_name,
    priority: job.priority,
    run_at: iso(job.run_at),
    attempts: job.attempts,
    max_attempts: job.max_attempts,
    key: job.key,
    locked_at: iso(job.locked_at),
    locked_by: job.locked_by,
    last_error: job.last_error,
    flags: flagList(job.flags),
    revision: job.revision,
    created_at: iso(job.created_at),
    updated_at: iso(job.updated_at),
    ...("payload" in job ? { payload: job.payload } : {}),
  };
}

function flagList(flags: unknown): string[] | null {
  return flags !== null && typeof flags === "object" ? Object.keys(flags).sort() : null;
}

function jobTable(jobs: readonly JobRow[]): string {
  const columns: Column<JobRow>[] = [
    { header: "ID", value: (j) => j.id, align: "right" },
    ...(jobs.some((j) => j.state !== undefined) ? [{ header: "STATE", value: (j: JobRow) => j.state }] : []),
    { header: "TASK", value: (j) => j.task_identifier },
    { header: "QUEUE", value: (j) => j.queue_name },
    { header: "PRIORITY", value: (j) => j.priority, align: "right" },
    { header: "RUN_AT", value: (j) => iso(j.run_at) },
    { header: "ATTEMPTS", value: (j) => `${j.attempts}/${j.max_attempts}`, align: "right" },
    { header: "KEY", value: (j) => j.key },
    { header: "LOCKED_BY", value: (j) => j.locked_by },
    { header: "LAST_ERROR", value: (j) => j.last_error },
  ];
  return table(jobs, columns);
}

function jobDetails(job: JobRow): string {
  const flags = flagList(job.flags);
  return keyValues([
    ["id", job.id],
    ...(job.state === undefined ? [] : [["state", job.state] as [string, string]]),
    ["task_identifier", job.task_identifier],
    ["queue_name", job.queue_name],
    ["priority", job.priority],
    ["run_at", iso(job.run_at)],
    ["attempts", `${job.attempts} of ${job.max_attempts}`],
    ["key", job.key],
    ["locked_at", iso(job.locked_at)],
    ["locked_by", job.locked_by],
    ["last_error", job.last_error],
    ["flags", flags && flags.join(", ")],
    ["revision", job.revision],
    ["created_at", iso(job.created_at)],
    ["updated_at", iso(job.updated_at)],
    ...(job.payload_text !== undefined ? [["payload", prettyJson(job.payload_text)] as [string, string]] : []),
  ]);
}

function byId(a: { id: string }, b: { id: string }): number {
  const [x, y] = [BigInt(a.id), BigInt(b.id)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The payload of `add`: JSON text, checked here and stored as given. */
function payloadText(context: Context): string | null {
  const inline = context.options.payload;
  const file = context.options["payload-file"];
  if (typeof inline === "string" && typeof file === "string") {
    throw new UsageError("give --payload or --payload-file, not both");
  }
  let text: string;
  let source: string;
  if (typeof inline === "string") {
    [text, source] = [inline, "--payload"];
  } else if (typeof file === "string") {
    source = `--payload-file ${file}`;
    try {
      text = readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new Error(`${source}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
    }
  } else {
    return null;
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  return text;
}

export const add: Command = {
  name: "add",
  usage: "<identifier>",
  summary: "Add a job, or update the waiting job with the same --key, and print it.",
  options: [
    { name: "payload", type: "string", value: "JSON", description: "the job's payload (default {})" },
    { name: "payload-file", type: "string", value: "PATH", description: "read the payload from a file (- reads stdin)" },
    { name: "queue", type: "string", value: "NAME", description: "named queue: its jobs run one at a time, in order" },
    { name: "run-at", type: "string", value: "ISO|now", description: "run no earlier than this (default now)" },
    { name: "max-attempts", type: "string", value: "N", description: "attempts before the job is permanently failed (default 25)" },
    { name: "key", type: "string", value: "KEY", description: "job key: a later add with this key updates the waiting job" },
    { name: "job-key-mode", type: "string", value: "MODE", description: "replace (default), preserve_run_at or unsafe_dedupe; needs --key" },
    { name: "priority", type: "string", value: "N", description: "lower runs first (default 0)" },
    { name: "flag", type: "list", value: "FLAG", description: "a flag, which workers can refuse with --forbidden-flag (repeatable)" },
  ],
  examples: [
    `graphile-worker add send_email --payload '{"to":"user@example.com"}'`,
    "graphile-worker add report --payload-file report.json --queue reports --run-at 2026-01-02T03:04:05Z --key report:42",
  ],
  async run(context) {
    checkSchema(context);
    const identifier = onePositional(context, "task identifier");
    if ([...identifier].length > RULES.nameMaxLength) {
      throw new UsageError(`the task identifier must be at most ${RULES.nameMaxLength} characters (got ${[...identifier].length})`);
    }
    const payload = payloadText(context);
    const jobKey = stringOption(context, "key", { maxLength: RULES.keyMaxLength });
    const jobKeyMode = stringOption(context, "job-key-mode");
    if (jobKeyMode !== undefined && !JOB_KEY_MODES.includes(jobKeyMode)) {
      throw new UsageError(`--job-key-mode must be one of ${JOB_KEY_MODES.join(", ")} (got ${JSON.stringify(jobKeyMode)})`);
    }
    if (jobKeyMode !== undefined && jobKey === undefined) throw new UsageError("--job-key-mode needs --key");
    const flags = (context.options.flag as string[] | undefined) ?? null;
    if (flags?.includes("")) throw new UsageError("--flag must not be empty");
    const params: IAddJobParams = {
      identifier,
      payload,
      queueName: stringOption(context, "queue", { maxLength: RULES.nameMaxLength }) ?? null,
      runAt: timestampOption(context, "run-at") ?? null,
      maxAttempts: integerOption(context, "max-attempts", 1, RULES.maxAttemptsMax) ?? null,
      jobKey: jobKey ?? null,
      jobKeyMode: jobKeyMode ?? null,
      priority: integerOption(context, "priority", RULES.priorityMin, RULES.priorityMax) ?? null,
      flags,
    };
    // The generated query rather than utils.addJob: the payload goes to the
    // database as the text given, so large numbers keep every digit.
    const [added] = await withDb(context, (db) => db.run(enqueue.addJob, params));
    // The job's payload is what was sent (add_job returns the caller's own values).
    const job: JobRow = { ...added, payload_text: payload ?? "{}" };
    context.out(context.json ? jobJsonText(job) : jobDetails(job));
  },
};

export const list: Command = {
  name: "list",
  summary: "List jobs in run order (priority, run_at, id), without payloads.",
  options: [
    { name: "state", type: "string", value: "STATE", description: "ready, scheduled, locked, failed or all (default all)" },
    { name: "identifier", type: "string", value: "ID", description: "only jobs of this task" },
    { name: "queue", type: "string", value: "NAME", description: "only jobs of this named queue" },
    { name: "limit", type: "string", value: "N", description: "at most N jobs (default 50)" },
    { name: "offset", type: "string", value: "N", description: "skip the first N jobs (default 0)" },
  ],
  examples: ["graphile-worker list --state ready", "graphile-worker list --state failed --identifier send_email --limit 10"],
  async run(context) {
    checkSchema(context);
    if (context.positionals.length) {
      throw new UsageError(`unexpected argument ${JSON.stringify(context.positionals[0])} (filter with --state, --identifier, --queue)`);
    }
    const state = stringOption(context, "state") ?? "all";
    if (!STATES.includes(state)) throw new UsageError(`--state must be one of ${STATES.join(", ")} (got ${JSON.stringify(state)})`);
    const params: IListJobsParams = {
      state,
      identifier: stringOption(context, "identifier") ?? null,
      queueName: stringOption(context, "queue") ?? null,
      limit: integerOption(context, "limit", 1, 100_000) ?? 50,
      offset: integerOption(context, "offset", 0, 2_147_483_647) ?? 0,
    };
    const jobs = await withDb(context, (db) => db.run(cli.listJobs, params));
    if (context.json) {
      context.out(json({ jobs: jobs.map(jobJson), limit: params.limit, offset: params.offset }));
      return;
    }
    if (jobs.length === 0) {
      context.out(params.offset ? `no jobs from offset ${params.offset}` : "no jobs");
      return;
    }
    context.out(jobTable(jobs));
    if (jobs.length === params.limit) {
      context.out(`(first ${params.limit} from offset ${params.offset}; for more: --offset ${params.offset + params.limit})`);
    }
  },
};

export const show: Command = {
  name: "show",
  usage: "<id>",
  summary: "Show one job, with its state and payload.",
  options: [],
  examples: ["graphile-worker show 123", "graphile-worker show 123 --json | jq .payload"],
  async run(context) {
    checkSchema(context);
    const id = parseJobId(onePositional(context, "job id"));
    const [job] = await withDb(context, (db) => db.run(cli.showJob, { id }));
    if (!job) throw new Error(`no job with id ${id}`);
    context.out(context.json ? jobJsonText(job) : jobDetails(job));
  },
};

/**
 * complete, fail, reschedule: the jobs that changed, and the requested ids
 * left alone (running jobs, and ids with no job).
 */
async function changeJobs(
  context: Context,
  ids: string[],
  done: string,
  change: (utils: WorkerUtils) => Promise<Job[]>,
): Promise<void> {
  const jobs = (await withUtils(context, change)).sort(byId);
  const changed = new Set(jobs.map((job) => job.id));
  const leftAlone = ids.filter((id) => !changed.has(id));
  if (context.json) {
    context.out(json({ jobs: jobs.map(jobJson), left_alone: leftAlone }));
    return;
  }
  if (jobs.length) context.out(jobTable(jobs));
  const summary = `${done} ${plural(jobs.length, "job")} of ${ids.length} requested`;
  context.out(
    leftAlone.length
      ? `${summary}; left alone ${leftAlone.length} (running, or no such job): ${leftAlone.join(", ")}`
      : summary,
  );
}

export const complete: Command = {
  name: "complete",
  usage: "<id>...",
  summary: "Mark jobs as done (deletes them); running jobs are left alone.",
  options: [],
  examples: ["graphile-worker complete 123 124"],
  async run(context) {
    checkSchema(context);
    const ids = jobIds(context);
    await changeJobs(context, ids, "completed", (utils) => utils.completeJobs(ids));
  },
};

export const fail: Command = {
  name: "fail",
  usage: "<id>...",
  summary: "Mark jobs as permanently failed (no attempts left); running jobs are left alone.",
  options: [{ name: "reason", type: "string", value: "TEXT", description: "stored as the jobs' last_error (default: Manually marked as failed)" }],
  examples: ['graphile-worker fail 125 --reason "invalid payload"'],
  async run(context) {
    checkSchema(context);
    const ids = jobIds(context);
    const reason = stringOption(context, "reason") ?? null;
    await changeJobs(context, ids, "failed", (utils) => utils.permanentlyFailJobs(ids, reason));
  },
};

export const reschedule: Command = {
  name: "reschedule",
  usage: "<id>...",
  summary: "Change when and how jobs run; options left out stay unchanged; running jobs are left alone.",
  options: [
    { name: "now", type: "boolean", description: "run now (same as --run-at now)" },
    { name: "run-at", type: "string", value: "ISO|now", description: "run no earlier than this" },
    { name: "priority", type: "string", value: "N", description: "lower runs first" },
    { name: "attempts", type: "string", value: "N", description: "attempts used so far (0 gives every attempt back)" },
    { name: "max-attempts", type: "string", value: "N", description: "attempts before the job is permanently failed" },
  ],
  examples: [
    "graphile-worker reschedule 126 --run-at 2026-01-02T03:04:05Z",
    "graphile-worker reschedule 127 128 --now --attempts 0",
  ],
  async run(context) {
    checkSchema(context);
    const ids = jobIds(context);
    if (context.options.now && context.options["run-at"] !== undefined) {
      throw new UsageError("give --now or --run-at, not both");
    }
    const changes = {
      runAt: context.options.now ? "now" : timestampOption(context, "run-at") ?? null,
      priority: integerOption(context, "priority", RULES.priorityMin, RULES.priorityMax) ?? null,
      attempts: integerOption(context, "attempts", 0, RULES.maxAttemptsMax) ?? null,
      maxAttempts: integerOption(context, "max-attempts", 1, RULES.maxAttemptsMax) ?? null,
    };
    if (Object.values(changes).every((value) => value === null)) {
      throw new UsageError("nothing to change: give --now, --run-at, --priority, --attempts or --max-attempts");
    }
    await changeJobs(context, ids, "rescheduled", (utils) => utils.rescheduleJobs(ids, changes));
  },
};

export const remove: Command = {
  name: "remove",
  usage: "<key>",
  summary: "Remove the waiting job with this key; a running one keeps running but loses its key and is not retried.",
  options: [],
  examples: ["graphile-worker remove cli-job-key"],
  async run(context) {
    checkSchema(context);
    const key = onePositional(context, "job key");
    const job = await withUtils(context, (utils) => utils.removeJob(key));
    // A deleted job keeps its key; a running one comes back without it.
    const detached = job !== null && job.key === null;
    if (context.json) {
      context.out(json({ job: job && jobJson(job), detached }));
    } else if (!job) {
      context.out(`no job has key ${JSON.stringify(key)}`);
    } else {
      context.out(jobTable([job]));
      context.out(
        detached
          ? `job ${job.id} is running (locked by ${job.locked_by}): it keeps running, without its key, and will not be retried`
          : `removed job ${job.id}`,
      );
    }
  },
};
