// Crontab files (src/crontab.ts): Graphile Worker's line syntax read as its
// own parseCrontab reads it, our additions (names, nicknames, range steps,
// tz), errors that name the line, the SQL parser's agreement, and the
// items sync_crontab takes.
import { parseCrontab as upstreamParseCrontab, parseCronItems as upstreamParseCronItems } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  $$isParsed,
  cronOf,
  parseCron,
  parseCronItems,
  parseCrontab,
  toSyncCrontabItems,
  type ParsedCronItem,
  type TimestampDigest,
} from "../../src/crontab";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

/** Only syntax Graphile Worker 0.17 accepts. */
const UPSTREAM_CRONTAB = `
# A comment, then a blank line

0 4 * * * backup
*/15 * * * 1-5 poll_feeds ?id=poll&fill=1h30m&max=3&queue=feeds&priority=-2 {source: 'rss', tags: ['a', "b",],}
   30 2 1,15 * * monthly:report ?fill=2d&jobKey=report&jobKeyMode=preserve_run_at
0 9 13 * 5 friday_13th {nested: {deep: [1, 2, {x: null}]}}
0,30 8-18 * 1-12 0 with_sunday ?jobKey=k
* * * * * every_minute ?id=minutely&fill=1w2d3h4m5s
\t0 0 31 * *\tend_of_month\t?priority=5
`;

function digests(): TimestampDigest[] {
  const all: TimestampDigest[] = [];
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 37 * 60_000 + 13 * 3_600_000) {
    const d = new Date(t);
    all.push({ min: d.getUTCMinutes(), hour: d.getUTCHours(), date: d.getUTCDate(), month: d.getUTCMonth() + 1, dow: d.getUTCDay() });
  }
  return all;
}

describe("parseCrontab", () => {
  it("reads Graphile Worker's crontab syntax as Graphile Worker's own parseCrontab does", () => {
    const ours = parseCrontab(UPSTREAM_CRONTAB);
    const theirs = upstreamParseCrontab(UPSTREAM_CRONTAB);
    expect(ours).toHaveLength(7);
    expect(ours.map((item) => item.identifier)).toEqual(theirs.map((item) => item.identifier));
    for (const [i, item] of ours.entries()) {
      const upstream = theirs[i];
      expect(item.task).toBe(upstream.task);
      expect(item.options).toEqual(upstream.options);
      expect(item.payload).toEqual(upstream.payload);
      expect(item.match.parsedCronMatch).toEqual((upstream.match as unknown as { parsedCronMatch: unknown }).parsedCronMatch);
      for (const digest of digests()) expect(item.match(digest), `${item.identifier} at ${JSON.stringify(digest)}`).toBe(upstream.match(digest));
      expect(item[$$isParsed]).toBe(true);
    }
  });

  it("returns items in Graphile Worker's shape, with the expression as written", () => {
    const [, poll] = parseCrontab(UPSTREAM_CRONTAB);
    expect(poll).toMatchObject({
      task: "poll_feeds",
      identifier: "poll",
      cron: "*/15 * * * 1-5",
      options: { backfillPeriod: 5_400_000, maxAttempts: 3, queueName: "feeds", priority: -2 },
      payload: { source: "rss", tags: ["a", "b"] },
    });
    expect(typeof poll.match).toBe("function");
  });

  it("also takes names, nicknames, steps over ranges and a time zone option (which Graphile Worker refuses)", () => {
    const crontab = [
      "0 9 * jan-mar mon-fri quarterly ?tz=America/New_York",
      "@daily nightly",
      "@HOURLY hourly ?id=hourly_job",
      "0 0 1-10/3 * * stepped",
      "0 12 * * fri-sun weekend",
    ].join("\n");
    const items = parseCrontab(crontab);
    expect(items.map((i) => [i.identifier, i.cron, i.options.timeZone])).toEqual([
      ["quarterly", "0 9 * jan-mar mon-fri", "America/New_York"],
      ["nightly", "@daily", undefined],
      ["hourly_job", "@HOURLY", undefined],
      ["stepped", "0 0 1-10/3 * *", undefined],
      ["weekend", "0 12 * * fri-sun", undefined],
    ]);
    expect(items[0].match.parsedCronMatch).toEqual({
      minutes: [0], hours: [9], dates: range(1, 31), months: [1, 2, 3], dows: [1, 2, 3, 4, 5],
    });
    expect(items[3].match.parsedCronMatch!.dates).toEqual([1, 4, 7, 10]);
    expect(items[4].match.parsedCronMatch!.dows).toEqual([0, 5, 6]);
    expect(() => upstreamParseCrontab("@daily nightly")).toThrow();
  });

  it.each([
    ["* * * * task", "crontab line 2: expected five time fields (minute hour day-of-month month day-of-week) or @yearly, @monthly, @weekly, @daily or @hourly, then a task identifier (got '* * * * task')"],
    ["60 * * * * task", "crontab line 2: cron's minute field must hold values from 0 to 59 (got '60')"],
    ["* * * 13 * task", "crontab line 2: cron's month field must hold values from 1 to 12 or jan to dec (got '13')"],
    ["* * * * 5-2 task", "crontab line 2: cron's day-of-week field must not have a range that ends before it starts (got '5-2')"],
    ["*/0 * * * * task", "crontab line 2: cron's minute field must have steps of at least 1 (got '*/0')"],
    ["0 0 30 2 * task", "crontab line 2: cron must name a day that exists: no month of its month field has a day of its day-of-month field (got '0 0 30 2 *')"],
    ["@annually task", "crontab line 2: cron must have 5 fields (minute hour day-of-month month day-of-week) or be one of @yearly, @monthly, @weekly, @daily, @hourly (got '@annually')"],
    ["* * * * * 9task", "crontab line 2: the task identifier must be a letter or _, then letters, digits, _, -, : or / (got '9task')"],
    ["* * * * * task extra", "crontab line 2: expected a task identifier, then optionally ?options, then optionally a {payload} (got 'task extra')"],
    ["* * * * * task ?nope=1", "crontab line 2: unsupported option 'nope'; the options are id, fill, max, queue, priority, jobKey, jobKeyMode, tz"],
    ["* * * * * task ?fill=1y", "crontab line 2: option fill must be a time phrase such as 30m, 1h30m or 2d (got '1y')"],
    ["* * * * * task ?max=many", "crontab line 2: option max must be a whole number (got 'many')"],
    ["* * * * * task ?id=a&id=b", "crontab line 2: option id is given more than once"],
    ["* * * * * task ?jobKeyMode=unsafe_dedupe", "crontab line 2: option jobKeyMode must be replace or preserve_run_at (got 'unsafe_dedupe')"],
    ["* * * * * task ?tz=-03:00", "crontab line 2: option tz must be an IANA time zone name such as Europe/London (got '-03:00')"],
    ["* * * * * task {nope: }", "crontab line 2: the payload is not valid JSON5: JSON5: invalid character '}' at 1:8"],
  ])("refuses %s, naming the line", (line, message) => {
    expect(() => parseCrontab(`# first line\n${line}\n`)).toThrow(new Error(message));
  });

  it("refuses an identifier used twice, naming both lines", () => {
    expect(() => parseCrontab("0 * * * * a\n\n0 1 * * * b ?id=a")).toThrow(
      new Error("crontab line 3: identifier 'a' is already used on line 1; give one of them ?id=..."),
    );
  });

  it("refuses what Graphile Worker refuses", () => {
    const bad = ["* * * * task", "60 * * * * task", "* * * * * 9task", "* * * * * task ?nope=1", "* * * * * task ?fill=1y",
      "* * * * * task ?id=a&id=b", "* * * * * task {nope: }", "0 * * * * a\n0 1 * * * a"];
    for (const crontab of bad) {
      expect(() => upstreamParseCrontab(crontab), crontab).toThrow();
      expect(() => parseCrontab(crontab), crontab).toThrow();
    }
  });
});

describe("parseCronItems", () => {
  it("checks items written in code, as Graphile Worker's does", () => {
    const items = [
      { task: "a", match: "0 4 * * *" },
      { task: "b", match: "*/10 * * * *", identifier: "b10", options: { backfillPeriod: 60_000, queueName: "q" }, payload: { x: 1 } },
    ];
    const ours = parseCronItems(items);
    const theirs = upstreamParseCronItems(items);
    expect(ours.map(({ task, identifier, options, payload }) => ({ task, identifier, options, payload }))).toEqual(
      theirs.map(({ task, identifier, options, payload }) => ({ task, identifier, options, payload })),
    );
    expect(() => parseCronItems([{ task: "a", match: "61 * * * *" }])).toThrow(
      new Error("parseCronItems: items[0]: cron's minute field must hold values from 0 to 59 (got '61')"),
    );
  });
});

describe("toSyncCrontabItems", () => {
  it("turns items into sync_crontab's items: fill becomes catch_up all within it, no fill catch_up none", () => {
    expect(toSyncCrontabItems(parseCrontab(UPSTREAM_CRONTAB)).slice(0, 3)).toEqual([
      { id: "backup", cron: "0 4 * * *", task_identifier: "backup", catch_up: "none", catch_up_window: "0 seconds" },
      {
        id: "poll", cron: "*/15 * * * 1-5", task_identifier: "poll_feeds", payload: { source: "rss", tags: ["a", "b"] },
        queue_name: "feeds", priority: -2, max_attempts: 3, catch_up: "all", catch_up_window: "5400 seconds",
      },
      {
        id: "monthly:report", cron: "30 2 1,15 * *", task_identifier: "monthly:report", job_key: "report",
        job_key_mode: "preserve_run_at", catch_up: "all", catch_up_window: "172800 seconds",
      },
    ]);
  });

  it("rebuilds the expression of a Graphile Worker matcher, and refuses a plain function", () => {
    const [upstream] = upstreamParseCronItems([{ task: "t", match: "0,30 8-18 1-10 * 1,2,3" }]) as unknown as ParsedCronItem[];
    expect(toSyncCrontabItems([upstream])[0].cron).toBe("0,30 8-18 1-10 * 1-3");
    const fn = Object.assign(() => true, {});
    expect(() => toSyncCrontabItems(parseCronItems([{ task: "t", match: fn }]))).toThrow(
      new TypeError("toSyncCrontabItems: items[0] (t) matches with a function: schedules kept in the database need a cron expression"),
    );
  });

  it("cronOf names the same values", () => {
    for (const cron of ["* * * * *", "*/7 1-3,5 */2 jan,mar-may sun-tue", "0 0 29 2 *", "5,6,7,9 23 31 12 6"]) {
      expect(parseCron(cronOf(parseCron(cron))), cron).toEqual(parseCron(cron));
    }
  });
});

describe("with the database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("sync_crontab takes the items, once", async () => {
    const items = toSyncCrontabItems(parseCrontab(`${UPSTREAM_CRONTAB}\n0 9 * * mon-fri weekday ?tz=Europe/Paris`));
    const { rows: added } = await db.pool.query("select * from graphile_worker.sync_crontab('crontab', $1) order by id", [
      JSON.stringify(items),
    ]);
    expect(added.map((r) => r.change)).toEqual(Array(8).fill("added"));
    const { rows: again } = await db.pool.query("select * from graphile_worker.sync_crontab('crontab', $1)", [JSON.stringify(items)]);
    expect(again).toEqual([]);
    const { rows } = await db.pool.query(
      "select id, cron, time_zone, catch_up, catch_up_window::text, queue_name, priority, max_attempts, payload from graphile_worker.schedules where id in ('poll', 'weekday') order by id",
    );
    expect(rows).toEqual([
      { id: "poll", cron: "*/15 * * * 1-5", time_zone: "UTC", catch_up: "all", catch_up_window: "01:30:00", queue_name: "feeds", priority: -2, max_attempts: 3, payload: { source: "rss", tags: ["a", "b"] } },
      { id: "weekday", cron: "0 9 * * mon-fri", time_zone: "Europe/Paris", catch_up: "none", catch_up_window: "00:00:00", queue_name: null, priority: null, max_attempts: null, payload: {} },
    ]);
  });

  it("the TypeScript and SQL parsers agree: the same values, the same errors", async () => {
    const expressions = [
      "* * * * *", "*/15 9-17 * * mon-fri", "0 0 13 * 5", "0 0 */10 * 1", "5,1-2,*/30 0 1 1 *", "0 0 * * 7", "0 0 * * fri-sun",
      "@yearly", " @Weekly ", "0 0 29 2 *", "0 9 * JAN-Mar *", "0 0 1-10/3 * *", "59 23 31 12 *", "0 0 1-31 * 1",
      "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "mon * * * *", "* * * * 5-2", "*/0 * * * *",
      "5/15 * * * *", "1,,2 * * * *", "0 0 30,31 2 *", "* * * *", "@annually", "", "* * * * * *", "* * * jan-foo *", "99999 * * * *",
    ];
    for (const cron of expressions) {
      let ours: unknown;
      try {
        ours = parseCron(cron);
      } catch (error) {
        ours = (error as Error).message;
      }
      let theirs: unknown;
      try {
        const { rows } = await db.pool.query(
          `with f as (select (graphile_worker._parse_cron('t', 'cron', $1)).*)
           select array(select v from generate_series(0, 59) v, f where f.minute_next[v + 1] = v) as minutes,
                  array(select v from generate_series(0, 23) v, f where f.hour_next[v + 1] = v) as hours,
                  array(select v from generate_series(1, 31) v, f where f.days[v]) as dates,
                  array(select v from generate_series(1, 12) v, f where f.month_next[v] = v) as months,
                  array(select v from generate_series(0, 6) v, f where f.weekdays[v + 1]) as dows
           from f`,
          [cron],
        );
        theirs = rows[0];
      } catch (error) {
        theirs = (error as Error).message.replace(/^t: /, "");
      }
      expect(ours, JSON.stringify(cron)).toEqual(theirs);
    }
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
