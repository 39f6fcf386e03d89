// A fetch reads the due part of the fetch index only. Jobs that are not due
// yet (scheduled for later, or waiting for a retry) sit in the same index
// after the due ones; a fetch that asks for more jobs than are due, or finds
// none, must not walk through all of them. Read from the index's block
// counters after the fetching session flushed its statistics. The same holds
// for jobs in named queues, which have their own fetch index, and for the
// 0.1 protocol's get_jobs.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let db: TestDatabase;
let client: pg.Client;

const FUTURE = 40_000;
const FETCH_INDEXES = ["_private_jobs_fetch", "_private_jobs_fetch_queued", "_private_jobs_queue_head"];

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // Not due for a day, at two priorities, so that the due jobs below sit
  // before, between and after them in the index's (priority, run_at, id) order.
  // As many again in named queues (four of them), at the same priorities.
  for (const priority of [0, 3]) {
    await client.query(
      `select count(*) from graphile_worker.add_jobs(array(
         select row('t', '{}'::json, null::text, now() + interval '1 day', null::smallint, null::text, $2::smallint, null::text[])::graphile_worker.job_spec
         from generate_series(1, $1::int)))`,
      [FUTURE / 2, priority],
    );
    await client.query(
      `select count(*) from graphile_worker.add_jobs(array(
         select row('t', '{}'::json, 'future-' || (n % 4), now() + interval '1 day', null::smallint, null::text, $2::smallint, null::text[])::graphile_worker.job_spec
         from generate_series(1, $1::int) as n))`,
      [FUTURE / 2, priority],
    );
  }
  await client.query("vacuum analyze graphile_worker._private_jobs");
  await client.query("select graphile_worker.worker_register('w', interval '1 minute')");
}, 60_000);

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** Blocks of the fetch indexes read by `run` (buffer hits and reads). */
async function fetchIndexBlocks(run: () => Promise<void>): Promise<number> {
  const read = async () => {
    await client.query("select pg_stat_force_next_flush()");
    await client.query("select pg_stat_clear_snapshot()");
    const { rows } = await client.query(
      `select sum(idx_blks_hit + idx_blks_read)::int as blocks from pg_statio_user_indexes
       where schemaname = 'graphile_worker' and indexrelname = any($1)`,
      [FETCH_INDEXES],
    );
    return rows[0].blocks as number;
  };
  const before = await read();
  await run();
  return (await read()) - before;
}

type Claimed = { id: string; priority: number; claim?: string };

/** Rows of the jobs table fetched by `run` (through any index, or read sequentially). */
async function jobRowsRead(run: () => Promise<void>): Promise<number> {
  const read = async () => {
    await client.query("select pg_stat_force_next_flush()");
    await client.query("select pg_stat_clear_snapshot()");
    const { rows } = await client.query(
      `select (coalesce(idx_tup_fetch, 0) + seq_tup_read)::int as n from pg_stat_user_tables
       where relid = 'graphile_worker._private_jobs'::regclass`,
    );
    return rows[0].n as number;
  };
  const before = await read();
  await run();
  return (await read()) - before;
}

async function fetch(batch: number): Promise<Claimed[]> {
  const claim = randomUUID();
  const { rows } = await client.query(
    "select id::text, priority from graphile_worker.get_jobs_v2('w', $2, array['t'], $1)",
    [batch, claim],
  );
  return rows.map((row) => ({ ...row, claim }));
}

/** The 0.1 protocol's fetch (no claim token), which always takes the named-queue path. */
async function fetchV1(batch: number): Promise<Claimed[]> {
  const { rows } = await client.query(
    "select id::text, priority from graphile_worker.get_jobs('w1', array['t'], $1)",
    [batch],
  );
  return rows;
}

async function addDue(jobs: [name: string, priority: number, queue: string | null][]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, priority, queue] of jobs) {
    const { rows } = await client.query(
      "select (graphile_worker.add_job('t', priority := $1, queue_name := $2)).id::text as id",
      [priority, queue],
    );
    ids[name] = rows[0].id;
  }
  return ids;
}

/** Completes, as worker w, jobs it fetched with get_jobs_v2. */
async function complete(claimed: Claimed[]): Promise<void> {
  const { rows } = await client.query("select graphile_worker.worker_complete_jobs_v2('w', $1::bigint[], $2::uuid[])", [
    claimed.map((job) => job.id),
    claimed.map((job) => job.claim),
  ]);
  expect(rows).toHaveLength(claimed.length);
}

it("reads a few blocks of the fetch index when nothing is due, whatever the number of jobs due later", async () => {
  // Each fetch index holds FUTURE entries: about 160 leaf blocks. A fetch
  // costs two probes (root and leaf) per priority in use in each, and reads
  // no further.
  const blocks = await fetchIndexBlocks(async () => {
    expect(await fetch(10)).toEqual([]);
  });
  expect(blocks).toBeLessThan(60);
});

it("claims the due jobs in priority order and stops there when they are fewer than asked for", async () => {
  const due = await addDue([["p2", 2, null], ["p-1", -1, null], ["p5", 5, null], ["p0", 0, null]]);
  let claimed: Claimed[] = [];
  const blocks = await fetchIndexBlocks(async () => {
    claimed = await fetch(3);
  });
  expect(claimed.map((job) => job.id)).toEqual([due["p-1"], due.p0, due.p2]);
  await complete(claimed);
  let rest: Claimed[] = [];
  const moreBlocks = await fetchIndexBlocks(async () => {
    rest = await fetch(10);
  });
  expect(rest.map((job) => job.id)).toEqual([due.p5]);
  await complete(rest);
  expect(blocks).toBeLessThan(60);
  expect(moreBlocks).toBeLessThan(60);
});

it("reads a few blocks when due jobs in named queues are fewer than asked for", async () => {
  // Two queues with due jobs (one of them two deep), between and after the
  // priorities of the jobs not due, and a due job outside named queues.
  const due = await addDue([
    ["a-first", 1, "a"],
    ["a-second", 1, "a"],
    ["free", 2, null],
    ["b", 4, "b"],
  ]);
  let claimed: Claimed[] = [];
  const blocks = await fetchIndexBlocks(async () => {
    claimed = await fetch(10);
  });
  // One job per named queue, in run order.
  expect(claimed.map((job) => job.id)).toEqual([due["a-first"], due.free, due.b]);
  await complete(claimed);
  let last: Claimed[] = [];
  const lastBlocks = await fetchIndexBlocks(async () => {
    last = await fetch(10);
  });
  expect(last.map((job) => job.id)).toEqual([due["a-second"]]);
  await complete(last);
  expect(blocks).toBeLessThan(60);
  expect(lastBlocks).toBeLessThan(60);
});

it("reads a few blocks in the 0.1 protocol's get_jobs, with or without anything due", async () => {
  await client.query("select graphile_worker.worker_register('w1', interval '1 minute')");
  const idle = await fetchIndexBlocks(async () => {
    expect(await fetchV1(10)).toEqual([]);
  });
  expect(idle).toBeLessThan(60);
  const due = await addDue([["q", 1, "a"], ["free", -2, null]]);
  let claimed: Claimed[] = [];
  const blocks = await fetchIndexBlocks(async () => {
    claimed = await fetchV1(10);
  });
  expect(claimed.map((job) => job.id)).toEqual([due.free, due.q]);
  expect(blocks).toBeLessThan(60);
});

it("reads a few rows when a running queue's waiting jobs come first", async () => {
  // A serial queue with a long backlog: its head is running, so none of the
  // rest can run, and all of them come before the other queues' jobs.
  await client.query(
    `select count(*) from graphile_worker.add_jobs(array(
       select row('t', '{}'::json, 'backlog', now() - interval '1 hour', null::smallint, null::text, 0::smallint, null::text[])::graphile_worker.job_spec
       from generate_series(1, $1::int)))`,
    [FUTURE / 2],
  );
  await client.query("vacuum analyze graphile_worker._private_jobs");
  const head = await fetch(1);
  expect(head).toHaveLength(1);
  const due = await addDue([["other", 0, "other"], ["free", 0, null]]);
  let claimed: Claimed[] = [];
  const rows = await jobRowsRead(async () => {
    claimed = await fetch(10);
  });
  expect(claimed.map((job) => job.id)).toEqual([due.other, due.free]);
  // The claim reads a hundred-odd of the backlog's jobs (it read all 20,000),
  // then takes the queues one by one: a few index probes for each of the
  // seven queues, passing over the jobs not due yet in four of them.
  expect(rows).toBeLessThan(1_000);
  // Nothing else can run: an idle fetch reads as little.
  const idle = await jobRowsRead(async () => {
    expect(await fetch(10)).toEqual([]);
  });
  expect(idle).toBeLessThan(1_000);
  await complete([...head, ...claimed]);
  // The head done, the queue's next job runs.
  const next = await fetch(10);
  expect(next).toHaveLength(1);
  await complete(next);
});
