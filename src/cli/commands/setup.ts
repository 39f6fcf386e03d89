/** Setting a queue up and running it: migrate, run, install-sql. */
import { UsageError } from "../args";
import { MAX_TIMER, parseDuration, parseInteger } from "../durations";
import { loadTasks } from "../tasks";
import { json, keyValues, plural } from "../output";
import type { MigrationPreview } from "../../adopt";
import type { RunnerOptions } from "../../runner/runner";
import { lazyModule } from "../../lazy";

// Loaded when first used (see lazyModule).
const adopt = lazyModule(() => require("../../adopt") as typeof import("../../adopt"));
const migration = lazyModule(() => require("../../migrate") as typeof import("../../migrate"));
const runner = lazyModule(() => require("../../runner/runner") as typeof import("../../runner/runner"));
import { checkSchema, connection, LOG_OPTIONS, loggerOptions, noPositionals, withPool, type Command } from "./common";

export const migrate: Command = {
  name: "migrate",
  summary: "Create or update the queue's schema in the database (a graphile-worker 0.16/0.17 schema is adopted in place).",
  options: [
    { name: "dry-run", type: "boolean", description: "say what migrate would do (for a graphile-worker schema: what it would convert, keep and refuse) and change nothing" },
    { name: "take-over-locks", type: "boolean", description: "adopting: unlock jobs and queues that graphile-worker workers locked in the last 4 hours, so they run again here" },
  ],
  examples: [
    "graphile-worker migrate --database-url postgres://localhost/app",
    "graphile-worker migrate --dry-run",
  ],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    const takeOverLocks = context.options["take-over-locks"] === true;
    if (context.options["dry-run"]) {
      const preview = await withPool(context, (pool) => adopt.previewMigration(pool, { schema: context.schema, takeOverLocks }));
      context.out(context.json ? json(preview) : describePreview(preview));
      if (preview.refusals.length) throw new Error("migrate would refuse (see above); nothing was changed");
      return;
    }
    const result = await withPool(context, (pool) =>
      migration.migrate(pool, {
        schema: context.schema,
        takeOverLocks,
        log: context.json ? undefined : (line) => context.err(line),
      }),
    );
    if (context.json) {
      context.out(json({ schema: context.schema, version: result.version, applied: result.applied.map((m) => m.name), ...(result.adopted && { adopted: result.adopted }) }));
    } else if (result.adopted) {
      context.out(
        `schema ${context.schema} adopted from graphile-worker ${result.adopted.upstream_version}: ` +
          `${adopt.describeContents(result.adopted)}; now at migration ${result.version}`,
      );
    } else if (result.applied.length === 0) {
      context.out(`schema ${context.schema} is up to date (migration ${result.version})`);
    } else {
      context.out(`schema ${context.schema} migrated to migration ${result.version} (${result.applied.length} applied)`);
    }
  },
};

/** A dry run for people: what migrate would do, and for an adoption, what it finds. */
function describePreview(preview: MigrationPreview): string {
  const schema = preview.schema;
  const adoption = preview.adoption;
  if (!adoption) {
    const head = {
      install: `schema ${schema} is not installed: migrate would apply ${preview.pending.join(", ")}`,
      update: `schema ${schema} is at migration ${preview.version}: migrate would apply ${preview.pending.join(", ")}`,
      none: `schema ${schema} is up to date (migration ${preview.version}): migrate would do nothing`,
      adopt: "",
      refuse: `migrate would refuse schema ${schema}:`,
    }[preview.action];
    return [head, ...preview.refusals.map((r) => `  - ${r}`)].join("\n");
  }
  const lines: [string, string | number | null][] = [];
  const j = adoption.jobs;
  if (j) {
    lines.push(
      ["jobs", `${j.total}: ${j.ready} ready, ${j.scheduled} scheduled (${j.waiting_for_retry} waiting for a retry), ` +
        `${j.locked} locked (${j.locked_recently} in the last 4 hours), ${j.failed} permanently failed; ${j.in_named_queues} in named queues`],
      ["queues", `${adoption.queues!.total} (${adoption.queues!.locked} locked, ${adoption.queues!.locked_recently} in the last 4 hours)` +
        adoption.queues!.first.map((q) => `\n${q.queue_name}: ${plural(q.jobs, "job")}${q.locked_by ? `, locked by ${q.locked_by}` : ""}`).join("")],
      ["tasks", `${adoption.tasks!.total}` + adoption.tasks!.first.map((t) => `\n${t.identifier}: ${plural(t.jobs, "job")}`).join("")],
      ["crontabs", `${plural(adoption.crontabs!, "row")} of _private_known_crontabs, kept as they are`],
      ["next id", adoption.next_job_id],
      ["recent locks", [
        ...adoption.recent_locks!.jobs.map((l) => `job ${l.id} (${l.task_identifier}) locked by ${l.locked_by} at ${l.locked_at}`),
        ...adoption.recent_locks!.queues.map((l) => `queue ${l.queue_name} locked by ${l.locked_by} at ${l.locked_at}`),
        ...(preview.action === "adopt" && adoption.recent_locks!.workers.length ? ["(taken over: unlocked, to run again here)"] : []),
      ].join("\n")],
    );
  }
  lines.push(
    ["kept", adoption.kept.join("\n")],
    ["grants", adoption.grants.join("\n")],
    ["warnings", adoption.warnings.join("\n")],
  );
  const head =
    `schema ${schema} was built by graphile-worker ${adoption.upstream_version ?? "(an unsupported version)"} ` +
    `(its migration ${adoption.upstream_migration}); ` +
    (preview.action === "adopt"
      ? `migrate would convert it in place to migration ${preview.target}, keeping every job`
      : "migrate would refuse it:");
  return [
    head,
    ...preview.refusals.map((r) => `  - ${r}`),
    keyValues(lines),
    "nothing was changed (dry run)",
  ].join("\n");
}

export const run: Command = {
  name: "run",
  summary: "Run the task modules of a folder (one file per task) until stopped, or --once until no job is runnable.",
  options: [
    { name: "tasks", type: "string", value: "DIR", description: "folder of task modules: send_email.js runs send_email jobs (required)" },
    { name: "concurrency", type: "string", value: "N", description: "jobs run at the same time (default 1)" },
    { name: "once", type: "boolean", description: "stop when no job is runnable" },
    { name: "poll-interval", type: "string", value: "DURATION", description: "how often an idle worker looks for due jobs (default 2s; a bare number is milliseconds)" },
    { name: "prefetch", type: "string", value: "N", description: "jobs fetched ahead of free slots (default 0)" },
    { name: "completion-delay", type: "string", value: "DURATION", description: "wait this long to complete jobs together (default 0ms)" },
    { name: "forbidden-flag", type: "list", value: "FLAG", description: "do not run jobs carrying this flag (repeatable)" },
    { name: "worker-id", type: "string", value: "ID", description: "this worker's id (default worker-<random>)" },
    { name: "shutdown-timeout", type: "string", value: "DURATION", description: "how long a stop waits for running jobs (default 10s)" },
    { name: "sweep-threshold", type: "string", value: "DURATION", description: "a worker silent this long is dead (default 5m)" },
    { name: "recovery-delay", type: "string", value: "DURATION", description: "recovered jobs wait this long (default 30s)" },
    { name: "heartbeat-interval", type: "string", value: "DURATION", description: "heartbeat period (default 30s)" },
    { name: "sweep-interval", type: "string", value: "DURATION", description: "period of this worker's stale-worker sweep (default 1m)" },
    ...LOG_OPTIONS,
    { name: "crontab", type: "string", value: "FILE", description: "a crontab file (graphile-worker's syntax) synced into the schedules as the worker starts" },
  ],
  examples: [
    "graphile-worker run --tasks ./tasks --concurrency 10",
    "graphile-worker run --tasks ./tasks --once",
    "graphile-worker run --tasks ./tasks --crontab ./crontab",
  ],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    const o = context.options;
    if (typeof o.tasks !== "string") throw new UsageError("--tasks DIR is required");
    const duration = (name: string) =>
      typeof o[name] === "string" ? parseDuration(o[name] as string, name, MAX_TIMER, { bareMs: name === "poll-interval" }) : undefined;
    const options: RunnerOptions = {
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
      crontabFile: typeof o.crontab === "string" ? o.crontab : undefined,
      logger: loggerOptions(context),
    };
    Object.assign(options, connection(context));
    options.taskList = await loadTasks(o.tasks, "--tasks", options.logger!);
    if (o.once) {
      await runner.runOnce(options);
    } else {
      const running = await runner.run(options);
      await running.promise;
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
    context.out(migration.installSql(context.schema));
  },
};
