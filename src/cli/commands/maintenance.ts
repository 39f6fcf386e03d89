/** Maintenance and recovery: cleanup, force-unlock, sweep-stale-workers. */
import { UsageError } from "../args";
import { age, json, plural, table } from "../output";
import { RULES, type CleanupTask } from "../../rules";
import { checkSchema, durationOption, noPositionals, somePositionals, withUtils, type Command } from "./common";

const CLEANUP_TASKS: readonly string[] = RULES.cleanupTasks;

export const cleanup: Command = {
  name: "cleanup",
  usage: "[DELETE_PERMAFAILED_JOBS|GC_JOB_QUEUES|GC_TASK_IDENTIFIERS]...",
  summary: "Delete queues no job uses (GC_JOB_QUEUES, the default, as graphile-worker), task identifiers no job uses, or permanently failed jobs.",
  options: [],
  examples: ["graphile-worker cleanup", "graphile-worker cleanup DELETE_PERMAFAILED_JOBS GC_JOB_QUEUES GC_TASK_IDENTIFIERS"],
  async run(context) {
    checkSchema(context);
    const unknown = context.positionals.find((name) => !CLEANUP_TASKS.includes(name.toUpperCase()));
    if (unknown !== undefined) {
      throw new UsageError(`unknown cleanup task ${JSON.stringify(unknown)}; the tasks are ${CLEANUP_TASKS.join(", ")}`);
    }
    const tasks = [...new Set(context.positionals.map((name) => name.toUpperCase()))];
    const results = await withUtils(context, (utils) =>
      utils.cleanup(tasks.length ? { tasks: tasks as CleanupTask[] } : {}),
    );
    if (context.json) {
      context.out(json({ tasks: results.map(({ task, deleted }) => ({ task, deleted })) }));
    } else {
      context.out(
        table(results, [
          { header: "TASK", value: (r) => r.task },
          { header: "DELETED", value: (r) => r.deleted, align: "right" },
        ]),
      );
    }
  },
};

export const forceUnlock: Command = {
  name: "force-unlock",
  usage: "<worker-id>...",
  summary: "Clear every job and queue lock held by these workers, which must be gone (their jobs can run again).",
  options: [],
  examples: ["graphile-worker force-unlock graphile_worker_deadbeef"],
  async run(context) {
    checkSchema(context);
    const workerIds = somePositionals(context, "worker id");
    await withUtils(context, async (utils) => {
      // Unlocking a live worker lets its running jobs run twice: say so.
      const alive = (await utils.listActiveWorkers()).filter((w) => workerIds.includes(w.worker_id) && !w.is_stale);
      for (const worker of alive) {
        context.err(
          `warning: worker ${worker.worker_id} is registered and heartbeating (last at ${worker.last_heartbeat_at.toISOString()}); ` +
            "if it is still running, the jobs it holds may run twice",
        );
      }
      await utils.forceUnlockWorkers(workerIds);
    });
    if (context.json) {
      context.out(json({ worker_ids: workerIds }));
    } else {
      context.out(`cleared the job and queue locks held by ${plural(workerIds.length, "worker")}: ${workerIds.join(", ")}`);
    }
  },
};

export const sweepStaleWorkers: Command = {
  name: "sweep-stale-workers",
  summary: "Recover the jobs and queues of workers that stopped heartbeating, or hold old locks without being registered.",
  options: [
    { name: "sweep-threshold", type: "string", value: "DURATION", description: "a worker silent this long is dead (default 5m)" },
    { name: "recovery-delay", type: "string", value: "DURATION", description: "recovered jobs wait this long before running again (default 30s)" },
    { name: "dry-run", type: "boolean", description: "change nothing; report what a sweep would recover" },
  ],
  examples: [
    "graphile-worker sweep-stale-workers --sweep-threshold 5m --recovery-delay 30s",
    "graphile-worker sweep-stale-workers --dry-run",
  ],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    const options = {
      sweepThreshold: durationOption(context, "sweep-threshold", { positive: true }) ?? 300_000,
      recoveryDelay: durationOption(context, "recovery-delay") ?? 30_000,
      dryRun: context.options["dry-run"] === true,
    };
    const result = await withUtils(context, (utils) => utils.sweepStaleWorkers(options));
    if (context.json) {
      context.out(
        json({
          dry_run: options.dryRun,
          dead_worker_ids: result.dead_worker_ids,
          jobs_recovered: result.jobs_recovered,
          queues_unlocked: result.queues_unlocked,
          another_sweep_running: result.another_sweep_running,
        }),
      );
      return;
    }
    if (result.another_sweep_running) {
      context.out("another sweep is running; this one did nothing (try again when it is done)");
      return;
    }
    const dead = result.dead_worker_ids.length
      ? `${plural(result.dead_worker_ids.length, "dead worker")} (silent for over ${age(options.sweepThreshold / 1000)}): ${result.dead_worker_ids.join(", ")}`
      : "no dead workers";
    const jobs = plural(result.jobs_recovered, "job");
    const queues = plural(result.queues_unlocked, "queue");
    if (options.dryRun) {
      context.out(`dry run: ${dead}; a sweep would recover ${jobs} and unlock ${queues}`);
      return;
    }
    const when = options.recoveryDelay ? `runnable again in ${age(options.recoveryDelay / 1000)}` : "runnable again now";
    context.out(`${dead}; recovered ${jobs}${result.jobs_recovered ? ` (${when})` : ""} and unlocked ${queues}`);
  },
};
