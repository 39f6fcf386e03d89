// cleanup racing the queue, with real concurrent connections: it never
// orphans a job (whatever its isolation level), and never makes a fetch, a
// completion or an enqueue wait, even beside a long transaction or over a
// large table. Waits are read from pg_locks, not timed.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return client;
}

const pidOf = async (client: pg.Client): Promise<number> => (await client.query("select pg_backend_pid() as pid")).rows[0].pid;

/** Whether any of pids waits right now for a lock that one of blockers holds (all of them: any lock). */
async function waiting(observer: pg.Client, pids: number[], blockers?: number[]): Promise<boolean> {
  const { rows } = await observer.query(
    `select count(*)::int as n from pg_locks
     where not granted and pid = any($1) and ($2::int[] is null or pg_blocking_pids(pid) && $2::int[])`,
    [pids, blockers ?? null],
  );
  return rows[0].n > 0;
}

/**
 * Runs `during` while an observer samples pg_locks for any wait of `pids`
 * on a lock `blockers` hold, until `during` settles. Returns how many
 * samples saw one waiting.
 */
async function sampleWaits(pids: number[], blockers: number[], during: Promise<unknown>): Promise<{ samples: number; waits: number }> {
  const observer = await connect();
  let settled = false;
  const done = during.finally(() => (settled = true));
  let samples = 0;
  let waits = 0;
  try {
    while (!settled) {
      samples++;
      if (await waiting(observer, pids, blockers)) waits++;
    }
    await done;
  } finally {
    await observer.end();
  }
  return { samples, waits };
}

it.each(["repeatable read", "serializable"])("a job added to a queue while cleanup (%s) collects it still runs, alone in its queue", async (isolation) => {
  // An empty named queue: its row stays after its only job completed.
  const { rows: [first] } = await db.pool.query("select id from graphile_worker.add_job('t', queue_name := 'q')");
  await db.pool.query("select graphile_worker.complete_jobs(array[$1::bigint])", [first.id]);
  const cleaner = await connect();
  try {
    // Cleanup's snapshot is taken before the adds commit, so it sees the queue empty.
    await cleaner.query(`begin isolation level ${isolation}`);
    await cleaner.query("select count(*) from graphile_worker.jobs");
    const { rows: added } = await db.pool.query(
      "select id from graphile_worker.add_jobs(array[row('t', '{\"n\": 1}', 'q', null, null, null, null, null), row('t', '{\"n\": 2}', 'q', null, null, null, null, null)]::graphile_worker.job_spec[])",
    );
    const { rows: [gc] } = await cleaner.query("select deleted from graphile_worker.cleanup(array['GC_JOB_QUEUES'])");
    await cleaner.query("commit");
    expect(gc.deleted, "the race happened: cleanup removed the queue row under the new jobs").toBe(1);
    expect((await db.pool.query("select count(*)::int as n from graphile_worker._private_job_queues where queue_name = 'q'")).rows[0].n).toBe(0);

    await db.pool.query("select graphile_worker.worker_register('w', '1 minute')");
    const claim = randomUUID();
    const { rows: fetched } = await db.pool.query("select id, payload from graphile_worker.get_jobs_v2('w', $1, array['t'], 10)", [claim]);
    expect(fetched.map((r) => r.id), "the first job runs, and only it: the queue is serial again").toEqual([added[0].id]);
    expect((await db.pool.query("select locked_by from graphile_worker._private_job_queues where queue_name = 'q'")).rows).toEqual([{ locked_by: "w" }]);
    const { rows: next } = await db.pool.query(
      "select id from graphile_worker.get_jobs_v2('w', gen_random_uuid(), array['t'], 10, completed_job_ids := $1, completed_claims := $2)",
      [[added[0].id], [claim]],
    );
    expect(next.map((r) => r.id)).toEqual([added[1].id]);
  } finally {
    await cleaner.end();
  }
});

it("GC_JOB_QUEUES beside an open transaction holding a queue row never makes a fetch, a completion or an add wait", async () => {
  // Fifty empty queues for cleanup to collect, then one more whose row an
  // open transaction holds (as a fetch kept open would).
  await db.pool.query(`
    insert into graphile_worker._private_job_queues (queue_name) select 'empty-' || i from generate_series(1, 50) i;
    insert into graphile_worker._private_job_queues (queue_name) values ('held')`);
  await db.pool.query("select graphile_worker.worker_register('w', '1 minute')");
  await db.pool.query("select graphile_worker.add_job('t', queue_name := 'busy')");
  await db.pool.query("select graphile_worker.add_job('t')");
  const claim = randomUUID();
  const { rows: running } = await db.pool.query("select id from graphile_worker.get_jobs_v2('w', $1, array['t'], 10)", [claim]);
  expect(running).toHaveLength(2);
  await db.pool.query("select graphile_worker.add_job('t', queue_name := 'other')");

  const holder = await connect();
  const cleaner = await connect();
  const probe = await connect();
  try {
    await holder.query("begin");
    await holder.query("select 1 from graphile_worker._private_job_queues where queue_name = 'held' for update");
    const cleanerPid = await pidOf(cleaner);
    const holderPid = await pidOf(holder);
    const probePid = await pidOf(probe);
    const cleaning = cleaner.query("select deleted from graphile_worker.cleanup(array['GC_JOB_QUEUES'])");
    const observer = await connect();
    try {
      // Cleanup has either finished or is waiting behind the open transaction.
      const finished = cleaning.then(() => true, () => true);
      await until(async () => (await Promise.race([finished, Promise.resolve(false)])) || (await waiting(observer, [cleanerPid])), 5_000, "cleanup to finish or wait");
    } finally {
      await observer.end();
    }
    await probe.query("set lock_timeout = '5s'");
    const probes = async () => {
      await probe.query("select graphile_worker.add_job('t', queue_name := 'empty-1')");
      await probe.query("select graphile_worker.add_job('t', queue_name := 'empty-50')");
      await probe.query("select graphile_worker.add_job('t')");
      await probe.query("select * from graphile_worker.get_jobs_v2('w', gen_random_uuid(), array['t'], 10, completed_job_ids := $1, completed_claims := $2)",
        [running.map((r) => r.id), running.map(() => claim)]);
    };
    const { samples, waits } = await sampleWaits([probePid], [cleanerPid, holderPid], probes());
    expect(samples).toBeGreaterThan(0);
    expect(waits, "samples in which an add, a fetch or a completion waited for a lock cleanup or the open transaction held").toBe(0);
    await holder.query("commit");
    const { rows } = await cleaning;
    expect(rows[0].deleted).toBeGreaterThanOrEqual(48);
  } finally {
    await holder.end();
    await cleaner.end();
    await probe.end();
  }
});

it("GC_TASK_IDENTIFIERS over hundreds of thousands of jobs never makes an enqueue wait", async () => {
  await db.pool.query(`
    insert into graphile_worker._private_tasks (identifier)
      select 'used-' || i from generate_series(0, 19) i
      union all select 'unused-' || i from generate_series(0, 99) i;
    insert into graphile_worker._private_jobs (task_identifier)
      select 'used-' || (i % 20) from generate_series(1, 300000) i;
    analyze graphile_worker._private_jobs`);
  const cleaner = await connect();
  const adders = [await connect(), await connect()];
  try {
    const pids = await Promise.all(adders.map(pidOf));
    const cleanerPid = await pidOf(cleaner);
    let cleaning = true;
    let during = 0;
    const add = async (client: pg.Client, n: number) => {
      await client.query("set lock_timeout = '5s'");
      for (let i = 0; cleaning; i++) {
        await client.query("select graphile_worker.add_job($1)", [i % 2 ? `used-${i % 20}` : `new-${n}-${i}`]);
        if (cleaning) during++;
      }
    };
    const adding = Promise.all(adders.map(add));
    const gc = cleaner.query("select deleted from graphile_worker.cleanup(array['GC_TASK_IDENTIFIERS'])").finally(() => (cleaning = false));
    const { samples, waits } = await sampleWaits(pids, [cleanerPid], gc);
    await adding;
    expect((await gc).rows[0].deleted).toBe(100);
    expect(during, "enqueues completed while cleanup ran").toBeGreaterThan(5);
    expect(samples).toBeGreaterThan(5);
    expect(waits, "samples in which an enqueue waited for a lock cleanup held").toBe(0);
  } finally {
    await cleaner.end();
    for (const a of adders) await a.end();
  }
}, 30_000);
