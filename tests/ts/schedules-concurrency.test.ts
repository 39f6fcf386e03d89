// Recurring schedules under concurrent tickers, with real connections: any
// number of tick_schedules callers, no leader, exactly one job per
// (schedule, fire time). Simulated time: the schedules' timetables start
// on a day in the past (New York's spring change among them) and each
// ticker walks through the following hours at its own pace, passing `now`.
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const START = Date.parse("2024-03-10T04:00:00Z"); // 23:00 EST, three hours before New York springs forward
const HOURS = 4;
const END = START + HOURS * 3_600_000;
const TICKERS = 20;

/** Creates `count` schedules (payload names the schedule) whose timetables start at START. */
async function createSchedules(catchUp: string, crons: string[], zones: string[], count: number, prefix: string) {
  await db.pool.query(
    `select graphile_worker.upsert_schedule(
       format('%s-%s', $1::text, n), ($2::text[])[1 + n % cardinality($2::text[])], 'scheduled',
       json_build_object('schedule', format('%s-%s', $1::text, n)),
       time_zone := ($3::text[])[1 + n % cardinality($3::text[])], catch_up := $4, catch_up_window := '1 day')
     from generate_series(1, $5::int) as n`,
    [prefix, crons, zones, catchUp, count],
  );
  await db.pool.query(
    `update graphile_worker._private_schedules
     set next_fire_at = graphile_worker._next_fire(fields, time_zone, $1)
     where id like $2 || '-%'`,
    [new Date(START), prefix],
  );
}

/**
 * Each ticker walks from START to END on its own client, in steps of 1 to 7
 * simulated minutes. Returns how many jobs each ticker's ticks added.
 */
async function tickConcurrently(): Promise<number[]> {
  const clients = await Promise.all(
    Array.from({ length: TICKERS }, async () => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return client;
    }),
  );
  const added = clients.map(() => 0);
  try {
    await Promise.all(
      clients.map(async (client, i) => {
        const step = (1 + (i % 7)) * 60_000;
        for (let now = START + (i % 3) * 20_000; now <= END + step; now += step) {
          const { rows } = await client.query("select count(*)::int as n from graphile_worker.tick_schedules($1)", [
            new Date(Math.min(now, END)),
          ]);
          added[i] += rows[0].n;
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
  return added;
}

it(`${TICKERS} concurrent tickers over many schedules and ${HOURS} simulated hours: every fire time exactly one job`, async () => {
  await createSchedules(
    "all",
    ["*/5 * * * *", "0 * * * *", "15,45 * * * *", "*/7 2-4 * * *", "30 2 * * *", "0,20,40 * * * *"],
    ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata"],
    240,
    "all",
  );
  await createSchedules("all", ["* * * * *"], ["UTC", "America/New_York"], 6, "minutely");

  const added = await tickConcurrently();
  // The firing was shared. How widely depends on the tickers' pace (those
  // with longer steps reach each fire time first; a run here saw 10 of 20),
  // so only "more than one" is asked.
  expect(added.filter((n) => n > 0).length, "tickers that fired schedules").toBeGreaterThan(1);

  // No (schedule, fire time) has two jobs.
  const { rows: duplicates } = await db.pool.query(`
    select payload::json ->> 'schedule' as schedule, payload::json #>> '{_cron,ts}' as ts, count(*)::int as jobs
    from graphile_worker._private_jobs
    group by 1, 2
    having count(*) > 1`);
  expect(duplicates).toEqual([]);

  // Every fire time in (START, END] has its job, and no other time has one.
  const { rows: [diff] } = await db.pool.query(
    `with expected as (
       select s.id as schedule, to_char(p.fire_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts
       from graphile_worker.schedules as s
       cross join lateral graphile_worker.preview_schedule(s.cron, s.time_zone, $1, 1000) as p
       where p.fire_at <= $2
     ),
     actual as (
       select payload::json ->> 'schedule' as schedule, payload::json #>> '{_cron,ts}' as ts
       from graphile_worker._private_jobs
     )
     select (select count(*)::int from expected) as expected,
            (select count(*)::int from actual) as actual,
            (select count(*)::int from (select * from expected except select * from actual) as missing) as missing,
            (select count(*)::int from (select * from actual except select * from expected) as extra) as extra`,
    [new Date(START), new Date(END)],
  );
  expect(diff.expected).toBeGreaterThan(4_000);
  expect(diff).toEqual({ expected: diff.expected, actual: diff.expected, missing: 0, extra: 0 });

  // Each schedule moved on past END; its last job is its last fire's.
  const { rows: [schedules] } = await db.pool.query(
    `select count(*)::int as total,
            count(*) filter (where s.next_fire_at > $1 and (s.last_fire_at is null and s.last_job_id is null
              or j.payload::json #>> '{_cron,ts}' = to_char(s.last_fire_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::int as consistent
     from graphile_worker._private_schedules as s
     left join graphile_worker._private_jobs as j on j.id = s.last_job_id`,
    [new Date(END)],
  );
  expect(schedules).toEqual({ total: 246, consistent: 246 });
});

it("catch-up latest and none under concurrent tickers: never two jobs for one fire time, only real fire times", async () => {
  await createSchedules("latest", ["* * * * *", "*/5 * * * *", "30 2 * * *"], ["UTC", "America/New_York"], 60, "latest");
  await createSchedules("none", ["* * * * *", "*/5 * * * *"], ["UTC", "Europe/London"], 60, "none");

  await tickConcurrently();

  const { rows: [result] } = await db.pool.query(
    `with actual as (
       select payload::json ->> 'schedule' as schedule, payload::json #>> '{_cron,ts}' as ts
       from graphile_worker._private_jobs
     ),
     expected as (
       select s.id as schedule, to_char(p.fire_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts
       from graphile_worker.schedules as s
       cross join lateral graphile_worker.preview_schedule(s.cron, s.time_zone, $1, 1000) as p
       where p.fire_at <= $2
     )
     select (select count(*)::int from actual) as jobs,
            (select count(*)::int from (select distinct * from actual) as d) as distinct_jobs,
            (select count(*)::int from (select * from actual except select * from expected) as extra) as extra`,
    [new Date(START), new Date(END)],
  );
  expect(result.jobs).toBeGreaterThan(500);
  expect(result).toEqual({ jobs: result.jobs, distinct_jobs: result.jobs, extra: 0 });
});

it("a tick that rolls back adds no job and leaves the schedule due; the next tick fires it once", async () => {
  await createSchedules("all", ["*/10 * * * *"], ["UTC"], 3, "rollback");
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query("begin");
    const { rows: fired } = await client.query("select * from graphile_worker.tick_schedules($1)", [new Date(START + 600_000)]);
    expect(fired).toHaveLength(3);
    await client.query("rollback");
  } finally {
    await client.end();
  }
  const { rows: [state] } = await db.pool.query(
    `select (select count(*)::int from graphile_worker._private_jobs) as jobs,
            (select count(*)::int from graphile_worker._private_schedules where next_fire_at = $1) as due`,
    [new Date(START + 600_000)],
  );
  expect(state).toEqual({ jobs: 0, due: 3 });
  const { rows: fired } = await db.pool.query("select * from graphile_worker.tick_schedules($1)", [new Date(START + 600_000)]);
  expect(fired).toHaveLength(3);
});

it("a tick waits for nothing: a schedule another transaction holds is skipped, not waited on", async () => {
  await createSchedules("all", ["*/10 * * * *"], ["UTC"], 2, "held");
  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  try {
    await holder.query("begin");
    await holder.query("select 1 from graphile_worker._private_schedules where id = 'held-1' for update");
    const { rows: fired } = await db.pool.query("select schedule_id from graphile_worker.tick_schedules($1)", [
      new Date(START + 600_000),
    ]);
    expect(fired).toEqual([{ schedule_id: "held-2" }]);
    await holder.query("rollback");
  } finally {
    await holder.end();
  }
  const { rows: later } = await db.pool.query("select schedule_id from graphile_worker.tick_schedules($1)", [
    new Date(START + 600_000),
  ]);
  expect(later).toEqual([{ schedule_id: "held-1" }]);
});
