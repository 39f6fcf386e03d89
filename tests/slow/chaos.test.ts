// Chaos: runner processes paused past the sweep threshold (SIGSTOP) and
// killed (SIGKILL) while a producer keeps moving keyed jobs between named
// queues. Afterwards: no job is lost, no named queue ever ran two jobs at
// once under valid claims, and every duplicate run is one a pause or a kill
// makes unavoidable: a stale run of a paused worker, or a run that ended
// just before its worker was paused or killed, so its completion was never
// written and the job ran again.
import { afterEach, beforeEach, expect, it } from "vitest";
import { makeWorkerUtils, type WorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "../ts/helpers/db";
import { killAll, spawnCli, TASKS, until, type Spawned } from "../ts/helpers/fixtures";

let db: TestDatabase;
let utils: WorkerUtils;
const processes: Spawned[] = [];

beforeEach(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
  await db.pool.query(`
    create table chaos_runs (
      job_id bigint, worker_id text, queue_name text, locked_at float8, event text, valid boolean,
      at timestamptz default clock_timestamp())`);
});
afterEach(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill("SIGCONT");
  await killAll(processes);
  await db.drop();
});

const count = async (sql: string) => Number((await db.pool.query(sql)).rows[0].n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let started = 0;
function worker(): Spawned {
  const id = `chaos-${++started}`;
  const spawned = spawnCli(
    [
      "run", "--tasks", TASKS, "--database-url", db.url, "--worker-id", id, "--concurrency", "4", "--prefetch", "4",
      "--poll-interval", "100ms", "--heartbeat-interval", "200ms", "--sweep-interval", "300ms",
      "--sweep-threshold", "1s", "--recovery-delay", "0s",
    ],
    { GRAPHILE_WORKER_LOG_LEVEL: "warn" },
  );
  processes.push(spawned);
  return spawned;
}

it("no job lost, named queues serial under valid claims, duplicates only where a pause or a kill makes them unavoidable", async () => {
  const QUEUES = 12;
  const KEYS = 40;
  const plain = await utils.addJobs(
    Array.from({ length: 1_500 }, (_, i) => ({
      identifier: "chaos",
      payload: { ms: i % 7 === 0 ? 40 : 5 },
      queueName: i % 3 === 0 ? `q${i % QUEUES}` : null,
    })),
  );
  const live: Spawned[] = [worker(), worker(), worker(), worker()];
  const paused = new Set<string>();
  const killed = new Set<string>();
  const idOf = (w: Spawned) => /--worker-id (\S+)/.exec(w.child.spawnargs.join(" "))![1];
  const lastKeyed = new Map<string, string>();
  let chaos = true;

  // The producer moves keyed jobs between queues (and out of them) all along.
  const producer = (async () => {
    for (let round = 0; chaos; round++) {
      const key = `key-${round % KEYS}`;
      const queue = round % 5 === 0 ? null : `q${(round * 7) % QUEUES}`;
      const job = await utils.addJob("chaos", { ms: 10 }, { jobKey: key, queueName: queue });
      lastKeyed.set(key, job.id);
      if (round % 20 === 19) await sleep(20);
    }
  })();

  // Pause one worker past the sweep threshold, kill another, start replacements.
  for (let round = 0; round < 4; round++) {
    await sleep(1_000);
    const victim = live[round % live.length];
    victim.child.kill("SIGSTOP");
    paused.add(idOf(victim));
    await sleep(2_000);
    victim.child.kill("SIGCONT");
    await sleep(500);
    const doomed = live.splice((round + 1) % live.length, 1)[0];
    doomed.child.kill("SIGKILL");
    killed.add(idOf(doomed));
    live.push(worker());
  }
  chaos = false;
  await producer;

  try {
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs")) === 0, 120_000, "every job to complete");
  } catch (error) {
    const left = await db.pool.query("select id, queue_name, key, attempts, max_attempts, locked_by, locked_at, run_at, last_error from graphile_worker.jobs order by id limit 20");
    const queues = await db.pool.query("select * from graphile_worker._private_job_queues where locked_at is not null");
    const workers = await db.pool.query("select worker_id, last_heartbeat_at from graphile_worker._private_workers");
    console.log(left.rows, queues.rows, workers.rows, live.map((w) => w.output().slice(-2000)));
    throw error;
  }

  // No job lost: every job added, and the last job of every key, ran to a valid end.
  const { rows: ended } = await db.pool.query("select distinct job_id from chaos_runs where event = 'end' and valid");
  const done = new Set(ended.map((r) => String(r.job_id)));
  for (const job of plain) expect(done.has(job.id), `job ${job.id}`).toBe(true);
  for (const [key, id] of lastKeyed) expect(done.has(id), `${key}: job ${id}`).toBe(true);

  // A job ran to more than one valid end only when its earlier ends were on
  // workers paused or killed before they could write the completion.
  const { rows: repeated } = await db.pool.query(`
    select job_id, array_agg(worker_id order by at) as workers from chaos_runs
    where event = 'end' and valid group by job_id having count(*) > 1`);
  for (const { job_id, workers } of repeated) {
    for (const id of (workers as string[]).slice(0, -1)) {
      expect(paused.has(id) || killed.has(id), `job ${job_id} ran again after ending on ${id}`).toBe(true);
    }
  }

  // Stale runs belong to workers that were paused.
  const { rows: stale } = await db.pool.query("select distinct worker_id from chaos_runs where event = 'end' and not valid");
  for (const { worker_id } of stale) expect(paused.has(worker_id), `stale run on ${worker_id}`).toBe(true);

  // Named queues: valid runs never overlap.
  const { rows: overlaps } = await db.pool.query(`
    with runs as (
      select s.job_id, s.queue_name, s.at as started, e.at as ended
      from chaos_runs s
      join chaos_runs e on e.job_id = s.job_id and e.worker_id = s.worker_id and e.locked_at = s.locked_at and e.event = 'end'
      where s.event = 'start' and e.valid and s.queue_name is not null
    )
    select a.job_id as a, b.job_id as b, a.queue_name
    from runs a join runs b on a.queue_name = b.queue_name and a.job_id < b.job_id
      and a.started < b.ended and b.started < a.ended`);
  expect(overlaps).toEqual([]);
  expect(await count("select count(*) as n from graphile_worker._private_job_queues where locked_at is not null")).toBe(0);
  for (const w of live) w.child.kill("SIGTERM");
  for (const w of live) await w.exited;
});
