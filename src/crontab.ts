// Graphile Worker's crontab files, and its cron items, for schedules that
// live in the database.
//
// A crontab line is `<cron> <task> [?<options>] [{<JSON5 payload>}]`:
//
//   # comment
//   0 4 * * *       backup
//   */15 * * * 1-5  poll_feeds ?id=poll&fill=1h&max=3&queue=feeds&priority=2 {source: 'rss'}
//   @daily          digest ?jobKey=digest&jobKeyMode=preserve_run_at&tz=Europe/Paris
//
// <cron> is five fields (minute hour day-of-month month day-of-week) or
// @yearly, @monthly, @weekly, @daily, @hourly, with the syntax the SQL
// function _parse_cron accepts (values, ranges a-b, steps /n, lists, month
// and day names): a superset of Graphile Worker's, read the same way.
// Options are Graphile Worker's (id, fill, max, queue, priority, jobKey,
// jobKeyMode) plus tz, the IANA time zone the fields are read in (UTC when
// absent). parseCrontab returns items in the shape of Graphile Worker's
// ParsedCronItem; toSyncCrontabItems turns them into the JSON the SQL
// function sync_crontab takes, which is where schedules are kept and fired.
import JSON5 from "json5";
import { parse as parseQueryString } from "node:querystring";

/** Marks an item made by parseCrontab or parseCronItems. */
export const $$isParsed = Symbol("isParsed");

/** The values each field of a cron expression names (Graphile Worker's ParsedCronMatch). */
export interface ParsedCronMatch {
  /** 0-59, unique, ascending. */
  minutes: number[];
  /** 0-23, unique, ascending. */
  hours: number[];
  /** 1-31, unique, ascending. */
  dates: number[];
  /** 1-12, unique, ascending. */
  months: number[];
  /** 0-6 (0 is Sunday), unique, ascending. */
  dows: number[];
}

/** The parts of a (UTC) time a cron expression looks at. */
export interface TimestampDigest {
  min: number;
  hour: number;
  date: number;
  month: number;
  dow: number;
}

export type CronMatcher = ((digest: TimestampDigest) => boolean) & { parsedCronMatch?: ParsedCronMatch };

export interface CronItemOptions {
  /** Milliseconds of missed fire times to fire when the schedule comes back (Graphile Worker's fill). */
  backfillPeriod?: number;
  maxAttempts?: number;
  queueName?: string;
  priority?: number;
  jobKey?: string;
  jobKeyMode?: "replace" | "preserve_run_at";
  /** The IANA time zone the cron fields are read in (default UTC). Not in Graphile Worker. */
  timeZone?: string;
}

export interface ParsedCronItemOptions extends CronItemOptions {
  backfillPeriod: number;
}

/** A cron item as written in code (Graphile Worker's CronItem). */
export interface CronItem {
  task: string;
  /** A cron expression, or a matcher made by Graphile Worker's helpers. */
  match: string | CronMatcher;
  options?: CronItemOptions;
  payload?: { [key: string]: unknown };
  identifier?: string;
}

/** A checked cron item (Graphile Worker's ParsedCronItem, plus the expression as written). */
export interface ParsedCronItem {
  [$$isParsed]: true;
  match: CronMatcher;
  task: string;
  options: ParsedCronItemOptions;
  payload: { [key: string]: unknown } | null;
  identifier: string;
  /** The cron expression as written, when the item came from one. */
  cron?: string;
}

/** One item of sync_crontab's `items` argument: upsert_schedule's arguments, by name. */
export interface SyncCrontabItem {
  id: string;
  cron: string;
  task_identifier: string;
  payload?: { [key: string]: unknown };
  time_zone?: string;
  queue_name?: string;
  priority?: number;
  max_attempts?: number;
  job_key?: string;
  job_key_mode?: string;
  catch_up: "none" | "all";
  catch_up_window: string;
}

// ---------------------------------------------------------------------------
// Cron expressions

const NICKNAMES: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface FieldRule {
  name: string;
  low: number;
  high: number;
  names?: string[];
  nameBase?: number;
}
const FIELDS: FieldRule[] = [
  { name: "minute", low: 0, high: 59 },
  { name: "hour", low: 0, high: 23 },
  { name: "day-of-month", low: 1, high: 31 },
  { name: "month", low: 1, high: 12, names: MONTHS, nameBase: 1 },
  { name: "day-of-week", low: 0, high: 7, names: DAYS, nameBase: 0 },
];

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** One field's values; the errors are _parse_cron_field's. */
function parseField(rule: FieldRule, field: string): number[] {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const m = /^(?:(\*)|([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?)(?:\/([0-9]+))?$/.exec(item);
    if (!m || (m[2] !== undefined && m[3] === undefined && m[4] !== undefined)) {
      throw new Error(
        `cron's ${rule.name} field must be *, a value or a range a-b, or a comma-separated list of them, each optionally followed by /step (got ${quote(item)})`,
      );
    }
    const bounds: number[] = [];
    for (const token of [m[2], m[3]]) {
      if (token === undefined) continue;
      let value: number | undefined;
      if (/^[0-9]+$/.test(token)) {
        value = token.length <= 4 ? Number(token) : undefined;
      } else if (rule.names) {
        const at = rule.names.indexOf(token.toLowerCase());
        value = at < 0 ? undefined : at + rule.nameBase!;
        // A day-of-week range may end on sun (`fri-sun`).
        if (value === 0 && rule.name === "day-of-week" && token === m[3] && bounds[0] > 0) value = 7;
      }
      if (value === undefined || value < rule.low || value > rule.high) {
        const names = rule.names ? ` or ${rule.names[0]} to ${rule.names[rule.names.length - 1]}` : "";
        throw new Error(`cron's ${rule.name} field must hold values from ${rule.low} to ${rule.high}${names} (got ${quote(token)})`);
      }
      bounds.push(value);
    }
    const from = m[1] ? rule.low : bounds[0];
    const to = m[1] ? (rule.name === "day-of-week" ? 6 : rule.high) : (bounds[1] ?? bounds[0]);
    if (to < from) {
      throw new Error(`cron's ${rule.name} field must not have a range that ends before it starts (got ${quote(item)})`);
    }
    const step = m[4] === undefined ? 1 : m[4].length <= 4 ? Number(m[4]) : rule.high + 1;
    if (step < 1) {
      throw new Error(`cron's ${rule.name} field must have steps of at least 1 (got ${quote(item)})`);
    }
    for (let v = from; v <= to; v += step) values.add(rule.name === "day-of-week" && v === 7 ? 0 : v);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * Parses a cron expression as the SQL function _parse_cron does, with the
 * same errors (less the calling function's name): five fields or a
 * nickname; a day-of-month no month of the month field has is refused.
 */
export function parseCron(cron: string): ParsedCronMatch {
  const trimmed = cron.trim();
  const text = NICKNAMES[trimmed.toLowerCase()] ?? trimmed;
  const parts = text.split(/[ \t]+/);
  if (text === "" || text.startsWith("@") || parts.length !== 5) {
    throw new Error(
      `cron must have 5 fields (minute hour day-of-month month day-of-week) or be one of @yearly, @monthly, @weekly, @daily, @hourly (got ${quote(cron)})`,
    );
  }
  const [minutes, hours, dates, months, dows] = parts.map((part, i) => parseField(FIELDS[i], part));
  if (dates.length !== 31 && dows.length === 7 && !months.some((month) => dates.some((date) => date <= LONGEST_MONTH[month - 1]))) {
    throw new Error(
      `cron must name a day that exists: no month of its month field has a day of its day-of-month field (got ${quote(cron)})`,
    );
  }
  return { minutes, hours, dates, months, dows };
}

/** A matcher for a parsed expression, with Graphile Worker's reading of day-of-month and day-of-week. */
function matcherFor(parsed: ParsedCronMatch): CronMatcher {
  const { minutes, hours, dates, months, dows } = parsed;
  const datesRestricted = dates.length !== 31;
  const dowsRestricted = dows.length !== 7;
  const matcher: CronMatcher = (d) => {
    if (!minutes.includes(d.min) || !hours.includes(d.hour) || !months.includes(d.month)) return false;
    if (datesRestricted && dowsRestricted) return dates.includes(d.date) || dows.includes(d.dow);
    if (datesRestricted) return dates.includes(d.date);
    if (dowsRestricted) return dows.includes(d.dow);
    return true;
  };
  matcher.parsedCronMatch = parsed;
  return matcher;
}

/** A cron expression naming exactly the values of a parsed one (`*` for whole fields, runs as ranges). */
export function cronOf(parsed: ParsedCronMatch): string {
  const field = (values: number[], low: number, high: number) => {
    if (values.length === high - low + 1) return "*";
    const runs: string[] = [];
    for (let i = 0; i < values.length; ) {
      let j = i;
      while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
      runs.push(j > i ? `${values[i]}-${values[j]}` : `${values[i]}`);
      i = j + 1;
    }
    return runs.join(",");
  };
  return [
    field(parsed.minutes, 0, 59),
    field(parsed.hours, 0, 23),
    field(parsed.dates, 1, 31),
    field(parsed.months, 1, 12),
    field(parsed.dows, 0, 6),
  ].join(" ");
}

// ---------------------------------------------------------------------------
// Crontab files

const OPTIONS = ["id", "fill", "max", "queue", "priority", "jobKey", "jobKeyMode", "tz"];
const PERIODS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A time phrase such as `1w2d3h` in milliseconds (Graphile Worker's fill). */
function timePhrase(phrase: string): number {
  let ms = 0;
  for (const [, n, unit] of phrase.matchAll(/([0-9]+)([smhdw])/g)) ms += Number(n) * PERIODS[unit];
  return ms;
}

function parseOptions(query: string | undefined): { identifier?: string; options: ParsedCronItemOptions } {
  const options: ParsedCronItemOptions = { backfillPeriod: 0 };
  let identifier: string | undefined;
  if (query === undefined) return { options };
  const rules: Record<string, [RegExp, string, (value: string) => void]> = {
    id: [/^[_a-zA-Z][-_a-zA-Z0-9]*$/, "an identifier: a letter or _, then letters, digits, _ or -", (v) => (identifier = v)],
    fill: [/^(?:[0-9]+[smhdw])+$/, "a time phrase such as 30m, 1h30m or 2d", (v) => (options.backfillPeriod = timePhrase(v))],
    max: [/^[0-9]+$/, "a whole number", (v) => (options.maxAttempts = Number(v))],
    queue: [/^[-a-zA-Z0-9_:]+$/, "a queue name of letters, digits, _, - and :", (v) => (options.queueName = v)],
    priority: [/^-?[0-9]+$/, "a whole number", (v) => (options.priority = Number(v))],
    jobKey: [/^.*$/, "a job key", (v) => (options.jobKey = v)],
    jobKeyMode: [/^(?:replace|preserve_run_at)$/, "replace or preserve_run_at", (v) => (options.jobKeyMode = v as CronItemOptions["jobKeyMode"])],
    tz: [/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/, "an IANA time zone name such as Europe/London", (v) => (options.timeZone = v)],
  };
  for (const [key, value] of Object.entries(parseQueryString(query))) {
    const rule = Object.prototype.hasOwnProperty.call(rules, key) ? rules[key] : undefined;
    if (!rule) throw new Error(`unsupported option ${quote(key)}; the options are ${OPTIONS.join(", ")}`);
    if (typeof value !== "string") throw new Error(`option ${key} is given more than once`);
    const [pattern, what, set] = rule;
    if (!pattern.test(value)) throw new Error(`option ${key} must be ${what} (got ${quote(value)})`);
    set(value);
  }
  if (options.jobKey && !options.jobKeyMode) options.jobKeyMode = "replace";
  return { identifier, options };
}

/** One crontab line (not blank, not a comment); errors name what is wrong, not where. */
function parseLine(line: string): ParsedCronItem {
  const m = /^(@[A-Za-z]+|\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S.*)$/.exec(line);
  if (!m) {
    throw new Error(
      `expected five time fields (minute hour day-of-month month day-of-week) or @yearly, @monthly, @weekly, @daily or @hourly, then a task identifier (got ${quote(line)})`,
    );
  }
  const [, cron, command] = m;
  const parsed = parseCron(cron);
  const c = /^(\S+)(?:\s+\?(\S+))?(?:\s+(\{.*\}))?$/.exec(command);
  if (!c) {
    throw new Error(`expected a task identifier, then optionally ?options, then optionally a {payload} (got ${quote(command)})`);
  }
  const [, task, query, payloadText] = c;
  if (!/^[_a-zA-Z][_a-zA-Z0-9:/_-]*$/.test(task)) {
    throw new Error(`the task identifier must be a letter or _, then letters, digits, _, -, : or / (got ${quote(task)})`);
  }
  const { identifier, options } = parseOptions(query);
  let payload: { [key: string]: unknown } | null = null;
  if (payloadText !== undefined) {
    try {
      payload = JSON5.parse(payloadText);
    } catch (error) {
      throw new Error(`the payload is not valid JSON5: ${(error as Error).message}`);
    }
  }
  return {
    [$$isParsed]: true,
    match: matcherFor(parsed),
    task,
    options,
    payload,
    identifier: identifier ?? task,
    cron,
  };
}

/**
 * Parses a crontab file's text: one item per line that is neither blank nor
 * a comment (`#`). Errors name the line: `crontab line 3: ...`. Identifiers
 * (?id=, default the task) must be unique.
 */
export function parseCrontab(crontab: string): ParsedCronItem[] {
  const items: ParsedCronItem[] = [];
  const lines = new Map<string, number>();
  crontab.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    let item: ParsedCronItem;
    try {
      item = parseLine(line);
    } catch (error) {
      throw new Error(`crontab line ${index + 1}: ${(error as Error).message}`);
    }
    const earlier = lines.get(item.identifier);
    if (earlier !== undefined) {
      throw new Error(
        `crontab line ${index + 1}: identifier ${quote(item.identifier)} is already used on line ${earlier}; give one of them ?id=...`,
      );
    }
    lines.set(item.identifier, index + 1);
    items.push(item);
  });
  return items;
}

/** Checks cron items written in code (Graphile Worker's parseCronItems); errors name the item. */
export function parseCronItems(items: CronItem[]): ParsedCronItem[] {
  return items.map((item, i) => {
    try {
      return parseCronItem(item);
    } catch (error) {
      throw new Error(`parseCronItems: items[${i}]: ${(error as Error).message}`);
    }
  });
}

/** Checks one cron item written in code (Graphile Worker's parseCronItem). */
export function parseCronItem(item: CronItem): ParsedCronItem {
  if ((item as { pattern?: unknown }).pattern !== undefined) throw new Error("please rename the 'pattern' property to 'match'");
  let match: CronMatcher;
  let cron: string | undefined;
  if (typeof item.match === "string") {
    cron = item.match;
    match = matcherFor(parseCron(item.match));
  } else if (typeof item.match === "function") {
    match = item.match;
  } else {
    throw new Error("match must be a cron expression or a matcher");
  }
  return {
    [$$isParsed]: true,
    match,
    task: item.task,
    options: { ...item.options, backfillPeriod: item.options?.backfillPeriod ?? 0 },
    payload: item.payload ?? {},
    identifier: item.identifier ?? item.task,
    cron,
  };
}

/**
 * The `items` argument of sync_crontab for these items: the cron expression
 * (as written, or rebuilt from a Graphile Worker matcher's parsedCronMatch),
 * the task, payload and job options; a fill becomes catch_up all within
 * that window, no fill catch_up none (missed fire times are skipped, as
 * Graphile Worker skips them).
 */
export function toSyncCrontabItems(items: ParsedCronItem[]): SyncCrontabItem[] {
  return items.map((item, i) => {
    const cron = item.cron ?? (item.match.parsedCronMatch ? cronOf(item.match.parsedCronMatch) : undefined);
    if (cron === undefined) {
      throw new TypeError(
        `toSyncCrontabItems: items[${i}] (${item.identifier}) matches with a function: schedules kept in the database need a cron expression`,
      );
    }
    const { backfillPeriod, maxAttempts, queueName, priority, jobKey, jobKeyMode, timeZone } = item.options;
    if (!Number.isInteger(backfillPeriod) || backfillPeriod < 0) {
      throw new RangeError(`toSyncCrontabItems: items[${i}].options.backfillPeriod must be a whole number of milliseconds (got ${backfillPeriod})`);
    }
    const synced: SyncCrontabItem = {
      id: item.identifier,
      cron,
      task_identifier: item.task,
      catch_up: backfillPeriod > 0 ? "all" : "none",
      catch_up_window: `${backfillPeriod / 1000} seconds`,
    };
    if (item.payload) synced.payload = item.payload;
    if (timeZone !== undefined) synced.time_zone = timeZone;
    if (queueName !== undefined) synced.queue_name = queueName;
    if (priority !== undefined) synced.priority = priority;
    if (maxAttempts !== undefined) synced.max_attempts = maxAttempts;
    if (jobKey !== undefined) synced.job_key = jobKey;
    if (jobKeyMode !== undefined) synced.job_key_mode = jobKeyMode;
    return synced;
  });
}
