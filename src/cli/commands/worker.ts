/**
 * graphile-worker's own command line, for a bare `graphile-worker [options]`
 * (no subcommand): migrate, then run the task modules of ./tasks until
 * stopped; `--once` until no job is runnable; `--schema-only` migrate and
 * exit; `--cleanup TASKS` clean up and exit. Every option here has its
 * upstream spelling. (New options go in `options` and are read in `run`.)
 */
import { join } from "node:path";
import { UsageError } from "../args";
import { MAX_TIMER, parseDuration, parseInteger } from "../durations";
import { json, table } from "../output";
import { RULES, type CleanupTask } from "../../rules";
import type { RunnerOptions } from "../../runner/runner";
import { loadTaskDirectory } from "../../runner/task-directory";
import type { TaskList } from "../../runner/types";
import { checkSchema, connection, LOG_OPTIONS, loggerOptions, noPositionals, withPool, type Command } from "./common";
import { lazyModule } from "../../lazy";

// Loaded when first used (see lazyModule).
const migration = lazyModule(() => require("../../migrate") as typeof import("../../migrate"));
const runner = lazyModule(() => require("../../runner/runner") as typeof import("../../runner/runner"));
const utils = lazyModule(() => require("../../worker-utils") as typeof import("../../worker-utils"));

/** graphile-worker's message when it has nowhere to connect. */
const NO_CONNECTION =
  "Please use `--connection` flag, set `DATABASE_URL` or `PGDATABASE` envvars to indicate the PostgreSQL connection to use.";

export const worker: Command = {
  name: "",
  summary: "Migrate, then run the task modules of ./tasks (graphile-worker's command line).",
  options: [
    { name: "once", type: "boolean", description: "run until there are no runnable jobs left, then exit" },
    { name: "schema-only", type: "boolean", description: "just install (or update) the database schema, then exit" },
    { name: "cleanup", type: "string", value: "TASKS", description: `clean the database, then exit: a comma-separated list of ${RULES.cleanupTasks.join(", ")}` },
    { name: "jobs", short: "j", type: "string", value: "N", description: "number of jobs to run concurrently (default 1)" },
    { name: "max-pool-size", short: "m", type: "string", value: "N", description: "maximum size of the PostgreSQL pool (default jobs + 3)" },
    { name: "poll-interval", type: "string", value: "DURATION", description: "how long to wait between polls for jobs that became due, in milliseconds or as 2s (default 2000)" },
    { name: "no-prepared-statements", type: "boolean", description: "accepted for graphile-worker's sake; this package never uses named prepared statements" },
    ...LOG_OPTIONS,
  ],
  examples: [
    "graphile-worker -c postgres://localhost/app --jobs 4",
    "graphile-worker --once",
    "graphile-worker --schema-only",
    "graphile-worker --cleanup GC_JOB_QUEUES,GC_TASK_IDENTIFIERS",
  ],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    const o = context.options;
    const modes = (["once", "schema-only", "cleanup"] as const).filter((name) => o[name] !== undefined);
    if (o.once && o["schema-only"]) throw new UsageError("Cannot specify both --once and --schema-only");
    if (modes.length > 1) throw new UsageError(`give one of --${modes.join(", --")}`);
    const cleanupTasks = typeof o.cleanup === "string" ? parseCleanup(o.cleanup) : null;
    const concurrency = typeof o.jobs === "string" ? parseInteger(o.jobs, "jobs", 1, 10_000) : undefined;
    const maxPoolSize = typeof o["max-pool-size"] === "string" ? parseInteger(o["max-pool-size"] as string, "max-pool-size", 2, 10_000) : undefined;
    const pollInterval =
      typeof o["poll-interval"] === "string" ? parseDuration(o["poll-interval"] as string, "poll-interval", MAX_TIMER, { bareMs: true }) : undefined;
    if (pollInterval === 0) throw new UsageError("--poll-interval must be longer than 0");
    const logger = loggerOptions(context);
    let where: { connectionString?: string };
    try {
      where = connection(context);
    } catch {
      throw new Error(NO_CONNECTION);
    }

    // graphile-worker migrates first, whatever it then does.
    await withPool(context, (pool) =>
      migration.migrate(pool, { schema: context.schema, log: (line) => logger.info(line), warn: (line) => logger.warn(line) }),
    );
    if (o["schema-only"]) {
      context.out(context.json ? json({ schema: context.schema, updated: true }) : "Schema updated");
      return;
    }

    const directory = join(process.cwd(), "tasks");
    if (cleanupTasks) {
      // The tasks of ./tasks, when there is such a folder, keep their identifiers.
      const keep = Object.keys(await loadTaskDirectory(directory, logger).catch((): TaskList => ({})));
      const results = await withPool(context, (pool) =>
        new utils.WorkerUtils({ pgPool: pool, schema: context.schema }).cleanup({ tasks: cleanupTasks, taskIdentifiersToKeep: keep }),
      );
      context.out(
        context.json
          ? json({ tasks: results })
          : table(results, [
              { header: "TASK", value: (r) => r.task },
              { header: "DELETED", value: (r) => r.deleted, align: "right" },
            ]),
      );
      return;
    }

    const options: RunnerOptions = {
      ...where,
      schema: context.schema,
      taskList: await loadTaskDirectory(directory, logger),
      concurrency,
      maxPoolSize,
      pollInterval,
      logger,
      migrate: false,
    };
    if (o.once) {
      await runner.runOnce(options);
    } else {
      const running = await runner.run(options);
      await running.promise;
    }
  },
};

/** "GC_JOB_QUEUES, gc_task_identifiers" -> the tasks, checked. */
function parseCleanup(text: string): CleanupTask[] {
  const names = text.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.length === 0) throw new UsageError(`--cleanup needs one or more of ${RULES.cleanupTasks.join(", ")}, separated by commas`);
  const unknown = names.find((name) => !(RULES.cleanupTasks as readonly string[]).includes(name.toUpperCase()));
  if (unknown !== undefined) {
    throw new UsageError(`unknown cleanup task ${JSON.stringify(unknown)}; the tasks are ${RULES.cleanupTasks.join(", ")}`);
  }
  return [...new Set(names.map((name) => name.toUpperCase() as CleanupTask))];
}
