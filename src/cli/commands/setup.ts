/** Setting a queue up and running it: migrate, run, install-sql. */
import { UsageError } from "../args";
import { MAX_TIMER, parseDuration, parseInteger } from "../durations";
import { loadTaskDirectory } from "../tasks";
import { json } from "../output";
import { installSql as installScript, migrate as migrateSchema } from "../../migrate";
import { consoleLogger } from "../../logger";
import { run as runWorker, runOnce, type RunnerOptions } from "../../runner/runner";
import { checkSchema, noPositionals, withPool, type Command } from "./common";

export const migrate: Command = {
  name: "migrate",
  summary: "Create or update the queue's schema in the database.",
  options: [],
  examples: ["graphile-worker migrate --database-url postgres://localhost/app"],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    const result = await withPool(context, (pool) =>
      migrateSchema(pool, { schema: context.schema, log: context.json ? undefined : (line) => context.err(line) }),
    );
    if (context.json) {
      context.out(json({ schema: context.schema, version: result.version, applied: result.applied.map((m) => m.name) }));
    } else if (result.applied.length === 0) {
      context.out(`schema ${context.schema} is up to date (migration ${result.version})`);
    } else {
      context.out(`schema ${context.schema} migrated to migration ${result.version} (${result.applied.length} applied)`);
    }
  },
};

export const run: Command = {
  name: "run",
  summary: "Run the task modules of a folder (one file per task) until stopped, or --once until no job is runnable.",
  options: [
    { name: "tasks", type: "string", value: "DIR", description: "folder of task modules: send_email.js runs send_email jobs (required)" },
    { name: "concurrency", type: "string", value: "N", description: "jobs run at the same time (default 1)" },
    { name: "once", type: "boolean", description: "stop when no job is runnable" },
    { name: "poll-interval", type: "string", value: "DURATION", description: "how often an idle worker looks for due jobs (default 2s)" },
    { name: "prefetch", type: "string", value: "N", description: "jobs fetched ahead of free slots (default 0)" },
    { name: "completion-delay", type: "string", value: "DURATION", description: "wait this long to complete jobs together (default 0ms)" },
    { name: "forbidden-flag", type: "list", value: "FLAG", description: "do not run jobs carrying this flag (repeatable)" },
    { name: "worker-id", type: "string", value: "ID", description: "this worker's id (default worker-<random>)" },
    { name: "shutdown-timeout", type: "string", value: "DURATION", description: "how long a stop waits for running jobs (default 10s)" },
    { name: "sweep-threshold", type: "string", value: "DURATION", description: "a worker silent this long is dead (default 5m)" },
    { name: "recovery-delay", type: "string", value: "DURATION", description: "recovered jobs wait this long (default 30s)" },
    { name: "heartbeat-interval", type: "string", value: "DURATION", description: "heartbeat period (default 30s)" },
    { name: "sweep-interval", type: "string", value: "DURATION", description: "period of this worker's stale-worker sweep (default 1m)" },
  ],
  examples: [
    "graphile-worker run --tasks ./tasks --concurrency 10",
    "graphile-worker run --tasks ./tasks --once",
  ],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    const o = context.options;
    if (typeof o.tasks !== "string") throw new UsageError("--tasks DIR is required");
    const duration = (name: string) => (typeof o[name] === "string" ? parseDuration(o[name] as string, name, MAX_TIMER) : undefined);
    const options: RunnerOptions = {
      connectionString: context.databaseUrl,
      schema: context.schema,
      taskList: {},
      concurrency: typeof o.concurrency === "string" ? parseInteger(o.concurrency, "concurrency", 1, 10_000) : undefined,
      prefetch: typeof o.prefetch === "string" ? parseInteger(o.prefetch, "prefetch", 0, 100_000) : undefined,
      pollInterval: duration("poll-interval"),
      completionDelay: duration("completion-delay"),
      forbiddenFlags: (o["forbidden-flag"] as string[] | undefined) ?? null,
      workerId: o["worker-id"] as string | undefined,
      shutdownTimeout: duration("shutdown-timeout"),
      sweepThreshold: duration("sweep-threshold"),
      recoveryDelay: duration("recovery-delay"),
      heartbeatInterval: duration("heartbeat-interval"),
      sweepInterval: duration("sweep-interval"),
      logger: consoleLogger(),
    };
    if (!context.databaseUrl) throw new Error("no database given: pass --database-url or set DATABASE_URL");
    options.taskList = await loadTaskDirectory(o.tasks);
    if (o.once) {
      await runOnce(options);
    } else {
      const runner = await runWorker(options);
      await runner.promise;
    }
  },
};

export const installSql: Command = {
  name: "install-sql",
  summary: "Print the complete install script for a schema, for psql.",
  options: [],
  examples: ["graphile-worker install-sql --schema app_jobs > install.sql && psql -f install.sql"],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    context.out(installScript(context.schema));
  },
};
