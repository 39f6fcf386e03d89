// Concurrency at the edges: cleanup while workers run and producers add,
// and sweeps racing each other.
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { makeWorkerUtils, run, silentLogger, type Runner, type WorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";

let db: TestDatabase;
let utils: WorkerUtils;
beforeEach(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
});
afterEach(async () => {
  await db.drop();
});

const count = async (sql: string) => Number((await db.pool.query(sql)).rows[0].n);

it("cleanup running in a loop while producers add and workers run loses nothing and deadlocks nothing", async () => {
  const ran = new Map<string, number>();
  const runners: Runner[] = [];
  for (let i = 0; i < 2; i++) {
    runners.push(
      await run({
        connectionString: db.url,
        concurrency: 4,
        prefetch: 8,
        pollInterval: 50,
        logger: silentLogger,
        handleSignals: false,
        taskList: Object.fromEntries(
          Array.from({ length: 6 }, (_, t) => [`task_${t}`, async (_p: unknown, { job }: { job: { id: string } }) => void ran.set(job.id, (ran.get(job.id) ?? 0) + 1)]),
        ),
      }),
    );
  }
  let stop = false;
  const cleanups: Promise<number>[] = [1, 2].map(async () => {
    let rounds = 0;
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    while (!stop) {
      await client.query("select * from graphile_worker.cleanup(array['DELETE_PERMAFAILED_JOBS', 'GC_TASK_IDENTIFIERS', 'GC_JOB_QUEUES'])");
      rounds++;
    }
    await client.end();
    return rounds;
  });
  const producers = [0, 1, 2].map(async (p) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    for (let i = 0; i < 150; i++) {
      // Fresh queue names and identifiers keep appearing and emptying: what cleanup collects.
      await client.query("select graphile_worker.add_job($1, '{}', queue_name := $2)", [`task_${i % 6}`, i % 2 ? null : `queue_${p}_${i % 10}`]);
    }
    await client.end();
  });
  await Promise.all(producers);
  await until(async () => ran.size === 450, 30_000, "all jobs to run");
  stop = true;
  const rounds = await Promise.all(cleanups);
  await Promise.all(runners.map((r) => r.stop()));
  expect(rounds.every((n) => n > 5)).toBe(true);
  expect([...ran.values()].every((n) => n === 1)).toBe(true);
  expect(await count("select count(*) as n from graphile_worker.jobs")).toBe(0);
});

it("a sweep that finds another one running says so instead of looking like 'nothing found'", async () => {
  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  try {
    await holder.query("begin");
    const first = await holder.query("select * from graphile_worker.sweep_stale_workers()");
    expect(first.rows[0].another_sweep_running).toBe(false);
    const started = Date.now();
    expect(await utils.sweepStaleWorkers()).toEqual({ dead_worker_ids: [], jobs_recovered: 0, queues_unlocked: 0, another_sweep_running: true });
    expect(await utils.sweepStaleWorkers({ dryRun: true })).toMatchObject({ another_sweep_running: true });
    expect(Date.now() - started).toBeLessThan(1000);
    await holder.query("commit");
    expect((await utils.sweepStaleWorkers()).another_sweep_running).toBe(false);
  } finally {
    await holder.end();
  }
});

it("sweeps racing each other recover each dead worker's jobs exactly once", async () => {
  for (let w = 0; w < 5; w++) {
    await db.pool.query("select graphile_worker.worker_heartbeat($1)", [`dead-${w}`]);
    for (let j = 0; j < 4; j++) await utils.addJob("t", {}, { queueName: j === 0 ? `q${w}` : null });
    await db.pool.query("select * from graphile_worker.get_jobs($1, array['t'], 4)", [`dead-${w}`]);
  }
  await db.pool.query("update graphile_worker._private_workers set last_heartbeat_at = now() - interval '1 hour'");
  const clients = await Promise.all(
    Array.from({ length: 6 }, async () => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      return c;
    }),
  );
  try {
    const results = await Promise.all(
      clients.map((c) => c.query("select * from graphile_worker.sweep_stale_workers(recovery_delay := '0')").then((r) => r.rows[0])),
    );
    const recovered = results.reduce((sum, r) => sum + r.jobs_recovered, 0);
    expect(recovered).toBe(20);
    expect(results.reduce((sum, r) => sum + r.queues_unlocked, 0)).toBe(5);
    expect(results.flatMap((r) => r.dead_worker_ids).sort()).toEqual(["dead-0", "dead-1", "dead-2", "dead-3", "dead-4"]);
    expect(results.some((r) => r.another_sweep_running) || results.filter((r) => r.jobs_recovered > 0).length === 1).toBe(true);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  expect(await count("select count(*) as n from graphile_worker.jobs where locked_at is not null")).toBe(0);
});
