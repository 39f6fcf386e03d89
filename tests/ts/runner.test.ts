// The runner in-process, against a real database: what runs, when, in what
// order, with what helpers and events, and how it stops.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeWorkerUtils, run, runOnce, type Logger, type Runner, type RunnerOptions, type TaskList, type WorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";
import { freePort, proxyUrl, startProxy, type Proxy } from "./helpers/proxy";

let db: TestDatabase;
let utils: WorkerUtils;
const runners: Runner[] = [];
const logs: string[] = [];
const logger: Logger = {
  debug: () => {},
  info: (m) => logs.push(`info: ${m}`),
  warn: (m) => logs.push(`warn: ${m}`),
  error: (m) => logs.push(`error: ${m}`),
};

beforeEach(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
  logs.length = 0;
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  await db.drop();
});

function options(taskList: TaskList, extra: Partial<RunnerOptions> = {}): RunnerOptions {
  return { connectionString: db.url, taskList, logger, handleSignals: false, pollInterval: 100, ...extra };
}

async function start(taskList: TaskList, extra: Partial<RunnerOptions> = {}): Promise<Runner> {
  const runner = await run(options(taskList, extra));
  runners.push(runner);
  return runner;
}

const count = async (sql: string, params: unknown[] = []) => Number((await db.pool.query(sql, params)).rows[0].n);
const jobsLeft = () => count("select count(*) as n from graphile_worker.jobs");

describe("running jobs", () => {
  it("runs jobs with their payload and deletes them", async () => {
    const seen: unknown[] = [];
    await utils.addJob("greet", { name: "Ada" });
    await utils.addJob("greet", { name: "Alan" });
    await start({ greet: async (payload) => void seen.push(payload) });
    await until(async () => (await jobsLeft()) === 0, 5000, "jobs to finish");
    expect(seen).toEqual(expect.arrayContaining([{ name: "Ada" }, { name: "Alan" }]));
  });

  it("starts a job added from SQL (or a trigger) within milliseconds, woken by LISTEN/NOTIFY", async () => {
    let startedAt = 0;
    const runner = await start({ ping: async () => void (startedAt = Date.now()) }, { pollInterval: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await db.pool.query("create table orders (id serial primary key)");
    await db.pool.query(`
      create function enqueue_order() returns trigger language plpgsql as $$
      begin
        perform graphile_worker.add_job('ping', json_build_object('order', new.id));
        return new;
      end $$;
      create trigger order_added after insert on orders for each row execute function enqueue_order();
    `);
    const added = Date.now();
    await db.pool.query("insert into orders default values");
    await until(async () => startedAt > 0, 3000, "the job to start");
    expect(startedAt - added).toBeLessThan(500);
    expect(runner.workerId).toMatch(/^worker-[0-9a-f]{18}$/);
  });

  it("runs jobs in priority order, then run_at", async () => {
    const order: string[] = [];
    const past = (s: number) => new Date(Date.now() - s * 1000);
    await utils.addJob("t", { n: "low" }, { priority: 10, runAt: past(30) });
    await utils.addJob("t", { n: "high-later" }, { priority: -1, runAt: past(10) });
    await utils.addJob("t", { n: "high-earlier" }, { priority: -1, runAt: past(20) });
    await utils.addJob("t", { n: "default" }, { runAt: past(5) });
    await runOnce(options({ t: async (p) => void order.push((p as { n: string }).n) }));
    expect(order).toEqual(["high-earlier", "high-later", "default", "low"]);
  });

  it("leaves future jobs until they are due", async () => {
    const ran: number[] = [];
    const runAt = new Date(Date.now() + 1500);
    await utils.addJob("t", {}, { runAt });
    await start({ t: async () => void ran.push(Date.now()) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ran).toEqual([]);
    await until(async () => ran.length === 1, 5000, "the future job");
    // The database and this process share a clock here; allow for rounding.
    expect(ran[0]).toBeGreaterThanOrEqual(runAt.getTime() - 5);
  });

  it("retries a failure after e^attempts seconds, with the error recorded", async () => {
    const attempts: number[] = [];
    const job = await utils.addJob("flaky", {}, { maxAttempts: 3 });
    await start({
      flaky: async (_p, { job }) => {
        attempts.push(Date.now());
        if (job.attempts === 1) throw new Error("first attempt fails");
      },
    });
    await until(async () => attempts.length === 1, 5000, "the first attempt");
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs where last_error is not null")) === 1, 5000, "the failure to be recorded");
    const { rows } = await db.pool.query("select attempts, last_error, run_at, updated_at from graphile_worker.jobs where id = $1", [job.id]);
    expect(rows[0].attempts).toBe(1);
    expect(rows[0].last_error).toBe("first attempt fails");
    expect((rows[0].run_at - rows[0].updated_at) / 1000).toBeCloseTo(Math.E, 1);
    await until(async () => attempts.length === 2, 6000, "the retry");
    expect((attempts[1] - attempts[0]) / 1000).toBeGreaterThan(Math.E - 0.2);
    await until(async () => (await jobsLeft()) === 0, 3000, "completion");
  });

  it("leaves a job permanently failed once max_attempts is used up", async () => {
    const failed: string[] = [];
    const job = await utils.addJob("doomed", {}, { maxAttempts: 1 });
    const runner = await start({ doomed: async () => Promise.reject(new Error("always")) });
    runner.on("job:failed", ({ job }) => failed.push(job.id));
    await until(async () => failed.length === 1, 5000, "the job to fail");
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs where attempts = max_attempts and locked_at is null")) === 1, 5000, "unlock");
    const { rows } = await db.pool.query("select attempts, max_attempts, last_error from graphile_worker.jobs where id = $1", [job.id]);
    expect(rows[0]).toEqual({ attempts: 1, max_attempts: 1, last_error: "always" });
  });

  it("updates a pending keyed job; adds a new one when the keyed job is running or done", async () => {
    const payloads: unknown[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await utils.addJob("keyed", { v: 1 }, { jobKey: "k", runAt: new Date(Date.now() + 60_000) });
    const pending = await utils.addJob("keyed", { v: 2 }, { jobKey: "k" });
    expect(pending.revision).toBe(1);
    await start({
      keyed: async (payload) => {
        payloads.push(payload);
        if ((payload as { v: number }).v === 2) await gate;
      },
    });
    await until(async () => payloads.length === 1, 5000, "the keyed job to start");
    const whileRunning = await utils.addJob("keyed", { v: 3 }, { jobKey: "k" });
    expect(whileRunning.id).not.toBe(pending.id);
    release();
    await until(async () => payloads.length === 2, 5000, "the new keyed job");
    await until(async () => (await jobsLeft()) === 0, 5000, "completion");
    const afterDone = await utils.addJob("keyed", { v: 4 }, { jobKey: "k" });
    expect(afterDone.revision).toBe(0);
    await until(async () => payloads.length === 3, 5000, "the job added after completion");
    expect(payloads).toEqual([{ v: 2 }, { v: 3 }, { v: 4 }]);
  });

  it("removes a pending job; a running one finishes but is not retried", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: string[] = [];
    await utils.addJob("t", {}, { jobKey: "pending", runAt: new Date(Date.now() + 60_000) });
    expect((await utils.removeJob("pending"))?.key).toBe("pending");
    await utils.addJob("t", {}, { jobKey: "running" });
    await start({
      t: async (_p, { job }) => {
        ran.push(job.id);
        await gate;
        throw new Error("fails after removal");
      },
    });
    await until(async () => ran.length === 1, 5000, "the job to start");
    const removed = await utils.removeJob("running");
    expect(removed).toMatchObject({ key: null, locked_by: expect.stringMatching(/^worker-/) });
    release();
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs where locked_at is null")) === 1, 5000, "the failure");
    const { rows } = await db.pool.query("select attempts, max_attempts from graphile_worker.jobs");
    expect(rows[0].attempts).toBe(rows[0].max_attempts);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ran).toHaveLength(1);
  });

  it("runs different named queues in parallel, each queue one job at a time", async () => {
    const active = new Map<string, number>();
    let overlapAcrossQueues = false;
    let overlapWithinQueue = false;
    for (let i = 0; i < 4; i++) {
      await utils.addJob("q", { queue: "a" }, { queueName: "a" });
      await utils.addJob("q", { queue: "b" }, { queueName: "b" });
    }
    await runOnce(
      options(
        {
          q: async (payload) => {
            const queue = (payload as { queue: string }).queue;
            if ((active.get(queue) ?? 0) > 0) overlapWithinQueue = true;
            active.set(queue, (active.get(queue) ?? 0) + 1);
            if ([...active.values()].filter((n) => n > 0).length > 1) overlapAcrossQueues = true;
            await new Promise((resolve) => setTimeout(resolve, 30));
            active.set(queue, active.get(queue)! - 1);
          },
        },
        { concurrency: 4, prefetch: 10 },
      ),
    );
    expect(overlapWithinQueue).toBe(false);
    expect(overlapAcrossQueues).toBe(true);
    expect(await jobsLeft()).toBe(0);
  });

  it("refuses jobs with forbidden flags, given as a list or a function", async () => {
    const ran: string[] = [];
    await utils.addJob("t", { n: "plain" });
    await utils.addJob("t", { n: "slow" }, { flags: ["slow"] });
    await utils.addJob("t", { n: "pdf" }, { flags: ["pdf"] });
    await runOnce(options({ t: async (p) => void ran.push((p as { n: string }).n) }, { forbiddenFlags: ["slow"] }));
    expect(ran.sort()).toEqual(["pdf", "plain"]);
    let calls = 0;
    await runOnce(
      options({ t: async (p) => void ran.push((p as { n: string }).n) }, {
        forbiddenFlags: async () => {
          calls++;
          return [];
        },
      }),
    );
    expect(ran).toContain("slow");
    expect(calls).toBeGreaterThan(0);
  });

  it("retries only the failed items of a batch job", async () => {
    const runs: unknown[][] = [];
    const job = await utils.addBatchJob("emails", [{ to: "a" }, { to: "b" }, { to: "c" }], { maxAttempts: 2 });
    const runner = await start({
      emails: async (payload) => {
        const items = payload as { to: string }[];
        runs.push(items);
        return items.map((item) => (item.to === "b" && runs.length === 1 ? Promise.reject(new Error(`bounce ${item.to}`)) : Promise.resolve()));
      },
    });
    await until(async () => runs.length === 1, 5000, "the batch to run");
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs where last_error is not null")) === 1, 5000, "the partial failure");
    const { rows } = await db.pool.query("select last_error from graphile_worker.jobs where id = $1", [job.id]);
    expect(rows[0].last_error).toBe("1 of 3 batch items failed: [1] bounce b");
    const { rows: payload } = await db.pool.query("select payload from graphile_worker._private_jobs where id = $1", [job.id]);
    expect(payload[0].payload).toEqual([{ to: "b" }]);
    await db.pool.query("update graphile_worker._private_jobs set run_at = now() where id = $1", [job.id]);
    await until(async () => runs.length === 2, 5000, "the retry");
    expect(runs[1]).toEqual([{ to: "b" }]);
    await until(async () => (await jobsLeft()) === 0, 5000, "completion");
    await runner.stop();
  });

  it("gives tasks the job, a logger, addJob, a pg client, and an abort signal", async () => {
    await utils.addJob("parent", { n: 1 });
    const seen: Record<string, unknown> = {};
    await runOnce(
      options({
        parent: async (_p, helpers) => {
          seen.id = helpers.job.id;
          seen.attempts = helpers.job.attempts;
          seen.run_at = helpers.job.run_at instanceof Date;
          seen.aborted = helpers.abortSignal.aborted;
          helpers.logger.info("hello from the task");
          const { rows } = await helpers.withPgClient((client) => client.query("select 1 + 1 as two"));
          seen.two = rows[0].two;
          await helpers.addJob("child", { from: helpers.job.id });
        },
        child: async (payload) => void (seen.child = payload),
      }),
    );
    expect(seen).toMatchObject({ attempts: 1, run_at: true, aborted: false, two: 2, child: { from: seen.id } });
    expect(logs).toContain("info: hello from the task");
  });

  it("emits start, success, error and stop events", async () => {
    const events: string[] = [];
    await utils.addJob("ok");
    await utils.addJob("bad", {}, { maxAttempts: 1 });
    const runner = await start({ ok: async () => {}, bad: async () => Promise.reject(new Error("no")) });
    for (const name of ["job:start", "job:success", "job:error", "job:failed", "stop"] as const) {
      runner.events.on(name, (e) => events.push(`${name}${"job" in e ? ` ${e.job.task_identifier}` : ""}`));
    }
    await until(async () => events.includes("job:failed bad") && events.includes("job:success ok"), 5000, "events");
    await runner.stop();
    expect(events).toEqual(
      expect.arrayContaining(["job:start ok", "job:success ok", "job:start bad", "job:error bad", "job:failed bad", "stop"]),
    );
  });

  it("runOnce stops when nothing is runnable, leaving future and failed jobs", async () => {
    await utils.addJob("t");
    await utils.addJob("t", {}, { runAt: new Date(Date.now() + 60_000) });
    await utils.addJob("boom", {}, { maxAttempts: 2 });
    let ran = 0;
    await runOnce(options({ t: async () => void ran++, boom: async () => Promise.reject(new Error("x")) }));
    expect(ran).toBe(1);
    expect(await jobsLeft()).toBe(2);
  });

  it("runOnce drains a named queue to the end (a completion written during the last fetch frees the queue)", async () => {
    for (let round = 0; round < 5; round++) {
      await utils.addJobs(Array.from({ length: 6 }, (_, i) => ({ identifier: "t", payload: { i }, queueName: "serial" })));
      await utils.addJob("t", {});
      let ran = 0;
      await runOnce(options({ t: async () => void ran++ }, { concurrency: 2 }));
      expect(ran).toBe(7);
      expect(await jobsLeft()).toBe(0);
    }
  });

  it("registers, heartbeats and deregisters", async () => {
    const runner = await start({ t: async () => {} }, { heartbeatInterval: 100 });
    const { rows } = await db.pool.query("select worker_id, metadata from graphile_worker.list_active_workers()");
    expect(rows).toHaveLength(1);
    expect(rows[0].worker_id).toBe(runner.workerId);
    expect(rows[0].metadata).toMatchObject({ pid: process.pid, tasks: ["t"], concurrency: 1 });
    const first = (await db.pool.query("select last_heartbeat_at from graphile_worker._private_workers")).rows[0].last_heartbeat_at;
    await until(
      async () => (await db.pool.query("select last_heartbeat_at from graphile_worker._private_workers")).rows[0].last_heartbeat_at > first,
      3000,
      "a heartbeat",
    );
    await runner.stop();
    expect(await count("select count(*) as n from graphile_worker._private_workers where stopped_at is null")).toBe(0);
  });

  it("notices when a sweep declared it dead, and registers again", async () => {
    const swept: string[] = [];
    const runner = await start({ t: async () => {} }, { heartbeatInterval: 100 });
    runner.on("worker:swept", ({ workerId }) => swept.push(workerId));
    await db.pool.query("delete from graphile_worker._private_workers");
    await until(async () => swept.length === 1, 3000, "the runner to notice");
    expect(swept).toEqual([runner.workerId]);
    expect(await count("select count(*) as n from graphile_worker._private_workers")).toBe(1);
  });

  it("keeps its own job through its own sweeps while a task blocks the event loop past the sweep threshold", async () => {
    const swept: string[] = [];
    let runs = 0;
    await utils.addJob("block");
    const runner = await start(
      {
        block: async () => {
          runs++;
          const end = Date.now() + 4000;
          while (Date.now() < end); // no heartbeat can leave meanwhile
        },
      },
      // The threshold leaves the database time to answer on a loaded machine;
      // the event loop stays blocked for well past it.
      { heartbeatInterval: 200, sweepInterval: 100, sweepThreshold: 1500, recoveryDelay: 0 },
    );
    runner.on("worker:swept", ({ workerId }) => swept.push(workerId));
    await until(async () => (await jobsLeft()) === 0, 10_000, "the job to complete");
    await new Promise((resolve) => setTimeout(resolve, 500)); // more sweeps and heartbeats
    expect(runs).toBe(1);
    expect(swept).toEqual([]);
    expect(logs.filter((line) => /sweep recovered|no longer locked/.test(line))).toEqual([]);
  });

  it("creates WorkerUtils whose cleanup keeps the runner's task identifiers", async () => {
    const runner = await start({ mine: async () => {} });
    await utils.addJob("mine");
    await utils.addJob("other");
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs where task_identifier = 'mine'")) === 0, 5000, "mine to run");
    await db.pool.query("delete from graphile_worker._private_jobs");
    await runner.createUtils().cleanup({ tasks: ["GC_TASK_IDENTIFIERS"] });
    const { rows } = await db.pool.query("select identifier from graphile_worker._private_tasks order by 1");
    expect(rows.map((r) => r.identifier)).toEqual(["mine"]);
  });

  it("refuses bad options", async () => {
    await expect(run(options({ t: async () => {} }, { concurrency: 0 }))).rejects.toThrow("concurrency must be a positive integer (got 0)");
    await expect(run(options({ t: async () => {} }, { prefetch: -1 }))).rejects.toThrow("prefetch must be a non-negative integer (got -1)");
    await expect(run({ ...options({}), taskList: undefined as never })).rejects.toThrow("You must specify either `taskList` or `taskDirectory`");
    await expect(run(options({ t: async () => {} }, { sweepThreshold: 1000 }))).rejects.toThrow(
      "sweepThreshold (1000 ms) must be more than twice heartbeatInterval (30000 ms), or a sweep takes live workers for dead ones",
    );
    await expect(run(options({ t: async () => {} }, { heartbeatInterval: false as never }))).rejects.toThrow(
      /heartbeatInterval: false is not possible/,
    );
    // Without a sweep of its own, or once, the threshold has nothing to check.
    await runOnce(options({ t: async () => {} }, { sweepThreshold: 1000 }));
    // Not a connection failure (those are retried for about half a minute): the start fails at once.
    const missing = new URL(db.url);
    missing.pathname = "/gw_no_such_database";
    await expect(run(options({ t: async () => {} }, { connectionString: missing.href, migrate: false }))).rejects.toThrow(
      'database "gw_no_such_database" does not exist',
    );
  });
});

describe("starting", () => {
  it("retries a database it cannot reach yet, and starts once it answers", async () => {
    // A port nobody listens on yet; later, a proxy to the real server opens on it.
    const port = await freePort();
    await utils.addJob("t");
    let ran = 0;
    const starting = run(options({ t: async () => void ran++ }, { connectionString: proxyUrl(port, db.name) }));
    let proxy: Proxy | undefined;
    try {
      await until(async () => logs.some((line) => line.includes("(attempt 1, retrying)")), 10_000, "a refused connection to be retried");
      proxy = await startProxy(port);
      const runner = await starting;
      runners.push(runner);
      await until(async () => (await jobsLeft()) === 0, 10_000, "the job to run");
      expect(ran).toBe(1);
      await runner.stop();
    } finally {
      await starting.catch(() => {});
      await proxy?.close();
    }
  });
});

describe("stopping", () => {
  it("gives back unstarted jobs and waits for running ones", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished = 0;
    await utils.addJobs(Array.from({ length: 5 }, () => ({ identifier: "t" })));
    const runner = await start({ t: async () => { await gate; finished++; } }, { concurrency: 1, prefetch: 4 });
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs where locked_at is not null")) === 5, 5000, "the prefetch");
    const stopping = runner.stop();
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs where locked_at is not null")) === 1, 5000, "the unstarted jobs to be given back");
    expect(await count("select count(*) as n from graphile_worker.jobs where attempts = 0")).toBe(4);
    release();
    await stopping;
    expect(finished).toBe(1);
    expect(await jobsLeft()).toBe(4);
  });

  it("fails jobs still running after the shutdown timeout, saying why, and aborts them", async () => {
    let aborted = false;
    await utils.addJob("hang");
    const runner = await start(
      {
        hang: (_p, { abortSignal }) =>
          new Promise<void>((resolve) => abortSignal.addEventListener("abort", () => { aborted = true; resolve(); })),
      },
      { shutdownTimeout: 200 },
    );
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs where locked_at is not null")) === 1, 5000, "the job to start");
    await runner.stop();
    expect(aborted).toBe(true);
    const { rows } = await db.pool.query("select locked_at, attempts, last_error from graphile_worker.jobs");
    expect(rows[0].locked_at).toBeNull();
    expect(rows[0].attempts).toBe(1);
    expect(rows[0].last_error).toBe(`worker ${runner.workerId} shut down after waiting 200 ms for this job to finish; it was still running`);
  });
});
