import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ANALYZE_THRESHOLD,
  JobScheduleFailedError,
  JobScheduleSkippedError,
  makeWorkerUtils,
  WorkerUtils,
} from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";

let db: TestDatabase;
let utils: WorkerUtils;

beforeAll(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ connectionString: db.url });
});
afterAll(async () => {
  await utils.release();
  await db.drop();
});
afterEach(async () => {
  await db.pool.query("delete from graphile_worker._private_jobs; delete from graphile_worker._private_job_queues; delete from graphile_worker._private_workers");
});

async function fetch(worker: string, tasks: string[], batch = 10) {
  const { rows } = await db.pool.query("select * from graphile_worker.get_jobs($1, $2, $3)", [worker, tasks, batch]);
  return rows;
}

describe("addJob", () => {
  it("adds a job with the defaults", async () => {
    const job = await utils.addJob("send_email", { to: "a@example.com" });
    expect(job).toMatchObject({
      task_identifier: "send_email",
      payload: { to: "a@example.com" },
      queue_name: null,
      priority: 0,
      attempts: 0,
      max_attempts: 25,
      key: null,
      revision: 0,
      flags: null,
    });
    expect(typeof job.id).toBe("string");
    expect(job.run_at).toBeInstanceOf(Date);
  });

  it("passes every option", async () => {
    const runAt = new Date(Date.now() + 3_600_000);
    const job = await utils.addJob("report", [1, 2], {
      queueName: "reports",
      runAt,
      maxAttempts: 3,
      jobKey: "report-1",
      priority: -2,
      flags: ["slow"],
    });
    expect(job).toMatchObject({ queue_name: "reports", max_attempts: 3, key: "report-1", priority: -2, flags: { slow: true }, payload: [1, 2] });
    expect(job.run_at.getTime()).toBe(runAt.getTime());
  });

  it("keeps zero as a value", async () => {
    const job = await utils.addJob("z", {}, { priority: 0, maxAttempts: 1 });
    expect(job.priority).toBe(0);
    expect(job.max_attempts).toBe(1);
  });

  it("adds {} when the payload is omitted, and keeps null and arrays", async () => {
    expect((await utils.addJob("t")).payload).toEqual({});
    expect((await utils.addJob("t", null)).payload).toBeNull();
    expect((await utils.addJob("t", [])).payload).toEqual([]);
  });

  it("follows the job key modes", async () => {
    const first = await utils.addJob("t", { v: 1 }, { jobKey: "k", runAt: new Date("2040-01-01") });
    const replaced = await utils.addJob("t", { v: 2 }, { jobKey: "k" });
    expect(replaced.id).toBe(first.id);
    expect(replaced.revision).toBe(1);
    const preserved = await utils.addJob("t", { v: 3 }, { jobKey: "k", jobKeyMode: "preserve_run_at", runAt: new Date("2041-01-01") });
    expect(preserved.run_at.getTime()).toBe(replaced.run_at.getTime());
    const deduped = await utils.addJob("t", { v: 4 }, { jobKey: "k", jobKeyMode: "unsafe_dedupe" });
    expect(deduped.id).toBe(first.id);
    expect(deduped.revision).toBe(3);
    // The row says what this caller sent, not what another producer stored.
    expect(deduped.payload).toEqual({ v: 4 });
    const { rows } = await db.pool.query("select payload from graphile_worker._private_jobs where key = 'k'");
    expect(rows[0].payload).toEqual({ v: 3 });
  });

  it("surfaces SQL's errors, which name the argument", async () => {
    await expect(utils.addJob("")).rejects.toMatchObject({ code: "22023", message: "add_job: identifier must not be empty" });
    await expect(utils.addJob("t", {}, { maxAttempts: 0 })).rejects.toMatchObject({ code: "22023" });
    await expect(utils.addJob("t", {}, { jobKey: "k2", jobKeyMode: "sideways" as never })).rejects.toMatchObject({ code: "22023" });
    await expect(utils.addJob("t", { big: 1n } as never)).rejects.toThrow(/BigInt/);
    const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker._private_jobs");
    expect(rows[0].n).toBe(0);
  });

  it("uses the database clock by default and this process's clock with useNodeTime", async () => {
    const client = await db.pool.connect();
    try {
      // A transaction makes the database's now() fixed and in the past.
      await client.query("begin");
      const { rows } = await client.query("select now() as now");
      await new Promise((resolve) => setTimeout(resolve, 50));
      const viaDb = new WorkerUtils({ pgPool: client as unknown as pg.Pool });
      const dbJob = await viaDb.addJob("clock");
      expect(dbJob.run_at.getTime()).toBe(rows[0].now.getTime());
      const viaNode = new WorkerUtils({ pgPool: client as unknown as pg.Pool, useNodeTime: true });
      const before = Date.now();
      const nodeJob = await viaNode.addJob("clock");
      expect(nodeJob.run_at.getTime()).toBeGreaterThanOrEqual(before);
      await client.query("rollback");
    } finally {
      client.release();
    }
  });
});

describe("addJobs", () => {
  it("adds a batch in order", async () => {
    const jobs = await utils.addJobs([
      { identifier: "a", payload: { n: 1 } },
      { identifier: "b", payload: { n: 2 }, jobKey: "kb", queueName: "q", priority: 0 },
      { identifier: "c" },
    ]);
    expect(jobs.map((j) => j.task_identifier)).toEqual(["a", "b", "c"]);
    expect(jobs[1]).toMatchObject({ key: "kb", queue_name: "q", priority: 0, payload: { n: 2 } });
    expect(jobs[2].payload).toEqual({});
  });

  it("returns [] for an empty batch without touching the database", async () => {
    const broken = await makeWorkerUtils({ connectionString: "postgres://nobody@127.0.0.1:1/none" });
    expect(await broken.addJobs([])).toEqual([]);
    await broken.release();
  });

  it("refuses unsafe_dedupe in a batch, adding nothing", async () => {
    await expect(
      utils.addJobs([{ identifier: "a" }, { identifier: "b", jobKey: "x", jobKeyMode: "unsafe_dedupe" as never }]),
    ).rejects.toThrow("addJobs: specs[1].jobKeyMode unsafe_dedupe is not supported in a batch; use addJob");
    const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker._private_jobs");
    expect(rows[0].n).toBe(0);
  });

  it("applies preserve_run_at to the whole batch when asked", async () => {
    const at = new Date("2040-06-01T00:00:00Z");
    await utils.addJob("a", {}, { jobKey: "p1", runAt: at });
    await utils.addJob("a", {}, { jobKey: "p2", runAt: at });
    const byFlag = await utils.addJobs([{ identifier: "a", jobKey: "p1" }], true);
    expect(byFlag[0].run_at.getTime()).toBe(at.getTime());
    const bySpec = await utils.addJobs([{ identifier: "a", jobKey: "p2", jobKeyMode: "preserve_run_at" }]);
    expect(bySpec[0].run_at.getTime()).toBe(at.getTime());
  });

  it("reports the bad spec by position", async () => {
    await expect(utils.addJobs([{ identifier: "ok" }, { identifier: "ok", queueName: "" }])).rejects.toMatchObject({
      code: "22023",
      message: "add_jobs: specs[2].queue_name must not be empty",
    });
    await expect(utils.addJobs([{ identifier: "a", jobKey: "d" }, { identifier: "b", jobKey: "d" }])).rejects.toMatchObject({ code: "21000" });
  });

  it(`runs ANALYZE on the jobs table after a batch of ${ANALYZE_THRESHOLD} or more`, async () => {
    const analyzed = async () =>
      (await db.pool.query("select analyze_count::int as n from pg_stat_user_tables where relid = 'graphile_worker._private_jobs'::regclass")).rows[0].n;
    const before = await analyzed();
    await utils.addJobs(Array.from({ length: ANALYZE_THRESHOLD - 1 }, (_, i) => ({ identifier: "bulk", payload: { i } })));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await analyzed()).toBe(before);
    await utils.addJobs(Array.from({ length: ANALYZE_THRESHOLD }, (_, i) => ({ identifier: "bulk", payload: { i } })));
    // Statistics are reported asynchronously by the backend.
    const deadline = Date.now() + 5_000;
    while ((await analyzed()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await analyzed()).toBe(before + 1);
  });
});

describe("addBatchJob", () => {
  it("adds one job whose payload is the list, appended to while it waits", async () => {
    const first = await utils.addBatchJob("emails", [{ to: "a" }, { to: "b" }], { jobKey: "digest" });
    expect(first.payload).toEqual([{ to: "a" }, { to: "b" }]);
    const second = await utils.addBatchJob("emails", [{ to: "c" }], { jobKey: "digest" });
    expect(second.id).toBe(first.id);
    // The caller gets back its own items; the job holds them all.
    expect(second.payload).toEqual([{ to: "c" }]);
    const { rows } = await db.pool.query("select payload from graphile_worker._private_jobs where key = 'digest'");
    expect(rows[0].payload).toEqual([{ to: "a" }, { to: "b" }, { to: "c" }]);
  });

  it("refuses an empty list", async () => {
    await expect(utils.addBatchJob("emails", [])).rejects.toThrow('addBatchJob("emails"): payloads must be a non-empty array');
  });
});

describe("beforeJobSchedule", () => {
  it("can pass a job on with a changed payload, skip it, or fail it", async () => {
    const seen: string[] = [];
    const hooked = await makeWorkerUtils({
      pgPool: db.pool,
      beforeJobSchedule: ({ identifier, payload }) => {
        seen.push(identifier);
        if (identifier === "skip_me") return { action: "skip" };
        if (identifier === "refuse_me") return { action: "fail", message: "not today" };
        if (identifier === "empty_batch") return { action: "continue", payload: [] };
        return { action: "continue", payload: { ...(payload as object), stamped: true } };
      },
    });
    expect((await hooked.addJob("stamp", { a: 1 })).payload).toEqual({ a: 1, stamped: true });
    await expect(hooked.addJob("skip_me")).rejects.toBeInstanceOf(JobScheduleSkippedError);
    await expect(hooked.addJob("refuse_me")).rejects.toThrow("beforeJobSchedule refused the refuse_me job: not today; nothing was added");
    await expect(hooked.addJob("refuse_me")).rejects.toBeInstanceOf(JobScheduleFailedError);

    const batch = await hooked.addJobs([{ identifier: "stamp", payload: {} }, { identifier: "skip_me" }, { identifier: "stamp", payload: { b: 2 } }]);
    expect(batch.map((j) => j.payload)).toEqual([{ stamped: true }, { b: 2, stamped: true }]);
    await expect(hooked.addJobs([{ identifier: "stamp" }, { identifier: "refuse_me" }])).rejects.toBeInstanceOf(JobScheduleFailedError);

    await expect(hooked.addBatchJob("empty_batch", [1])).rejects.toThrow("a batch job's payload must stay a non-empty array");
    const { rows } = await db.pool.query("select task_identifier from graphile_worker.jobs order by id");
    expect(rows.map((r) => r.task_identifier)).toEqual(["stamp", "stamp", "stamp"]);
    expect(seen.filter((s) => s === "skip_me")).toHaveLength(2);
    await hooked.release();
  });

  it("refuses a hook that returns nonsense", async () => {
    const hooked = await makeWorkerUtils({ pgPool: db.pool, beforeJobSchedule: () => ({ action: "maybe" }) as never });
    await expect(hooked.addJob("t")).rejects.toThrow(/beforeJobSchedule must return/);
  });
});

describe("admin methods", () => {
  async function selection() {
    const failed = await utils.addJob("t", {}, { maxAttempts: 1 });
    await db.pool.query("update graphile_worker._private_jobs set attempts = 1, last_error = 'boom' where id = $1", [failed.id]);
    const regular = await utils.addJob("t", {}, { runAt: new Date(Date.now() + 86_400_000) });
    const running = await utils.addJob("t", {}, { runAt: new Date(Date.now() - 60_000) });
    expect((await fetch("w1", ["t"], 1))[0].id).toBe(running.id);
    return { failed, regular, running };
  }

  it("removeJob returns the removed job, or null", async () => {
    const job = await utils.addJob("t", {}, { jobKey: "r" });
    expect((await utils.removeJob("r"))?.id).toBe(job.id);
    expect(await utils.removeJob("r")).toBeNull();
  });

  it("completeJobs deletes all but the running job", async () => {
    const { failed, regular, running } = await selection();
    const done = await utils.completeJobs([failed.id, Number(regular.id), BigInt(running.id)]);
    expect(done.map((j) => j.id).sort()).toEqual([failed.id, regular.id].sort());
    await expect(utils.completeJobs(["1; drop table x"])).rejects.toThrow('job id "1; drop table x" is not an integer');
  });

  it("permanentlyFailJobs sets attempts to max_attempts with the reason", async () => {
    const { regular, running } = await selection();
    const failed = await utils.permanentlyFailJobs([regular.id, running.id], "invalid payload");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: regular.id, attempts: 25, last_error: "invalid payload" });
    expect((await utils.permanentlyFailJobs([regular.id]))[0].last_error).toBe("Manually marked as failed");
  });

  it("rescheduleJobs changes only what is given, and 0 is a value", async () => {
    const { regular, running } = await selection();
    const [moved] = await utils.rescheduleJobs([regular.id, running.id], { priority: 0, attempts: 0 });
    expect(moved).toMatchObject({ id: regular.id, priority: 0, attempts: 0 });
    expect(moved.run_at.getTime()).toBe(regular.run_at.getTime());
    const [bumped] = await utils.rescheduleJobs([regular.id], { priority: 7, maxAttempts: 3 });
    expect(bumped).toMatchObject({ priority: 7, max_attempts: 3 });
    const now = new Date();
    const [soon] = await utils.rescheduleJobs([regular.id], { runAt: now });
    expect(soon.run_at.getTime()).toBe(now.getTime());
    const [iso] = await utils.rescheduleJobs([regular.id], { runAt: "2020-02-02T02:02:02Z" });
    expect(iso.run_at.toISOString()).toBe("2020-02-02T02:02:02.000Z");
  });

  it("forceUnlockWorkers unlocks the given workers' jobs and queues", async () => {
    await utils.addJob("t", {}, { queueName: "q" });
    await fetch("worker-0d069f0d6be41d1adb", ["t"]);
    await utils.forceUnlockWorkers(["worker-0d069f0d6be41d1adb"]);
    const { rows } = await db.pool.query(
      "select (select count(*) from graphile_worker._private_jobs where locked_at is not null) + (select count(*) from graphile_worker._private_job_queues where locked_at is not null) as n",
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it("cleanup runs GC_JOB_QUEUES by default, as graphile-worker does, and deletes failed jobs only when asked", async () => {
    const job = await utils.addJob("gone", {}, { queueName: "empty-later", maxAttempts: 1 });
    await db.pool.query("update graphile_worker._private_jobs set attempts = 1 where id = $1", [job.id]);
    await utils.addJob("kept");
    await db.pool.query("delete from graphile_worker._private_jobs where task_identifier = 'kept'");
    expect(await utils.cleanup()).toEqual([{ task: "GC_JOB_QUEUES", deleted: 0 }]);
    expect((await db.pool.query("select 1 from graphile_worker._private_jobs where id = $1", [job.id])).rowCount).toBe(1);
    const results = await utils.cleanup({
      tasks: ["GC_TASK_IDENTIFIERS", "GC_JOB_QUEUES", "DELETE_PERMAFAILED_JOBS"],
      taskIdentifiersToKeep: ["kept"],
    });
    expect(results).toEqual([
      { task: "DELETE_PERMAFAILED_JOBS", deleted: 1 },
      { task: "GC_JOB_QUEUES", deleted: 1 },
      { task: "GC_TASK_IDENTIFIERS", deleted: expect.any(Number) },
    ]);
    const { rows } = await db.pool.query("select identifier from graphile_worker._private_tasks where identifier in ('gone', 'kept')");
    expect(rows.map((r) => r.identifier)).toEqual(["kept"]);
    expect(await utils.cleanup({ tasks: ["GC_JOB_QUEUES"] })).toEqual([{ task: "GC_JOB_QUEUES", deleted: 0 }]);
    await expect(utils.cleanup({ tasks: ["VACUUM" as never] })).rejects.toThrow(/unknown task 'VACUUM'; the tasks are/);
  });

  it("listActiveWorkers and sweepStaleWorkers speak milliseconds", async () => {
    await db.pool.query("select graphile_worker.worker_heartbeat('old', '{\"pid\": 1}')");
    await db.pool.query("select graphile_worker.worker_heartbeat('new')");
    await db.pool.query("update graphile_worker._private_workers set last_heartbeat_at = now() - interval '2 minutes' where worker_id = 'old'");
    const workers = await utils.listActiveWorkers({ threshold: 60_000 });
    expect(workers.map((w) => [w.worker_id, w.is_stale])).toEqual([["old", true], ["new", false]]);
    expect(workers[0].metadata).toEqual({ pid: 1 });
    expect((await utils.listActiveWorkers()).every((w) => !w.is_stale)).toBe(true);

    await utils.addJob("t");
    await fetch("old", ["t"]);
    expect(await utils.sweepStaleWorkers({ sweepThreshold: 60_000, dryRun: true })).toEqual({
      dead_worker_ids: ["old"],
      jobs_recovered: 1,
      queues_unlocked: 0,
      another_sweep_running: false,
    });
    const swept = await utils.sweepStaleWorkers({ sweepThreshold: 60_000, recoveryDelay: 0 });
    expect(swept.jobs_recovered).toBe(1);
    expect((await fetch("new", ["t"])).length).toBe(1);
    await expect(utils.sweepStaleWorkers({ sweepThreshold: 0 })).rejects.toMatchObject({ code: "22023" });
    await expect(utils.listActiveWorkers({ threshold: Number.NaN })).rejects.toThrow("threshold must be a number of milliseconds");
  });

  it("pauseQueue, resumeQueue, pauseTask, resumeTask: paused work waits; resuming wakes the workers", async () => {
    const queued = await utils.addJob("mail", {}, { queueName: "emails" });
    const plain = await utils.addJob("resize");
    expect(await utils.pauseQueue("emails")).toBe(true);
    expect(await utils.pauseQueue("emails")).toBe(false);
    expect(await utils.pauseTask("resize")).toBe(true);
    expect(await fetch("w", ["mail", "resize"])).toEqual([]);

    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    try {
      const woken: string[] = [];
      listener.on("notification", (message) => woken.push(message.channel));
      await listener.query('listen "jobs:insert"');
      expect(await utils.resumeQueue("emails")).toBe(true);
      await until(async () => woken.length === 1, 20_000, "the wake-up of resumeQueue");
      expect(await utils.resumeQueue("emails")).toBe(false);
      expect(await utils.resumeTask("resize")).toBe(true);
      await until(async () => woken.length === 2, 20_000, "the wake-up of resumeTask");
      expect(woken).toEqual(["jobs:insert", "jobs:insert"]);
    } finally {
      await listener.end();
    }
    expect((await fetch("w", ["mail", "resize"])).map((j) => j.id).sort()).toEqual([queued.id, plain.id].sort());
    await expect(utils.pauseTask("")).rejects.toMatchObject({ code: "22023", message: "pause_task: task_identifier must not be empty" });
  });
});

describe("construction", () => {
  it("works from an existing pool, which release() leaves open", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const fromPool = await makeWorkerUtils({ pgPool: pool });
    await fromPool.addJob("pooled");
    await fromPool.release();
    const { rows } = await pool.query("select count(*)::int as n from graphile_worker.jobs where task_identifier = 'pooled'");
    expect(rows[0].n).toBe(1);
    await pool.end();
  });

  it("ends the pool it created", async () => {
    const own = await makeWorkerUtils({ connectionString: db.url });
    await own.addJob("t");
    await own.release();
    await expect(own.addJob("t")).rejects.toThrow(/pool/i);
  });

  it("needs somewhere to connect", () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect(() => new WorkerUtils({})).toThrow("You must either specify `pgPool` or `connectionString`, or you must make the `DATABASE_URL` or `PG*` environmental variables available.");
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it("works in a custom schema whose name needs quoting, and migrates it", async () => {
    const empty = await createTestDatabase({ migrated: false });
    const custom = await makeWorkerUtils({ connectionString: empty.url, schema: 'Jobs "B"' });
    try {
      expect((await custom.migrate()).applied.length).toBeGreaterThan(0);
      const job = await custom.addJob("t", { x: 1 }, { queueName: "q" });
      expect(job.payload).toEqual({ x: 1 });
      expect(await custom.completeJobs([job.id])).toHaveLength(1);
      const batch = await custom.addJobs([{ identifier: "a" }, { identifier: "b" }]);
      expect(batch).toHaveLength(2);
      expect(await custom.removeJob("nope")).toBeNull();
      expect((await custom.cleanup({ tasks: ["DELETE_PERMAFAILED_JOBS", "GC_JOB_QUEUES", "GC_TASK_IDENTIFIERS"] })).length).toBe(3);
      const { rows } = await empty.pool.query(`select count(*)::int as n from "Jobs ""B""".jobs`);
      expect(rows[0].n).toBe(2);
    } finally {
      await custom.release();
      await empty.drop();
    }
  });
});
