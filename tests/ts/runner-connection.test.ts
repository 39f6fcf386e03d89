// Connections lost under running workers: every backend of the runners is
// terminated, repeatedly, mid-run. Every job still runs exactly once.
import { afterEach, beforeEach, expect, it } from "vitest";
import { makeWorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createRunTables, killAll, spawnCli, TASKS, until, type Spawned } from "./helpers/fixtures";

let db: TestDatabase;
const processes: Spawned[] = [];

beforeEach(async () => {
  db = await createTestDatabase();
  await createRunTables(db.pool);
});
afterEach(async () => {
  await killAll(processes);
  await db.drop();
});

const count = async (sql: string) => Number((await db.pool.query(sql)).rows[0].n);

it("completes every job exactly once while the runners' connections keep being terminated", async () => {
  const JOBS = 600;
  const utils = await makeWorkerUtils({ pgPool: db.pool });
  await utils.addJobs(
    Array.from({ length: JOBS }, (_, i) => ({
      identifier: "record",
      payload: { ms: 3 },
      queueName: i % 3 === 0 ? `q${i % 4}` : null,
    })),
  );
  for (let i = 0; i < 2; i++) {
    const spawned = spawnCli([
      "run", "--tasks", TASKS, "--database-url", db.url, "--concurrency", "8", "--prefetch", "20", "--poll-interval", "100ms",
    ]);
    processes.push(spawned);
  }
  let kills = 0;
  while ((await count("select count(*) as n from test_runs")) < JOBS && kills < 6) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const { rowCount } = await db.pool.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name like 'graphile_worker worker-%'",
    );
    if (rowCount) kills++;
  }
  expect(kills).toBeGreaterThan(2);
  // Tasks whose own queries were cut fail and retry after e^1 s; give them time.
  await until(async () => (await count("select count(*) as n from graphile_worker.jobs")) === 0, 30_000, "every job to finish");
  expect(await count("select count(*) as n from test_runs")).toBe(JOBS);
  expect(await count("select count(*) as n from test_violations")).toBe(0);
  for (const p of processes) expect(p.output()).toMatch(/database error/);
  for (const p of processes) p.child.kill("SIGTERM");
  for (const p of processes) expect((await p.exited).code).toBe(0);
});
