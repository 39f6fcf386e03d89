// A rolling deploy: a 0.1.0 worker keeps running against a database upgraded
// from 0.1.0 while a current runner runs too. The 0.1.0 worker speaks
// 0.1.0's worker protocol exactly as its runner did (the statements of its
// query files, tests/fixtures/releases/0.1.0/worker.sql and admin.sql):
// heartbeat, get_jobs with completions riding along, worker_complete_jobs,
// worker_fail_jobs, worker_return_jobs, worker_return_unknown_jobs, the
// sweep and the stale-lock release. Together they drain one set of jobs:
// each runs exactly once, and named queues stay serial across both.
import type pg from "pg";
import { afterEach, expect, it } from "vitest";
import { migrate } from "../../src/migrate";
import { run, silentLogger, type Runner } from "../../src/index";
import type { TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";
import { filledRelease, releaseQueries, runReleaseQuery } from "./helpers/releases";

const worker = releaseQueries("0.1.0", "worker.sql");
const admin = releaseQueries("0.1.0", "admin.sql");

interface Job01 {
  id: string;
  queue_name: string | null;
  payload: { fail?: boolean };
}

/** A worker of 0.1.0, reduced to its calls: fetch up to 3 jobs, run them, answer. */
class Worker01 {
  readonly workerId = "worker-0.1.0-mixed";
  readonly counts = { fetches: 0, ran: 0, failed: 0, returned: 0 };
  private stopped = false;
  private riding: string[] = [];
  private loop: Promise<void> | null = null;
  /** What broke its loop, if anything did. */
  error: unknown = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly task: (job: Job01, workerId: string) => Promise<void>,
  ) {}

  private call<T extends object>(query: { text: string; params: string[] }, values: Record<string, unknown>): Promise<T[]> {
    return runReleaseQuery<T>(this.pool, query, values);
  }

  async start(): Promise<void> {
    await this.call(worker.WorkerHeartbeat, { workerId: this.workerId, metadata: JSON.stringify({ version: "0.1.0" }) });
    await this.call(worker.ReleaseStaleLocks, {});
    await this.call(admin.SweepStaleWorkers, { sweepThresholdSeconds: 300, recoveryDelaySeconds: 30, dryRun: false });
    this.loop = this.work().catch((error) => {
      this.error = error;
    });
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const n = ++this.counts.fetches;
      // Completions of the last batch ride along with this fetch, every other time.
      const jobs = await this.call<Job01>(worker.GetJobs, {
        workerId: this.workerId,
        taskIdentifiers: ["mixed"],
        batchSize: 3,
        forbiddenFlags: null,
        now: null,
        completeJobIds: this.riding.splice(0),
      });
      if (n % 10 === 0) await this.call(worker.WorkerHeartbeat, { workerId: this.workerId, metadata: null });
      if (jobs.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10)); // its poll interval
        continue;
      }
      // As a 0.1 runner stopping with jobs it had not started: the last job of every third batch goes back.
      let start = jobs;
      if (n % 3 === 0 && jobs.length > 1) {
        const back = jobs[jobs.length - 1];
        const returned = await this.call<{ id: string }>(worker.ReturnWorkerJobs, { workerId: this.workerId, jobIds: [back.id] });
        expect(returned.map((r) => r.id)).toEqual([back.id]);
        this.counts.returned++;
        start = jobs.slice(0, -1);
      }
      // As a 0.1 runner after a fetch whose reply it feared lost: it knows every job it holds, so nothing goes back.
      if (n % 5 === 0) {
        const unknown = await this.call(worker.ReturnUnknownWorkerJobs, { workerId: this.workerId, knownJobIds: start.map((j) => j.id) });
        expect(unknown).toEqual([]);
      }
      const outcomes = await Promise.all(
        start.map((job) =>
          this.task(job, this.workerId).then(
            () => null,
            (error: Error) => error.message,
          ),
        ),
      );
      this.counts.ran += start.length;
      const succeeded = start.filter((_, i) => outcomes[i] === null).map((j) => j.id);
      const failed = start.filter((_, i) => outcomes[i] !== null);
      if (failed.length > 0) {
        await this.call(worker.FailWorkerJobs, {
          workerId: this.workerId,
          jobIds: failed.map((j) => j.id),
          errorMessages: failed.map((j) => outcomes[start.indexOf(j)]),
          replacementPayloads: JSON.stringify(failed.map(() => null)),
        });
        this.counts.failed += failed.length;
      }
      if (n % 2 === 0) this.riding.push(...succeeded);
      else if (succeeded.length > 0) await this.call(worker.CompleteWorkerJobs, { workerId: this.workerId, jobIds: succeeded });
    }
    if (this.riding.length > 0) await this.call(worker.CompleteWorkerJobs, { workerId: this.workerId, jobIds: this.riding.splice(0) });
    await this.call(worker.WorkerDeregister, { workerId: this.workerId });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    if (this.error) throw this.error;
  }

  /** For conditions: fails the wait as soon as the loop broke. */
  healthy(): true {
    if (this.error) throw this.error;
    return true;
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it("a 0.1.0 worker and a current runner drain one set of jobs exactly once, named queues serial across both", async () => {
  const db: TestDatabase = await filledRelease("0.1.0");
  cleanups.push(() => db.drop());
  await migrate(db.pool);
  await db.pool.query("create table mixed_runs (job_id bigint primary key, worker_id text not null)");

  // Every job runs once (the primary key would refuse a second run), and no
  // two jobs of one named queue run at the same time, whichever worker runs them.
  const runningQueues = new Map<string, string>();
  const problems: string[] = [];
  async function task(job: Job01, workerId: string): Promise<void> {
    const queue = job.queue_name;
    if (queue !== null) {
      if (runningQueues.has(queue)) problems.push(`queue ${queue}: job ${job.id} started while job ${runningQueues.get(queue)} ran`);
      runningQueues.set(queue, job.id);
    }
    try {
      await db.pool.query("insert into mixed_runs values ($1, $2)", [job.id, workerId]).catch((error: { code?: string }) => {
        if (error.code === "23505") problems.push(`job ${job.id} ran twice`);
        throw error;
      });
      if (job.payload.fail) throw new Error(`job ${job.id} failed on purpose`);
    } finally {
      if (queue !== null) runningQueues.delete(queue);
    }
  }

  // The jobs: failing ones first (priority -1, one attempt), then jobs in five named queues and free ones.
  const specs = [
    ...Array.from({ length: 6 }, (_, i) => `row('mixed', '{"fail": true}', ${i % 2 ? `'q${i % 5}'` : "null"}, null, 1, null, -1, null)`),
    ...Array.from({ length: 60 }, (_, i) => `row('mixed', '{"n": ${i}}', 'q${i % 5}', null, null, null, null, null)`),
    ...Array.from({ length: 140 }, (_, i) => `row('mixed', '{"n": ${i}}', null, null, null, null, null, null)`),
  ];
  await db.pool.query(`select count(*) from graphile_worker.add_jobs(array[${specs.join(", ")}]::graphile_worker.job_spec[])`);
  const total = specs.length;

  const old = new Worker01(db.pool, task);
  await old.start();
  cleanups.push(() => old.stop());
  await until(async () => old.healthy() && old.counts.failed > 0 && old.counts.returned > 0, 20_000, "the 0.1.0 worker to fail and give back jobs");

  const runner: Runner = await run({
    connectionString: db.url,
    taskList: { mixed: async (_payload, { job }) => task(job as unknown as Job01, runner.workerId) },
    concurrency: 3,
    pollInterval: 100,
    logger: silentLogger,
    handleSignals: false,
  });
  cleanups.push(() => runner.stop());

  await until(
    async () => {
      const { rows } = await db.pool.query(
        `select (select count(*)::int from mixed_runs) as ran,
                (select count(*)::int from graphile_worker._private_jobs
                  where task_identifier = 'mixed' and (locked_at is not null or attempts < max_attempts)) as unfinished`,
      );
      return old.healthy() && rows[0].ran === total && rows[0].unfinished === 0;
    },
    30_000,
    "both workers to drain the jobs",
  );
  await runner.stop();
  await old.stop();

  expect(problems).toEqual([]);
  const { rows: byWorker } = await db.pool.query("select worker_id, count(*)::int as n from mixed_runs group by worker_id order by worker_id");
  expect(byWorker.map((r) => r.worker_id).sort()).toEqual([runner.workerId, old.workerId].sort());
  expect(byWorker.reduce((sum, r) => sum + r.n, 0)).toBe(total);
  const { rows: left } = await db.pool.query(
    "select attempts, max_attempts, locked_at, last_error from graphile_worker._private_jobs where task_identifier = 'mixed' order by id",
  );
  expect(left).toHaveLength(6);
  for (const job of left) {
    expect(job).toMatchObject({ attempts: 1, max_attempts: 1, locked_at: null });
    expect(job.last_error).toMatch(/failed on purpose/);
  }
  const { rows: locks } = await db.pool.query(
    "select queue_name from graphile_worker._private_job_queues where locked_by in ($1, $2)",
    [runner.workerId, old.workerId],
  );
  expect(locks).toEqual([]);
  const { rows: registered } = await db.pool.query("select worker_id from graphile_worker._private_workers where worker_id = $1 and stopped_at is null", [old.workerId]);
  expect(registered).toEqual([]);
}, 90_000);
