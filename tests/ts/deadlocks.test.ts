// Rows are locked in one order (by id) by everything that locks several
// jobs, so concurrent callers wait for each other instead of deadlocking:
// adders with several keys per add_jobs, workers fetching in batches with
// completions riding along and failing jobs, two administrators
// rescheduling, failing and completing random sets of jobs, and cleanup.
// A caller never sees 40P01 (real connections, a few hundred calls each).
import { randomUUID } from "node:crypto";
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

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return client;
}

const KEYS = Array.from({ length: 24 }, (_, i) => `k${i}`);
const QUEUES = [null, null, "q0", "q1", "q2", "q3"];
const shuffled = <T>(xs: T[]): T[] => xs.map((x) => [Math.random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

it("adders, batched workers, administrators and cleanup never deadlock", async () => {
  const setup = await connect();
  for (const w of ["w0", "w1"]) await setup.query("select graphile_worker.worker_register($1, '1 minute')", [w]);
  await setup.end();

  const calls: Record<string, number> = {};
  const errors: string[] = [];
  const CALLS = 150;
  const deadline = Date.now() + 12_000;
  const loop = async (name: string, step: (client: pg.Client) => Promise<void>) => {
    const client = await connect();
    try {
      for (calls[name] = 0; calls[name] < CALLS && Date.now() < deadline; calls[name]++) {
        try {
          await step(client);
        } catch (error) {
          errors.push(`${name}: ${(error as { code?: string }).code} ${(error as Error).message} ${(error as { detail?: string }).detail ?? ""} ${(error as { where?: string }).where ?? ""}`);
        }
      }
    } finally {
      await client.end();
    }
  };

  // Adders: four keys per call, in random order, batch payloads, some in named queues.
  const add = (client: pg.Client) =>
    client
      .query(
        `select count(*) from graphile_worker.add_jobs(array(
           select row('t', s.payload, s.queue, null, null, s.key, null, null)::graphile_worker.job_spec
           from json_to_recordset($1::json) as s(key text, queue text, payload json)))`,
        [JSON.stringify(shuffled(KEYS).slice(0, 4).map((key) => ({ key, queue: pick(QUEUES), payload: [Math.random()] })))],
      )
      .then(() => undefined);

  // Workers: a batch under a fresh claim; of the previous batch, complete
  // some with the fetch and fail the others just before it.
  const worker = (id: string) => {
    let held: string[] = [];
    let claim = "";
    return async (client: pg.Client) => {
      const done = held.filter(() => Math.random() < 0.6);
      const failed = held.filter((j) => !done.includes(j));
      if (failed.length) {
        await client.query("select graphile_worker.worker_fail_jobs_v2($1, $2, $3, $4, $5)", [
          id, failed, failed.map(() => claim), failed.map(() => "boom"), JSON.stringify(failed.map(() => [0])),
        ]);
      }
      const next = randomUUID();
      const { rows } = await client.query(
        "select id from graphile_worker.get_jobs_v2($1, $2, array['t'], 8, completed_job_ids := $3, completed_claims := $4)",
        [id, next, done, done.map(() => claim)],
      );
      held = rows.map((r) => r.id);
      claim = next;
    };
  };

  // An administrator: random sets of jobs, in random order.
  const admin = async (client: pg.Client) => {
    const { rows } = await client.query("select id from graphile_worker.jobs order by random() limit 6");
    const ids = shuffled(rows.map((r) => r.id));
    const r = Math.random();
    if (r < 0.6) await client.query("select count(*) from graphile_worker.reschedule_jobs($1, run_at := now())", [ids]);
    else if (r < 0.8) await client.query("select count(*) from graphile_worker.permanently_fail_jobs($1, 'admin')", [ids]);
    else await client.query("select count(*) from graphile_worker.complete_jobs($1)", [ids]);
  };

  const cleanup = (client: pg.Client) =>
    client.query("select * from graphile_worker.cleanup(array['DELETE_PERMAFAILED_JOBS', 'GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS'])").then(() => undefined);

  await Promise.all([
    loop("adder 1", add),
    loop("adder 2", add),
    loop("worker 1", worker("w0")),
    loop("worker 2", worker("w1")),
    loop("admin 1", admin),
    loop("admin 2", admin),
    loop("cleanup", cleanup),
  ]);

  expect(errors.filter((e) => e.includes("40P01")), "deadlocks").toEqual([]);
  expect(errors).toEqual([]);
  expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBeGreaterThan(400);
  expect(Math.min(calls["adder 1"], calls["adder 2"], calls["worker 1"], calls["worker 2"])).toBeGreaterThan(60);
}, 20_000);
