// Exactly once under load, and through faults: every job runs once, named
// queues never run two jobs at once, nothing is left behind.
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { makeWorkerUtils, type WorkerUtils } from "../../src/index";
import { migrate } from "../../src/migrate";
import { createTestDatabase, type TestDatabase } from "../ts/helpers/db";
import { createRunTables, killAll, spawnCli, TASKS, until, type Spawned } from "../ts/helpers/fixtures";

let db: TestDatabase;
let utils: WorkerUtils;
const processes: Spawned[] = [];

beforeEach(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
  await createRunTables(db.pool);
});
afterEach(async () => {
  await killAll(processes);
  await db.drop();
});

const count = async (sql: string) => Number((await db.pool.query(sql)).rows[0].n);

function worker(url: string, ...args: string[]): Spawned {
  const spawned = spawnCli(["run", "--tasks", TASKS, "--database-url", url, "--poll-interval", "200ms", ...args], {
    GRAPHILE_WORKER_LOG_LEVEL: "warn",
  });
  processes.push(spawned);
  return spawned;
}

async function addMixedJobs(n: number, queues: number): Promise<void> {
  const specs = Array.from({ length: n }, (_, i) => ({
    identifier: "record",
    payload: { ms: i % 10 === 0 ? 2 : 0 },
    queueName: i % 4 === 0 ? `queue-${i % queues}` : null,
  }));
  for (let i = 0; i < specs.length; i += 5000) await utils.addJobs(specs.slice(i, i + 5000));
}

it("4 runner processes drain 20,000 jobs across named queues and no queue, each exactly once", async () => {
  await addMixedJobs(20_000, 25);
  const workers = [1, 2, 3, 4].map(() => worker(db.url, "--concurrency", "10", "--prefetch", "50"));
  await until(async () => (await count("select count(*) as n from test_runs")) === 20_000, 240_000, "20,000 runs");
  await until(async () => (await count("select count(*) as n from graphile_worker.jobs")) === 0, 30_000, "an empty queue");
  expect(await count("select count(*) as n from test_violations")).toBe(0);
  expect(await count("select count(distinct worker_id) as n from test_runs")).toBe(4);
  for (const w of workers) w.child.kill("SIGTERM");
  for (const w of workers) expect((await w.exited).code).toBe(0);
  expect(await count("select count(*) as n from graphile_worker._private_job_queues where locked_at is not null")).toBe(0);
});

it("a runner killed with SIGKILL mid-batch: its jobs are recovered by the sweep and completed once, attempts counted", async () => {
  await utils.addJobs(
    Array.from({ length: 40 }, (_, i) => ({ identifier: "slow", payload: { slow_on: "doomed", slow_ms: 60_000, ms: 5 }, queueName: i < 4 ? `q${i}` : null })),
  );
  const doomed = worker(db.url, "--worker-id", "doomed", "--concurrency", "8", "--prefetch", "12", "--heartbeat-interval", "200ms");
  await until(async () => (await count("select count(*) as n from test_starts")) === 8, 20_000, "a batch to be running");
  const held = await count("select count(*) as n from graphile_worker.jobs where locked_at is not null");
  expect(held).toBe(20);
  doomed.child.kill("SIGKILL");
  await doomed.exited;
  worker(db.url, "--concurrency", "8", "--heartbeat-interval", "200ms", "--sweep-interval", "300ms", "--sweep-threshold", "1s", "--recovery-delay", "0s");
  await until(async () => (await count("select count(*) as n from graphile_worker.jobs")) === 0, 60_000, "every job to finish");
  expect(await count("select count(*) as n from test_runs")).toBe(40);
  // The 20 jobs the dead worker held (8 started, 12 prefetched) ran on their second attempt.
  expect(await count("select count(*) as n from test_runs where attempts = 2")).toBe(20);
  expect(await count("select count(*) as n from test_runs where attempts = 1")).toBe(20);
});

it("the PostgreSQL server restarted mid-run: nothing lost, nothing run twice", async () => {
  const { startThrowawayCluster } = await import("../../scripts/lib/postgres.mjs");
  const cluster = await startThrowawayCluster();
  try {
    const pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
    pool.on("error", () => {});
    try {
      await migrate(pool);
      await createRunTables(pool);
      const own = await makeWorkerUtils({ pgPool: pool });
      await own.addJobs(Array.from({ length: 3000 }, (_, i) => ({ identifier: "record", payload: { ms: 3 }, queueName: i % 3 === 0 ? `q${i % 5}` : null })));
      const runs = async () => Number((await pool.query("select count(*) as n from test_runs")).rows[0].n);
      const workers = [1, 2].map(() => worker(cluster.url, "--concurrency", "6", "--prefetch", "10"));
      await until(async () => (await runs()) > 300, 60_000, "some progress");
      cluster.restart("fast");
      await until(async () => (await runs().catch(() => 0)) === 3000, 120_000, "every job after the restart");
      await until(async () => Number((await pool.query("select count(*) as n from graphile_worker.jobs")).rows[0].n) === 0, 30_000, "an empty queue");
      expect(Number((await pool.query("select count(*) as n from test_violations")).rows[0].n)).toBe(0);
      for (const w of workers) expect(w.output()).toMatch(/database error/);
      for (const w of workers) w.child.kill("SIGTERM");
      for (const w of workers) expect((await w.exited).code).toBe(0);
    } finally {
      await pool.end();
    }
  } finally {
    cluster.stop();
  }
});
