// Keyed adds racing workers, with real concurrent connections (upstream
// issue #580: an add that loses the race must never come back empty), and
// the jobs:insert notification that wakes idle workers.
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

const settled = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

it("an add waiting on a worker's fetch of the keyed job makes a new job once the fetch commits", async () => {
  const { rows: [old] } = await db.pool.query("select * from graphile_worker.add_job('t', '{\"v\": 1}', job_key := 'k')");
  const worker = await connect();
  const adder = await connect();
  try {
    await worker.query("begin");
    const { rows: fetched } = await worker.query("select id from graphile_worker.get_jobs('w1', array['t'])");
    expect(fetched.map((r) => r.id)).toEqual([old.id]);
    const adding = adder.query("select * from graphile_worker.add_job('t', '{\"v\": 2}', job_key := 'k')");
    expect(await settled(adding, 300)).toBe(false);
    await worker.query("commit");
    const { rows: [added] } = await adding;
    expect(added.id).not.toBe(old.id);
    expect(added).toMatchObject({ key: "k", revision: 0, payload: { v: 2 }, attempts: 0 });
    const { rows: [before] } = await db.pool.query("select key, attempts, max_attempts, locked_by from graphile_worker._private_jobs where id = $1", [old.id]);
    expect(before).toEqual({ key: null, attempts: 25, max_attempts: 25, locked_by: "w1" });
  } finally {
    await worker.end();
    await adder.end();
  }
});

it("an add waiting on a fetch that rolls back updates the job in place", async () => {
  const { rows: [old] } = await db.pool.query("select * from graphile_worker.add_job('t', '{\"v\": 1}', job_key := 'k')");
  const worker = await connect();
  const adder = await connect();
  try {
    await worker.query("begin");
    await worker.query("select graphile_worker.get_jobs('w1', array['t'])");
    const adding = adder.query("select * from graphile_worker.add_job('t', '{\"v\": 2}', job_key := 'k')");
    expect(await settled(adding, 300)).toBe(false);
    await worker.query("rollback");
    const { rows: [added] } = await adding;
    expect(added).toMatchObject({ id: old.id, key: "k", revision: 1, payload: { v: 2 } });
  } finally {
    await worker.end();
    await adder.end();
  }
});

it("remove_job waiting on a worker that is failing the keyed job removes it once the failure commits", async () => {
  await db.pool.query("select graphile_worker.worker_register('w1', '1 minute')");
  const { rows: [job] } = await db.pool.query("select * from graphile_worker.add_job('t', '{\"v\": 1}', job_key := 'k')");
  const claim = "00000000-0000-4000-8000-000000000001";
  await db.pool.query("select graphile_worker.get_jobs_v2('w1', $1, array['t'])", [claim]);
  const worker = await connect();
  const remover = await connect();
  try {
    await worker.query("begin");
    await worker.query("select graphile_worker.worker_fail_jobs_v2('w1', $1, $2, array['boom'])", [[job.id], [claim]]);
    const removing = remover.query("select id from graphile_worker.remove_job('k')");
    expect(await settled(removing, 300)).toBe(false);
    await worker.query("commit");
    const { rows: removed } = await removing;
    expect(removed.map((r) => r.id), "the job, no longer running, is removed").toEqual([job.id]);
    const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker._private_jobs");
    expect(rows[0].n).toBe(0);
  } finally {
    await worker.end();
    await remover.end();
  }
});

it("concurrent keyed adds racing a worker always end in a documented outcome, never an empty row", async () => {
  const ADDERS = 6;
  const ROUNDS = 60;
  const worker = await connect();
  const adders = await Promise.all(Array.from({ length: ADDERS }, connect));
  let stop = false;
  let workerRounds = 0;
  // The worker keeps taking the keyed job and, in turn, completing it,
  // failing it (it waits for a retry) or giving it back.
  const working = (async () => {
    while (!stop) {
      // A little ahead of the clock (within what get_jobs allows), so that
      // a failed job's first retries are fetched again.
      const { rows } = await worker.query("select id from graphile_worker.get_jobs('racer', array['t'], 5, now := now() + interval '55 seconds')");
      const ids = rows.map((r) => r.id);
      if (ids.length) {
        const action = workerRounds++ % 3;
        if (action === 0) await worker.query("select graphile_worker.worker_complete_jobs('racer', $1)", [ids]);
        else if (action === 1) await worker.query("select graphile_worker.worker_fail_jobs('racer', $1, $2)", [ids, ids.map(() => "boom")]);
        else await worker.query("select graphile_worker.worker_return_jobs('racer', $1)", [ids]);
      }
    }
  })();
  try {
    const results = await Promise.all(
      adders.map(async (client, a) => {
        const outcomes: { id: string; key: string | null; revision: number; payload: unknown }[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const mode = ["replace", "preserve_run_at", "unsafe_dedupe"][(a + round) % 3];
          const { rows } = await client
            .query("select * from graphile_worker.add_job('t', json_build_array($1::int), job_key := 'race', job_key_mode := $2)", [
              a * 1000 + round,
              mode,
            ])
            .catch((error) => {
              throw new Error(`add ${a}/${round} (${mode}) failed: ${error.code} ${error.message}`);
            });
          expect(rows).toHaveLength(1);
          outcomes.push(rows[0]);
        }
        return outcomes;
      }),
    );
    for (const outcome of results.flat()) {
      expect(outcome.id).not.toBeNull();
      expect(outcome.key).toBe("race");
      expect(Array.isArray(outcome.payload)).toBe(true);
    }
  } finally {
    stop = true;
    await working;
    await worker.end();
    await Promise.all(adders.map((c) => c.end()));
  }
  expect(workerRounds).toBeGreaterThan(0);
  // At most one job holds the key (the worker may have completed the last one).
  const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker._private_jobs where key = 'race'");
  expect(rows[0].n).toBeLessThanOrEqual(1);
  // Every job that lost its key to a newer one will not run again.
  const { rows: orphans } = await db.pool.query(
    "select count(*)::int as n from graphile_worker._private_jobs where key is null and attempts < max_attempts",
  );
  expect(orphans[0].n).toBe(0);
});

it("concurrent batches with overlapping keys each get one row per spec", async () => {
  const clients = await Promise.all(Array.from({ length: 4 }, connect));
  try {
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const results = await Promise.all(
      clients.map((client, c) =>
        client.query(
          `select key from graphile_worker.add_jobs(array(
             select row('t', json_build_array($1::int), null, null, null, k, null, null)::graphile_worker.job_spec
             from unnest($2::text[]) k))`,
          [c, c % 2 ? keys : [...keys].reverse()],
        ),
      ),
    );
    for (const [c, result] of results.entries()) {
      expect(result.rows.map((r) => r.key)).toEqual(c % 2 ? keys : [...keys].reverse());
    }
    const { rows } = await db.pool.query(
      "select count(*)::int as jobs, min(json_array_length(payload)) as shortest from graphile_worker._private_jobs",
    );
    // Four batches appended their item to each of the 20 batch jobs.
    expect(rows[0]).toEqual({ jobs: 20, shortest: 4 });
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
});

it("add_job, add_jobs and remove_job notify jobs:insert; a no-op dedupe does not", async () => {
  const listener = await connect();
  const received: string[] = [];
  listener.on("notification", (n) => {
    if (n.channel === "jobs:insert") received.push(n.payload ?? "");
  });
  await listener.query('listen "jobs:insert"');
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 3000;
    while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  };
  try {
    await db.pool.query("select graphile_worker.add_job('t', job_key := 'n')");
    await waitFor(1);
    await db.pool.query("select graphile_worker.add_jobs(array[row('a', null, null, null, null, null, null, null), row('b', null, null, null, null, null, null, null)]::graphile_worker.job_spec[])");
    await waitFor(2);
    await db.pool.query("select graphile_worker.add_job('t', job_key := 'n', job_key_mode := 'unsafe_dedupe')");
    await db.pool.query("select graphile_worker.remove_job('n')");
    await waitFor(3);
    await new Promise((r) => setTimeout(r, 100));
    expect(received.map((p) => JSON.parse(p))).toEqual([{ count: 1 }, { count: 2 }, { count: -1 }]);
  } finally {
    await listener.end();
  }
});
