/** Looking at the queue as a whole: stats, queues (and pausing them), tasks (pausing them), workers. */
import { UsageError } from "../args";
import { age, iso, json, keyValues, secondsOrNull, table } from "../output";
import { lazyModule } from "../../lazy";

// Loaded when first used (see lazyModule).
const cli = lazyModule(() => require("../../generated/cli.queries") as typeof import("../../generated/cli.queries"));
import { RULES } from "../../rules";
import { checkSchema, durationOption, noPositionals, withDb, withUtils, type Command, type Context } from "./common";

export const stats: Command = {
  name: "stats",
  summary:
    "Count jobs by state (and those waiting for a retry), named queues, running queues and registered workers; counts beyond 1,000 jobs in a state are estimated.",
  options: [],
  examples: ["graphile-worker stats", "graphile-worker stats --json | jq .jobs.failed"],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    const [s] = await withDb(context, (db) => db.run(cli.stats, undefined as never));
    const shape = {
      jobs: {
        ready: s.ready,
        scheduled: s.scheduled,
        locked: s.locked,
        failed: s.failed,
        total: s.total,
        waiting_for_retry: s.waiting_for_retry,
        estimated: s.estimated,
      },
      queues: { named: s.queues, running: s.running_queues },
      workers: { registered: s.workers },
      last_swept_at: iso(s.last_swept_at),
    };
    if (context.json) {
      context.out(json(shape));
      return;
    }
    context.out(
      keyValues([
        ["jobs ready", s.ready],
        ["jobs scheduled", s.scheduled],
        ["  waiting for a retry", s.waiting_for_retry],
        ["jobs locked", s.locked],
        ["jobs failed", s.failed],
        ["jobs total", s.estimated ? `${s.total} (estimated)` : s.total],
        ["named queues", s.queues],
        ["  running", s.running_queues],
        ["registered workers", s.workers],
        ["last sweep", iso(s.last_swept_at) ?? "never"],
      ]),
    );
  },
};

/** `queues pause|resume NAME` and `tasks pause|resume ID`: the action and the name, checked before connecting. */
function pauseArguments(context: Context, what: string): { action: "pause" | "resume"; name: string } {
  const [action, name, extra] = context.positionals;
  if (action !== "pause" && action !== "resume") {
    throw new UsageError(`unknown action ${JSON.stringify(action)}; the actions are pause and resume`);
  }
  if (name === undefined) throw new UsageError(`missing ${what}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)} (give one ${what})`);
  if (name === "") throw new UsageError(`${what} must not be empty`);
  if (name.length > RULES.nameMaxLength) {
    throw new UsageError(`${what} must be at most ${RULES.nameMaxLength} characters (got ${name.length})`);
  }
  return { action, name };
}

/** Prints what a pause or resume did. */
function pauseResult(context: Context, kind: "queue" | "task", action: "pause" | "resume", name: string, changed: boolean): void {
  const paused = action === "pause";
  if (context.json) {
    context.out(json({ [kind === "queue" ? "queue_name" : "task_identifier"]: name, paused, changed }));
  } else {
    const state = paused ? "paused" : "resumed";
    context.out(changed ? `${kind} ${name} ${state}` : `${kind} ${name} was already ${paused ? "paused" : "running"}`);
  }
}

export const queues: Command = {
  name: "queues",
  usage: "[pause|resume <queue-name>]",
  summary:
    "List the named queues (waiting and running jobs, paused or not, head job, lock holder); or pause a queue (its jobs wait, a running one finishes) or resume it.",
  options: [],
  examples: ["graphile-worker queues", "graphile-worker queues pause emails", "graphile-worker queues resume emails"],
  async run(context) {
    checkSchema(context);
    if (context.positionals.length) {
      const { action, name } = pauseArguments(context, "queue name");
      const changed = await withUtils(context, (utils) => (action === "pause" ? utils.pauseQueue(name) : utils.resumeQueue(name)));
      pauseResult(context, "queue", action, name, changed);
      return;
    }
    const rows = await withDb(context, (db) => db.run(cli.listQueues, undefined as never));
    if (context.json) {
      context.out(
        json({
          queues: rows.map((q) => ({
            queue_name: q.queue_name,
            waiting: q.waiting,
            waiting_capped: q.waiting_capped,
            running: q.running,
            paused: q.paused,
            head_job_id: q.head_job_id,
            locked_by: q.locked_by,
            locked_at: iso(q.locked_at),
            lock_age_seconds: secondsOrNull(q.lock_age_seconds),
          })),
        }),
      );
    } else if (rows.length === 0) {
      context.out("no named queues");
    } else {
      context.out(
        table(rows, [
          { header: "QUEUE", value: (q) => q.queue_name },
          { header: "WAITING", value: (q) => (q.waiting_capped ? `${q.waiting}+` : q.waiting), align: "right" },
          { header: "RUNNING", value: (q) => q.running, align: "right" },
          { header: "PAUSED", value: (q) => (q.paused ? "paused" : "no") },
          { header: "HEAD", value: (q) => q.head_job_id },
          { header: "LOCKED_BY", value: (q) => q.locked_by },
          { header: "LOCKED_AT", value: (q) => iso(q.locked_at) },
          { header: "LOCK_AGE", value: (q) => (q.locked_at ? age(q.lock_age_seconds) : null) },
        ]),
      );
    }
  },
};

export const tasks: Command = {
  name: "tasks",
  usage: "pause|resume <task-identifier>",
  summary: "Pause a task (no worker fetches its jobs, which wait; running ones finish), or resume it.",
  options: [],
  examples: ["graphile-worker tasks pause send_email", "graphile-worker tasks resume send_email"],
  async run(context) {
    checkSchema(context);
    if (context.positionals.length === 0) throw new UsageError("missing action (pause or resume)");
    const { action, name } = pauseArguments(context, "task identifier");
    const changed = await withUtils(context, (utils) => (action === "pause" ? utils.pauseTask(name) : utils.resumeTask(name)));
    pauseResult(context, "task", action, name, changed);
  },
};

export const workers: Command = {
  name: "workers",
  summary: "List registered workers (heartbeat, staleness, locks held), and unregistered workers that still hold locks.",
  options: [
    { name: "threshold", type: "string", value: "DURATION", description: "a worker silent (or a lock held) this long is stale (default 5m)" },
  ],
  examples: ["graphile-worker workers", "graphile-worker workers --threshold 1m --json"],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    const threshold = durationOption(context, "threshold", { positive: true }) ?? 300_000;
    const rows = await withDb(context, (db) =>
      db.run(cli.listWorkers, { thresholdSeconds: threshold / 1000 }),
    );
    const registered = rows.filter((w) => w.registered);
    const unregistered = rows.filter((w) => !w.registered);
    if (context.json) {
      context.out(
        json({
          threshold_seconds: threshold / 1000,
          workers: registered.map((w) => ({
            worker_id: w.worker_id,
            started_at: iso(w.started_at),
            last_heartbeat_at: iso(w.last_heartbeat_at),
            heartbeat_age_seconds: secondsOrNull(w.heartbeat_age_seconds),
            is_stale: w.is_stale,
            jobs_locked: w.jobs_locked,
            queues_locked: w.queues_locked,
            metadata: w.metadata,
          })),
          unregistered_lock_holders: unregistered.map((w) => ({
            worker_id: w.worker_id,
            jobs_locked: w.jobs_locked,
            queues_locked: w.queues_locked,
            oldest_locked_at: iso(w.oldest_locked_at),
            oldest_lock_age_seconds: secondsOrNull(w.oldest_lock_age_seconds),
            is_stale: w.is_stale,
          })),
        }),
      );
      return;
    }
    context.out(
      registered.length === 0
        ? "no registered workers"
        : table(registered, [
            { header: "WORKER", value: (w) => w.worker_id },
            { header: "HEARTBEAT_AGE", value: (w) => age(w.heartbeat_age_seconds), align: "right" },
            { header: "STALE", value: (w) => (w.is_stale ? "stale" : "no") },
            { header: "JOBS", value: (w) => w.jobs_locked, align: "right" },
            { header: "QUEUES", value: (w) => w.queues_locked, align: "right" },
            { header: "STARTED_AT", value: (w) => iso(w.started_at) },
          ]),
    );
    if (unregistered.length) {
      context.out("\nunregistered workers holding locks:");
      context.out(
        table(unregistered, [
          { header: "WORKER", value: (w) => w.worker_id },
          { header: "JOBS", value: (w) => w.jobs_locked, align: "right" },
          { header: "QUEUES", value: (w) => w.queues_locked, align: "right" },
          { header: "OLDEST_LOCK_AGE", value: (w) => age(w.oldest_lock_age_seconds), align: "right" },
          { header: "STALE", value: (w) => (w.is_stale ? "stale" : "no") },
          { header: "OLDEST_LOCKED_AT", value: (w) => iso(w.oldest_locked_at) },
        ]),
      );
    }
  },
};
