/**
 * Recurring schedules: `graphile-worker schedules <subcommand>`, one
 * subcommand per SQL function (list, add, remove, pause, resume, trigger,
 * preview, tick, sync). Each subcommand accepts only its own options.
 */
import { readFileSync } from "node:fs";
import { UsageError, type OptionSpec } from "../args";
import { parseDuration } from "../durations";
import { iso, json, keyValues, plural, table } from "../output";
import { parseCrontab, toSyncCrontabItems } from "../../crontab";
import { lazyModule } from "../../lazy";

// Loaded when first used (see lazyModule).
const schedules = lazyModule(() => require("../../generated/schedules.queries") as typeof import("../../generated/schedules.queries"));
import { RULES } from "../../rules";
import type { IUpsertScheduleParams } from "../../generated/schedules.queries";
import type { Job, Schedule, ScheduledJob } from "../../types";
import type { ListedSchedule } from "../../worker-utils";
import { jobJson } from "./jobs";
import {
  checkSchema,
  integerOption,
  stringOption,
  timestampOption,
  withDb,
  withUtils,
  type Command,
  type Context,
} from "./common";

const OPTIONS: OptionSpec[] = [
  { name: "payload", type: "string", value: "JSON", description: "add: each job's payload, a JSON object (default {})" },
  { name: "time-zone", type: "string", value: "ZONE", description: "add, preview: the IANA time zone the cron fields are read in (default UTC)" },
  { name: "queue", type: "string", value: "NAME", description: "add: the jobs' named queue" },
  { name: "priority", type: "string", value: "N", description: "add: the jobs' priority (lower runs first)" },
  { name: "max-attempts", type: "string", value: "N", description: "add: the jobs' max attempts" },
  { name: "flag", type: "list", value: "FLAG", description: "add: a flag of the jobs (repeatable)" },
  { name: "key", type: "string", value: "KEY", description: "add: the jobs' job key" },
  { name: "job-key-mode", type: "string", value: "MODE", description: "add: replace (default), preserve_run_at or unsafe_dedupe; needs --key" },
  { name: "catch-up", type: "string", value: "POLICY", description: "add: missed fires after downtime: none, latest (default) or all" },
  { name: "catch-up-window", type: "string", value: "DURATION", description: "add: how far back catch-up goes (default 1d)" },
  { name: "paused", type: "boolean", description: "add: create (or keep) it paused" },
  { name: "from", type: "string", value: "ISO|now", description: "preview: fire times after this (default now)" },
  { name: "count", type: "string", value: "N", description: "preview: how many fire times (default 10, at most 1000)" },
  { name: "crontab", type: "string", value: "FILE", description: "sync: the crontab file (graphile-worker's syntax) to sync" },
  { name: "source", type: "string", value: "NAME", description: "sync: the crontab's name (default crontab, the one runners sync)" },
];

interface Subcommand {
  usage: string;
  options: string[];
  run(context: Context, args: string[]): Promise<void>;
}

/** The JSON of a schedule: timestamps as ISO 8601, ids as strings, in the view's column order. */
function scheduleJson(s: Schedule | ListedSchedule) {
  return {
    id: s.id,
    cron: s.cron,
    time_zone: s.time_zone,
    task_identifier: s.task_identifier,
    payload: s.payload,
    queue_name: s.queue_name,
    priority: s.priority,
    max_attempts: s.max_attempts,
    flags: s.flags,
    job_key: s.job_key,
    job_key_mode: s.job_key_mode,
    catch_up: s.catch_up,
    catch_up_window: s.catch_up_window,
    enabled: s.enabled,
    source: s.source,
    last_fire_at: iso(s.last_fire_at),
    next_fire_at: iso(s.next_fire_at),
    last_job_id: s.last_job_id,
    ...("last_job_state" in s ? { last_job_state: s.last_job_state } : {}),
    created_at: iso(s.created_at),
    updated_at: iso(s.updated_at),
  };
}

function scheduleDetails(s: Schedule): string {
  return keyValues([
    ["id", s.id],
    ["cron", s.cron],
    ["time_zone", s.time_zone],
    ["task_identifier", s.task_identifier],
    ["payload", JSON.stringify(s.payload)],
    ["queue_name", s.queue_name],
    ["priority", s.priority],
    ["max_attempts", s.max_attempts],
    ["flags", s.flags && s.flags.join(", ")],
    ["job_key", s.job_key],
    ["job_key_mode", s.job_key_mode],
    ["catch_up", `${s.catch_up} (window ${s.catch_up_window})`],
    ["enabled", s.enabled ? "yes" : "no (paused)"],
    ["source", s.source],
    ["last_fire_at", iso(s.last_fire_at)],
    ["next_fire_at", iso(s.next_fire_at)],
    ["last_job_id", s.last_job_id],
  ]);
}

/** The one positional argument of a subcommand (an id, a cron expression). */
function one(args: string[], what: string): string {
  const [value, extra] = args;
  if (value === undefined) throw new UsageError(`missing ${what}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)} (give one ${what})`);
  if (value === "") throw new UsageError(`${what} must not be empty`);
  return value;
}

/** pause, resume, remove: one id, the schedule printed. */
function byId(verb: string, query: "pauseSchedule" | "resumeSchedule" | "removeSchedule"): Subcommand {
  return {
    usage: "<id>",
    options: [],
    async run(context, args) {
      const id = one(args, "schedule id");
      const [row] = await withDb(context, (db) => db.run(schedules[query], { id }));
      if (!row) throw new Error(`no schedule has id ${JSON.stringify(id)}`);
      const schedule = row as Schedule;
      context.out(context.json ? json(scheduleJson(schedule)) : `${verb} schedule ${schedule.id}\n${scheduleDetails(schedule)}`);
    },
  };
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  list: {
    usage: "",
    options: [],
    async run(context, args) {
      if (args.length) throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}`);
      const rows = await withUtils(context, (utils) => utils.listSchedules());
      if (context.json) {
        context.out(json({ schedules: rows.map(scheduleJson) }));
        return;
      }
      if (!rows.length) {
        context.out("no schedules");
        return;
      }
      context.out(
        table(rows, [
          { header: "ID", value: (s) => s.id },
          { header: "CRON", value: (s) => s.cron },
          { header: "TIME_ZONE", value: (s) => s.time_zone },
          { header: "TASK", value: (s) => s.task_identifier },
          { header: "STATE", value: (s) => (s.enabled ? "active" : "paused") },
          { header: "NEXT_FIRE", value: (s) => iso(s.next_fire_at) },
          { header: "LAST_FIRE", value: (s) => iso(s.last_fire_at) },
          { header: "LAST_JOB", value: (s) => s.last_job_id && `${s.last_job_id} (${s.last_job_state ?? "gone"})` },
          { header: "SOURCE", value: (s) => s.source },
        ]),
      );
    },
  },

  add: {
    usage: "<id> <cron> <task>",
    options: ["payload", "time-zone", "queue", "priority", "max-attempts", "flag", "key", "job-key-mode", "catch-up", "catch-up-window", "paused"],
    async run(context, args) {
      const [id, cron, task, extra] = args;
      if (task === undefined) throw new UsageError("give an id, a cron expression (quoted) and a task identifier");
      if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)} (quote the cron expression: '0 3 * * *')`);
      let payload: string | null = null;
      if (typeof context.options.payload === "string") {
        payload = context.options.payload;
        let parsed: unknown;
        try {
          parsed = JSON.parse(payload);
        } catch (error) {
          throw new UsageError(`--payload is not valid JSON: ${(error as Error).message}`);
        }
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
          throw new UsageError("--payload must be a JSON object (its jobs get _cron added to it)");
        }
      }
      const jobKey = stringOption(context, "key");
      const jobKeyMode = stringOption(context, "job-key-mode");
      if (jobKeyMode !== undefined && jobKey === undefined) throw new UsageError("--job-key-mode needs --key");
      const catchUp = stringOption(context, "catch-up");
      if (catchUp !== undefined && !(RULES.catchUps as readonly string[]).includes(catchUp)) {
        throw new UsageError(`--catch-up must be one of ${RULES.catchUps.join(", ")} (got ${JSON.stringify(catchUp)})`);
      }
      const window = typeof context.options["catch-up-window"] === "string"
        ? parseDuration(context.options["catch-up-window"], "catch-up-window")
        : undefined;
      const flags = (context.options.flag as string[] | undefined) ?? null;
      if (flags?.includes("")) throw new UsageError("--flag must not be empty");
      const params: IUpsertScheduleParams = {
        id,
        cron,
        taskIdentifier: task,
        payload,
        timeZone: stringOption(context, "time-zone") ?? null,
        queueName: stringOption(context, "queue") ?? null,
        priority: integerOption(context, "priority", RULES.priorityMin, RULES.priorityMax) ?? null,
        maxAttempts: integerOption(context, "max-attempts", 1, RULES.maxAttemptsMax) ?? null,
        flags,
        jobKey: jobKey ?? null,
        jobKeyMode: jobKeyMode ?? null,
        catchUp: catchUp ?? null,
        catchUpWindow: window === undefined ? null : `${window / 1000} seconds`,
        enabled: context.options.paused === true ? false : null,
      };
      // The generated query, so that the payload goes to the database as the text given.
      const [row] = await withDb(context, (db) => db.run(schedules.upsertSchedule, params));
      const schedule = row as Schedule;
      context.out(context.json ? json(scheduleJson(schedule)) : scheduleDetails(schedule));
    },
  },

  remove: byId("removed", "removeSchedule"),
  pause: byId("paused", "pauseSchedule"),
  resume: byId("resumed", "resumeSchedule"),

  trigger: {
    usage: "<id>",
    options: [],
    async run(context, args) {
      const id = one(args, "schedule id");
      const job = (await withUtils(context, (utils) => utils.triggerSchedule(id))) as Job;
      context.out(context.json ? json(jobJson(job)) : `added job ${job.id} (${job.task_identifier}) for schedule ${id}`);
    },
  },

  preview: {
    usage: "<cron>",
    options: ["time-zone", "from", "count"],
    async run(context, args) {
      const cron = one(args, "cron expression (quoted: '0 3 * * *')");
      const from = timestampOption(context, "from");
      const options = {
        timeZone: stringOption(context, "time-zone"),
        from: from === "now" ? undefined : from,
        n: integerOption(context, "count", 1, 1000),
      };
      const times = await withUtils(context, (utils) => utils.previewSchedule(cron, options));
      if (context.json) {
        context.out(json({ fire_times: times.map((t) => ({ fire_at: iso(t.fire_at), local_time: t.local_time })) }));
        return;
      }
      context.out(
        table(times, [
          { header: "FIRE_AT", value: (t) => iso(t.fire_at) },
          { header: "LOCAL_TIME", value: (t) => t.local_time },
        ]),
      );
    },
  },

  tick: {
    usage: "",
    options: [],
    async run(context, args) {
      if (args.length) throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}`);
      const jobs: ScheduledJob[] = await withUtils(context, (utils) => utils.tickSchedules());
      if (context.json) {
        context.out(json({
          jobs: jobs.map((j) => ({ schedule_id: j.schedule_id, fire_at: iso(j.fire_at), backfilled: j.backfilled, ...jobJson(j) })),
        }));
        return;
      }
      if (!jobs.length) {
        context.out("no schedule was due");
        return;
      }
      context.out(
        `added ${plural(jobs.length, "job")}\n` +
          table(jobs, [
            { header: "SCHEDULE", value: (j) => j.schedule_id },
            { header: "FIRE_AT", value: (j) => iso(j.fire_at) },
            { header: "BACKFILLED", value: (j) => (j.backfilled ? "yes" : "no") },
            { header: "JOB", value: (j) => j.id, align: "right" },
            { header: "TASK", value: (j) => j.task_identifier },
          ]),
      );
    },
  },

  sync: {
    usage: "--crontab FILE",
    options: ["crontab", "source"],
    async run(context, args) {
      if (args.length) throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}`);
      const file = stringOption(context, "crontab");
      if (file === undefined) throw new UsageError("--crontab FILE is required");
      const source = stringOption(context, "source") ?? "crontab";
      const items = readCrontab(file);
      const changes = await withUtils(context, (utils) => utils.syncCrontab(source, items));
      if (context.json) {
        context.out(json({ source, items: items.length, changes }));
        return;
      }
      context.out(
        changes.length
          ? `crontab ${source}: ${plural(items.length, "item")}\n${table(changes, [
              { header: "ID", value: (c) => c.id },
              { header: "CHANGE", value: (c) => c.change },
            ])}`
          : `crontab ${source} is up to date (${plural(items.length, "item")})`,
      );
    },
  },
};

/** A crontab file as sync_crontab's items; a line it cannot read is a usage error naming it. */
export function readCrontab(file: string): ReturnType<typeof toSyncCrontabItems> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(`--crontab ${file}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  try {
    return toSyncCrontabItems(parseCrontab(text));
  } catch (error) {
    throw new UsageError(`--crontab ${file}: ${(error as Error).message}`);
  }
}

export const schedulesCommand: Command = {
  name: "schedules",
  usage: "<list|add|remove|pause|resume|trigger|preview|tick|sync> [arguments]",
  summary: "Recurring jobs: list them (next fire time, last job), add, remove, pause, resume, trigger, preview a cron expression, tick, sync a crontab.",
  options: OPTIONS,
  examples: [
    "graphile-worker schedules list",
    "graphile-worker schedules add nightly-digest '0 3 * * mon-fri' send_digest --time-zone Europe/Paris --payload '{\"kind\":\"daily\"}'",
    "graphile-worker schedules preview '30 2 * * *' --time-zone America/New_York --count 3",
    "graphile-worker schedules pause nightly-digest",
    "graphile-worker schedules trigger nightly-digest",
    "graphile-worker schedules sync --crontab ./crontab",
    "graphile-worker schedules tick",
  ],
  async run(context) {
    checkSchema(context);
    const [name, ...args] = context.positionals;
    if (name === undefined) throw new UsageError(`missing subcommand: one of ${Object.keys(SUBCOMMANDS).join(", ")}`);
    const sub = Object.prototype.hasOwnProperty.call(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
    if (!sub) {
      throw new UsageError(`unknown subcommand ${JSON.stringify(name)}; the subcommands are ${Object.keys(SUBCOMMANDS).join(", ")}`);
    }
    const foreign = OPTIONS.find((o) => context.options[o.name] !== undefined && !sub.options.includes(o.name));
    if (foreign) throw new UsageError(`--${foreign.name} does not apply to schedules ${name}`);
    await sub.run(context, args);
  },
};
