// Named queues stay serial, and no job runs before its run_at, while a
// producer races the fetch: it moves keyed jobs (queue heads among them)
// between queues and reschedules queue heads into the future, while several
// workers batch-fetch with get_jobs_v2 (real connections, random claims).
// Every claim is recorded; a monitor checks the invariant from outside.
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

const QUEUES = Array.from({ length: 50 }, (_, i) => `q${i}`);
const KEYS = Array.from({ length: 150 }, (_, i) => `k${i}`);
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

interface Claim {
  worker: string;
  id: string;
  queue: string | null;
  runAt: number;
  lockedAt: number;
  /** When the reply reached the worker: the claim was committed before. */
  received: number;
  /** When the worker sent the completion: the lock was still held then. */
  released?: number;
}

it("no named queue ever has two jobs locked at once, and no job is claimed before its run_at", async () => {
  const setup = await connect();
  await setup.query(
    `select graphile_worker.add_jobs(array(
       select row('t', json_build_object('n', i), 'q' || (i % 50), null, null, 'k' || i, null, null)::graphile_worker.job_spec
       from generate_series(0, 149) i))`,
  );
  const workers = ["w0", "w1", "w2", "w3"];
  for (const w of workers) await setup.query("select graphile_worker.worker_register($1, '1 minute')", [w]);
  await setup.end();

  const deadline = Date.now() + 6_000;
  const claims: Claim[] = [];
  const violations: unknown[] = [];
  let moves = 0;
  let reschedules = 0;

  // Workers: fetch a batch under a fresh claim, "run" it briefly, complete
  // it with the next fetch.
  const work = async (worker: string) => {
    const client = await connect();
    let held: Claim[] = [];
    let claim: string | null = null;
    try {
      while (Date.now() < deadline) {
        const next = randomUUID();
        for (const c of held) c.released = performance.now();
        const { rows } = await client.query(
          `select id, queue_name, extract(epoch from run_at) * 1000 as run_at, extract(epoch from locked_at) * 1000 as locked_at
           from graphile_worker.get_jobs_v2($1, $2, array['t'], 10, completed_job_ids := $3, completed_claims := $4)`,
          [worker, next, held.map((c) => c.id), held.map(() => claim)],
        );
        const received = performance.now();
        held = rows.map((r) => ({ worker, id: r.id, queue: r.queue_name, runAt: Number(r.run_at), lockedAt: Number(r.locked_at), received }));
        claims.push(...held);
        claim = next;
        await new Promise((resolve) => setTimeout(resolve, rows.length ? Math.random() * 4 : 1)); // the jobs' work
      }
      if (held.length) {
        for (const c of held) c.released = performance.now();
        await client.query("select graphile_worker.worker_complete_jobs_v2($1, $2, $3)", [worker, held.map((c) => c.id), held.map(() => claim)]);
      }
    } finally {
      await client.end();
    }
  };

  // The producers: move queue heads (keyed jobs about to be fetched) to
  // other queues, and push others an hour ahead.
  const heads = async (client: pg.Client) =>
    (await client.query(
      `select distinct on (jobs.queue_name) jobs.id, jobs.key
       from graphile_worker._private_jobs as jobs
       join graphile_worker._private_job_queues as queues on queues.queue_name = jobs.queue_name and queues.locked_at is null
       where jobs.locked_at is null and jobs.attempts < jobs.max_attempts and jobs.run_at <= now()
       order by jobs.queue_name, jobs.priority, jobs.run_at, jobs.id`,
    )).rows as { id: string; key: string | null }[];
  const produce = async () => {
    const client = await connect();
    try {
      while (Date.now() < deadline) {
        const current = await heads(client);
        for (const head of current) {
          if (Date.now() >= deadline) break;
          if (head.key !== null && Math.random() < 0.8) {
            await client.query("select graphile_worker.add_job('t', '{}', queue_name := $1, job_key := $2)", [pick(QUEUES), head.key]);
            moves++;
          } else {
            await client.query("select graphile_worker.reschedule_jobs($1, run_at := now() + interval '1 hour')", [[head.id]]);
            reschedules++;
          }
        }
        const fresh = KEYS.filter(() => Math.random() < 0.02);
        for (const key of fresh) await client.query("select graphile_worker.add_job('t', '{}', queue_name := $1, job_key := $2)", [pick(QUEUES), key]);
      }
    } finally {
      await client.end();
    }
  };

  // The monitor: at every instant it sees, each locked job of a named queue
  // is the only one of its queue, and its worker holds the queue.
  const monitor = async () => {
    const client = await connect();
    try {
      while (Date.now() < deadline) {
        const { rows } = await client.query(`
          select jobs.queue_name, count(*)::int as locked, array_agg(jobs.locked_by) as holders, min(queues.locked_by) as queue_holder
          from graphile_worker._private_jobs as jobs
          left join graphile_worker._private_job_queues as queues on queues.queue_name = jobs.queue_name
          where jobs.queue_name is not null and jobs.locked_at is not null
          group by jobs.queue_name
          having count(*) > 1 or bool_or(queues.locked_by is distinct from jobs.locked_by)`);
        violations.push(...rows);
      }
    } finally {
      await client.end();
    }
  };

  const loops = await Promise.allSettled([...workers.map(work), produce(), produce(), monitor()]);
  expect(loops.filter((l) => l.status === "rejected").map((l) => String((l as PromiseRejectedResult).reason)), "errors").toEqual([]);

  expect(violations, "a named queue with two running jobs, or a running job whose worker does not hold its queue").toEqual([]);
  expect(claims.filter((c) => c.runAt > c.lockedAt), "jobs claimed before their run_at").toEqual([]);
  // Two claims of one queue overlapping in time: B's claim was committed
  // (before B received it) while A still held its job (A had not yet sent
  // its completion), after A's claim was committed.
  const overlapping: [Claim, Claim][] = [];
  for (const queue of QUEUES) {
    const ofQueue = claims.filter((c) => c.queue === queue).sort((a, b) => a.received - b.received);
    for (let i = 0; i < ofQueue.length; i++) {
      for (let j = i + 1; j < ofQueue.length && ofQueue[j].received < (ofQueue[i].released ?? Infinity); j++) {
        overlapping.push([ofQueue[i], ofQueue[j]]);
      }
    }
  }
  expect(overlapping, "claims of one named queue that were held at the same time").toEqual([]);
  // The race was on: many claims across many queues, while jobs moved.
  expect(claims.length).toBeGreaterThan(200);
  expect(new Set(claims.map((c) => c.queue)).size).toBeGreaterThan(12);
  expect(moves).toBeGreaterThan(100);
  expect(reschedules).toBeGreaterThan(20);
}, 20_000);
