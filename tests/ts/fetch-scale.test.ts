// A fetch reads the due part of the fetch index only. Jobs that are not due
// yet (scheduled for later, or waiting for a retry) sit in the same index
// after the due ones; a fetch that asks for more jobs than are due, or finds
// none, must not walk through all of them. Read from the index's block
// counters after the fetching session flushed its statistics.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let db: TestDatabase;
let client: pg.Client;

const FUTURE = 20_000;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // Not due for a day, at two priorities, so that the due jobs below sit
  // before, between and after them in the index's (priority, run_at, id) order.
  for (const priority of [0, 3]) {
    await client.query(
      `select count(*) from graphile_worker.add_jobs(array(
         select row('t', '{}'::json, null::text, now() + interval '1 day', null::smallint, null::text, $2::smallint, null::text[])::graphile_worker.job_spec
         from generate_series(1, $1::int)))`,
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

/** Blocks of the fetch index read by `run` (buffer hits and reads). */
async function fetchIndexBlocks(run: () => Promise<void>): Promise<number> {
  const read = async () => {
    await client.query("select pg_stat_force_next_flush()");
    await client.query("select pg_stat_clear_snapshot()");
    const { rows } = await client.query(
      `select (idx_blks_hit + idx_blks_read)::int as blocks from pg_statio_user_indexes
       where indexrelid = 'graphile_worker._private_jobs_fetch'::regclass`,
    );
    return rows[0].blocks as number;
  };
  const before = await read();
  await run();
  return (await read()) - before;
}

async function fetch(batch: number): Promise<{ id: string; priority: number }[]> {
  const { rows } = await client.query(
    "select id::text, priority from graphile_worker.get_jobs_v2('w', gen_random_uuid(), array['t'], $1)",
    [batch],
  );
  return rows;
}

it("reads a few blocks of the fetch index when nothing is due, whatever the number of jobs due later", async () => {
  // The index holds FUTURE entries: about 80 leaf blocks. A fetch costs two
  // probes (root and leaf) per priority in use, and reads no further.
  const blocks = await fetchIndexBlocks(async () => {
    expect(await fetch(10)).toEqual([]);
  });
  expect(blocks).toBeLessThan(24);
});

it("claims the due jobs in priority order and stops there when they are fewer than asked for", async () => {
  const due: Record<string, string> = {};
  for (const [name, priority] of [["p2", 2], ["p-1", -1], ["p5", 5], ["p0", 0]] as const) {
    const { rows } = await client.query("select (graphile_worker.add_job('t', priority := $1)).id::text as id", [priority]);
    due[name] = rows[0].id;
  }
  let claimed: { id: string; priority: number }[] = [];
  const blocks = await fetchIndexBlocks(async () => {
    claimed = await fetch(3);
  });
  expect(claimed.map((job) => job.id)).toEqual([due["p-1"], due.p0, due.p2]);
  let rest: { id: string; priority: number }[] = [];
  const moreBlocks = await fetchIndexBlocks(async () => {
    rest = await fetch(10);
  });
  expect(rest.map((job) => job.id)).toEqual([due.p5]);
  expect(blocks).toBeLessThan(24);
  expect(moreBlocks).toBeLessThan(24);
});
