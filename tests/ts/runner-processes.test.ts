// The runner as real processes (the graphile-worker binary): named queues
// stay serial across processes, a SIGKILLed worker's job is recovered and
// completed once, a task that kills its worker every time ends permanently
// failed, and SIGTERM stops a worker gracefully.
import { afterEach, beforeEach, expect, it } from "vitest";
import { makeWorkerUtils, type WorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createRunTables, killAll, spawnCli, TASKS, until, type Spawned } from "./helpers/fixtures";

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

function worker(...args: string[]): Spawned {
  const spawned = spawnCli(["run", "--tasks", TASKS, "--database-url", db.url, "--poll-interval", "100ms", ...args]);
  processes.push(spawned);
  return spawned;
}

const count = async (sql: string) => Number((await db.pool.query(sql)).rows[0].n);

it("keeps a named queue strictly serial, in order, across three processes fetching in batches", async () => {
  const serial = Array.from({ length: 30 }, (_, i) => ({ identifier: "record", payload: { ms: 10, n: i }, queueName: "serial" }));
  const free = Array.from({ length: 30 }, () => ({ identifier: "record", payload: { ms: 10 } }));
  // All three start before any job exists, so all three are polling and
  // listening when the jobs arrive and the work spreads over them.
  const workers = [1, 2, 3].map(() => worker("--concurrency", "4", "--prefetch", "10"));
  await until(async () => workers.every((w) => /worker \S+ started/.test(w.output())), 20_000, "three started workers");
  await utils.addJobs([...serial, ...free]);
  await until(async () => (await count("select count(*) as n from test_runs")) === 60, 30_000, "60 runs");
  expect(await count("select count(*) as n from test_violations")).toBe(0);
  const { rows } = await db.pool.query("select job_id from test_runs where queue_name = 'serial' order by at");
  const ids = rows.map((r) => Number(r.job_id));
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  const { rows: by } = await db.pool.query("select count(distinct worker_id)::int as n from test_runs");
  expect(by[0].n).toBeGreaterThan(1);
  for (const w of workers) w.child.kill("SIGTERM");
  for (const w of workers) expect((await w.exited).code).toBe(0);
  expect(await count("select count(*) as n from graphile_worker.jobs")).toBe(0);
});

it("recovers the job of a worker killed with SIGKILL mid-job, completes it once, and counts the interrupted attempt", async () => {
  const job = await utils.addJob("slow", { first_ms: 60_000, ms: 10 }, { queueName: "q" });
  const doomed = worker("--heartbeat-interval", "200ms");
  await until(async () => (await count("select count(*) as n from test_starts")) === 1, 15_000, "the job to start");
  doomed.child.kill("SIGKILL");
  expect((await doomed.exited).signal).toBe("SIGKILL");
  const rescuer = worker("--heartbeat-interval", "200ms", "--sweep-interval", "300ms", "--sweep-threshold", "1s", "--recovery-delay", "0s");
  await until(async () => (await count("select count(*) as n from test_runs")) === 1, 20_000, "the recovered job to run");
  await until(async () => (await count("select count(*) as n from graphile_worker.jobs")) === 0, 5_000, "completion");
  const { rows: starts } = await db.pool.query("select attempts from test_starts order by at");
  expect(starts.map((r) => r.attempts)).toEqual([1, 2]);
  const { rows: runs } = await db.pool.query("select job_id, attempts from test_runs");
  expect(runs).toEqual([{ job_id: job.id, attempts: 2 }]);
  expect(rescuer.output()).toMatch(/sweep recovered 1 job\(s\) and 1 queue\(s\)/);
  rescuer.child.kill("SIGTERM");
  expect((await rescuer.exited).code).toBe(0);
});

it("ends a job whose task kills its worker every time permanently failed, not in an endless loop", async () => {
  const job = await utils.addJob("crash", {}, { maxAttempts: 3 });
  for (let attempt = 1; attempt <= 3; attempt++) {
    const w = worker("--once", "--heartbeat-interval", "200ms");
    expect((await w.exited).signal).toBe("SIGKILL");
    // Dead once its heartbeat is older than the threshold and than twice its interval.
    await until(async () => (await utils.sweepStaleWorkers({ sweepThreshold: 500, recoveryDelay: 0 })).jobs_recovered === 1,
      20_000, "the sweep to recover the job of the killed worker");
  }
  const last = worker("--once");
  expect((await last.exited).code).toBe(0);
  expect(await count("select count(*) as n from test_starts")).toBe(3);
  const { rows } = await db.pool.query("select attempts, max_attempts, locked_at, last_error from graphile_worker.jobs where id = $1", [job.id]);
  expect(rows[0]).toMatchObject({ attempts: 3, max_attempts: 3, locked_at: null });
  expect(rows[0].last_error).toMatch(/^recovered by sweep_stale_workers: worker worker-[0-9a-f]+ stopped while running this job/);
});

it("stops on SIGTERM: gives back unstarted jobs, finishes the running one, deregisters, exits 0", async () => {
  await utils.addJobs(Array.from({ length: 5 }, () => ({ identifier: "slow", payload: { ms: 800 } })));
  const w = worker("--concurrency", "1", "--prefetch", "4");
  await until(async () => (await count("select count(*) as n from test_starts")) === 1, 15_000, "a job to start");
  await until(async () => (await count("select count(*) as n from graphile_worker.jobs where locked_at is not null")) === 5, 5_000, "the prefetch");
  w.child.kill("SIGTERM");
  expect((await w.exited).code).toBe(0);
  expect(await count("select count(*) as n from test_runs")).toBe(1);
  expect(await count("select count(*) as n from graphile_worker.jobs where locked_at is null and attempts = 0")).toBe(4);
  expect(await count("select count(*) as n from graphile_worker._private_workers where stopped_at is null")).toBe(0);
  expect(w.output()).toMatch(/gave back 4 unstarted job\(s\)/);
});

it("fails a task that hangs past the shutdown timeout, with a message saying why", async () => {
  await utils.addJob("hang");
  const w = worker("--shutdown-timeout", "300ms");
  await until(async () => (await count("select count(*) as n from test_starts")) === 1, 15_000, "the job to start");
  w.child.kill("SIGTERM");
  expect((await w.exited).code).toBe(0);
  const { rows } = await db.pool.query("select locked_at, attempts, last_error from graphile_worker.jobs");
  expect(rows[0].locked_at).toBeNull();
  expect(rows[0].attempts).toBe(1);
  expect(rows[0].last_error).toMatch(/^worker worker-[0-9a-f]+ shut down after waiting 300 ms for this job to finish; it was still running$/);
});

it("a second SIGINT fails the running job at once and exits, leaving nothing locked", async () => {
  await utils.addJob("stubborn");
  await utils.addJob("slow", { ms: 10 }, { runAt: new Date(Date.now() + 3_600_000) });
  const w = worker("--shutdown-timeout", "60s");
  await until(async () => (await count("select count(*) as n from test_starts")) === 1, 15_000, "the job to start");
  w.child.kill("SIGINT");
  await until(async () => /SIGINT: stopping/.test(w.output()), 5_000, "the first SIGINT to be taken");
  w.child.kill("SIGINT");
  expect((await w.exited).code).toBe(1);
  const { rows } = await db.pool.query("select locked_at, attempts, last_error from graphile_worker.jobs where task_identifier = 'stubborn'");
  expect(rows[0]).toMatchObject({ locked_at: null, attempts: 1 });
  expect(rows[0].last_error).toMatch(/^worker worker-[0-9a-f]+ was interrupted \(SIGINT twice\) while running this job$/);
  expect(await count("select count(*) as n from graphile_worker._private_workers where stopped_at is null")).toBe(0);
});

it("a worker restarted under its fixed id gets back at once what its earlier life left locked", async () => {
  await utils.addJob("slow", { first_ms: 60_000, ms: 10 }, { queueName: "q" });
  const first = worker("--worker-id", "pod-7", "--heartbeat-interval", "200ms");
  await until(async () => (await count("select count(*) as n from test_starts")) === 1, 15_000, "the job to start");
  first.child.kill("SIGKILL");
  await first.exited;
  const second = worker("--worker-id", "pod-7", "--heartbeat-interval", "200ms");
  await until(async () => (await count("select count(*) as n from test_runs")) === 1, 15_000, "the job to run again");
  const { rows } = await db.pool.query("select worker_id, attempts from test_runs");
  expect(rows).toEqual([{ worker_id: "pod-7", attempts: 2 }]);
  expect(second.output()).toMatch(/worker pod-7 restarted: recovered 1 job\(s\) and 1 queue\(s\) its earlier life left locked/);
  second.child.kill("SIGTERM");
  expect((await second.exited).code).toBe(0);
});

it("a worker paused past the sweep threshold answers nothing when it resumes, and its queue stays serial", async () => {
  // J runs for long on worker A, which is then paused (SIGSTOP); B takes A
  // for dead and runs the queue's jobs. A resumes: its stale run of J
  // finishes (the duplicate a pause makes unavoidable) but answers nothing,
  // and no two runs under valid claims ever overlap in the queue. (Once it
  // learns it was swept, A registers again and may run jobs itself.)
  await db.pool.query(`
    create table chaos_runs (
      job_id bigint, worker_id text, queue_name text, locked_at float8, event text, valid boolean,
      at timestamptz default clock_timestamp())`);
  const j = await utils.addJob("chaos", { slow_on: "paused-a", slow_ms: 2_500, ms: 300 }, { queueName: "q" });
  const a = worker("--worker-id", "paused-a", "--heartbeat-interval", "200ms");
  await until(async () => (await count("select count(*) as n from chaos_runs")) === 1, 15_000, "J to start on A");
  a.child.kill("SIGSTOP");
  const k = await utils.addJob("chaos", { ms: 1_500 }, { queueName: "q" });
  const b = worker("--worker-id", "rescuer-b", "--heartbeat-interval", "200ms", "--sweep-interval", "300ms", "--sweep-threshold", "1s", "--recovery-delay", "0s");
  await until(async () => (await count("select count(*) as n from chaos_runs where worker_id = 'rescuer-b'")) >= 1, 30_000, "B to take A for dead and start the queue's next job");
  a.child.kill("SIGCONT");
  const l = await utils.addJob("chaos", { ms: 10 }, { queueName: "q" });
  await until(async () => (await count("select count(*) as n from graphile_worker.jobs")) === 0, 30_000, "every job to complete");
  await until(async () => /was taken for dead by a sweep/.test(a.output()), 10_000, "A to learn it was swept");
  // A's stale run of J ends when its own timer does, which may be after
  // every job has completed. (A may also run J again, validly, once the
  // queue reaches it after A registered again.)
  await until(
    async () =>
      (await count(`select count(*) as n from chaos_runs where event = 'end' and worker_id = 'paused-a' and job_id = ${j.id} and not valid`)) === 1,
    10_000,
    "A's stale run of J to end",
  );

  // Each job ended validly exactly once; A's first run of J did not.
  const { rows: ends } = await db.pool.query("select job_id, worker_id, valid from chaos_runs where event = 'end' order by at");
  for (const id of [j.id, k.id, l.id]) expect(ends.filter((e) => e.job_id === id && e.valid), `job ${id}`).toHaveLength(1);
  expect(ends.filter((e) => !e.valid)).toEqual([{ job_id: j.id, worker_id: "paused-a", valid: false }]);
  // Valid runs in the queue never overlapped.
  const { rows: overlaps } = await db.pool.query(`
    with runs as (
      select s.job_id, s.at as started, e.at as ended from chaos_runs s
      join chaos_runs e on e.job_id = s.job_id and e.worker_id = s.worker_id and e.locked_at = s.locked_at and e.event = 'end'
      where s.event = 'start' and e.valid)
    select a.job_id, b.job_id from runs a join runs b on a.job_id < b.job_id and a.started < b.ended and b.started < a.ended`);
  expect(overlaps).toEqual([]);
  expect(a.output()).toMatch(/1 job\(s\) (completed|failed) by worker paused-a were no longer claimed by it/);
  expect(await count("select count(*) as n from graphile_worker._private_job_queues where locked_at is not null")).toBe(0);
  for (const w of [a, b]) w.child.kill("SIGTERM");
  for (const w of [a, b]) await w.exited;
});
