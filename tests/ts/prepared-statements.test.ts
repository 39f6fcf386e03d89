// Prepared statements: the facade and the runner prepare their queries once
// per connection, and send them unprepared when told to (for poolers that
// cannot keep them).
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { makeWorkerUtils, runOnce, run } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let db: TestDatabase;
let single: pg.Pool;
beforeEach(async () => {
  db = await createTestDatabase();
  // One connection: what the facade prepared on it is visible to the test's own queries.
  single = new pg.Pool({ connectionString: db.url, max: 1 });
});
afterEach(async () => {
  await single.end();
  await db.drop();
});

const prepared = async () =>
  (await single.query("select name from pg_prepared_statements where name like 'gw\\_%' order by name")).rows.map((r) => r.name);

it("WorkerUtils prepares each query once per connection, and reuses it", async () => {
  const utils = await makeWorkerUtils({ pgPool: single });
  await utils.addJob("t", { n: 1 });
  const once = await prepared();
  expect(once).toHaveLength(1);
  await utils.addJob("t", { n: 2 });
  await utils.addJob("t", { n: 3 });
  expect(await prepared()).toEqual(once);
  expect(Number((await single.query("select count(*) as n from graphile_worker.jobs")).rows[0].n)).toBe(3);
  await utils.release();
});

it("noPreparedStatements sends every query unprepared, from WorkerUtils and from the runner", async () => {
  const utils = await makeWorkerUtils({ pgPool: single, noPreparedStatements: true });
  await utils.addJob("t", {});
  const ran: unknown[] = [];
  await runOnce({
    pgPool: single,
    taskList: { t: async (payload) => void ran.push(payload) },
    noPreparedStatements: true,
    handleSignals: false,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  expect(ran).toHaveLength(1);
  expect(await prepared()).toEqual([]);
  await utils.release();
});

it("the runner prepares its fetch by default", async () => {
  const utils = await makeWorkerUtils({ pgPool: single, noPreparedStatements: true });
  await utils.addJob("t", {});
  const ran: unknown[] = [];
  await runOnce({
    pgPool: single,
    taskList: { t: async (payload) => void ran.push(payload) },
    handleSignals: false,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  expect(ran).toHaveLength(1);
  expect((await prepared()).length).toBeGreaterThan(0);
  await utils.release();
});

it("refuses a noPreparedStatements that is not a boolean", async () => {
  await expect(
    run({ connectionString: db.url, taskList: {}, noPreparedStatements: "yes" as never, handleSignals: false }),
  ).rejects.toThrow("noPreparedStatements must be true or false (got yes)");
});
