// graphile-worker 0.17's JavaScript API, used as its users use it, against a
// real database and real runners.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addJobAdhoc,
  makeWorkerUtils,
  quickAddJob,
  run,
  runMigrations,
  runOnce,
  runTaskList,
  runTaskListOnce,
  type Logger,
  type Task,
  type WorkerUtils,
} from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";

let db: TestDatabase;
let utils: WorkerUtils;
let dir: string;
const lines: string[] = [];
const logger: Logger = {
  debug: (m) => lines.push(`debug: ${m}`),
  info: () => {},
  warn: (m) => lines.push(`warn: ${m}`),
  error: (m) => lines.push(`error: ${m}`),
};

beforeAll(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
  dir = mkdtempSync(join(tmpdir(), "gw-upstream-"));
});
afterAll(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const jobsLeft = async () => Number((await db.pool.query("select count(*) as n from graphile_worker.jobs")).rows[0].n);

/** Runs fn with process.env changed, then restores it. */
async function withEnv<T>(changes: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe("adding jobs without a WorkerUtils", () => {
  it("addJobAdhoc and its older name quickAddJob add a job and close their pool", async () => {
    const a = await addJobAdhoc({ connectionString: db.url }, "adhoc", { n: 1 }, { queueName: "adhoc-q" });
    const b = await quickAddJob({ connectionString: db.url }, "adhoc", { n: 2 });
    expect([a.task_identifier, a.queue_name, b.payload]).toEqual(["adhoc", "adhoc-q", { n: 2 }]);
    await utils.completeJobs([a.id, b.id]);
  });
});

describe("runMigrations, runTaskList, runTaskListOnce", () => {
  it("runMigrations builds the schema; runTaskList runs on the given pool until gracefulShutdown; it does not migrate", async () => {
    const empty = await createTestDatabase({ migrated: false });
    try {
      await runMigrations({ connectionString: empty.url, logger });
      const seen: unknown[] = [];
      const pool = runTaskList({ concurrency: 2, logger, noHandleSignals: true, pollInterval: 100 }, {
        hello: async (payload) => void seen.push(payload),
      }, empty.pool);
      expect(typeof pool.id).toBe("string");
      await empty.pool.query("select graphile_worker.add_job('hello', '{\"x\": 1}')");
      await until(async () => seen.length === 1, 5000, "the job");
      await pool.gracefulShutdown("done");
      await pool; // a WorkerPool is a thenable that settles when it stopped
      expect(seen).toEqual([{ x: 1 }]);
    } finally {
      await empty.drop();
    }
  });

  it("runTaskListOnce runs what is runnable on one client it does not release", async () => {
    const client = await db.pool.connect();
    try {
      await utils.addJob("once_task", { i: 1 });
      await utils.addJob("once_task", { i: 2 });
      const seen: number[] = [];
      await runTaskListOnce({ logger, noHandleSignals: true }, { once_task: async (p) => void seen.push((p as { i: number }).i) }, client);
      expect(seen.sort()).toEqual([1, 2]);
      expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
    expect(await jobsLeft()).toBe(0);
  });

  it("forcefulShutdown fails the running job for a retry and says which", async () => {
    let started = false;
    const pool = runTaskList({ logger, noHandleSignals: true, pollInterval: 100 }, {
      stuck: () => new Promise<void>(() => void (started = true)),
    }, db.pool);
    const job = await utils.addJob("stuck");
    await until(async () => started, 5000, "the job to start");
    const { forceFailedJobs } = await pool.forcefulShutdown("going down");
    await pool.promise;
    expect(forceFailedJobs.map((j) => j.id)).toEqual([job.id]);
    const { rows } = await db.pool.query("select last_error, locked_by from graphile_worker.jobs where id = $1", [job.id]);
    expect(rows).toEqual([{ last_error: "going down", locked_by: null }]);
    await utils.completeJobs([job.id]);
  });
});

describe("run and runOnce with taskDirectory", () => {
  it("loads .js, .cjs and .mjs modules from nested folders, named as graphile-worker names them, and .ts with a loader", async () => {
    const tasks = join(dir, "tasks");
    mkdirSync(join(tasks, "emails", "deep"), { recursive: true });
    const record = (name: string) => `async (payload, helpers) => { await helpers.query("insert into dir_runs values ($1)", [${JSON.stringify(name)}]); }`;
    writeFileSync(join(tasks, "plain.js"), `module.exports = ${record("plain")};`);
    writeFileSync(join(tasks, "plain.d.ts"), "export {};"); // a declaration beside it is not a task
    writeFileSync(join(tasks, "common.cjs"), `exports.default = ${record("common")};`);
    writeFileSync(join(tasks, "emails", "send.mjs"), `export default ${record("emails/send")};`);
    writeFileSync(join(tasks, "emails", "deep", "typed.ts"), `export default ${record("emails/deep/typed").replace("(payload, helpers)", "(payload: unknown, helpers: any)")};`);
    writeFileSync(join(tasks, "README.md"), "not a task");
    await db.pool.query("create table dir_runs (name text)");
    await utils.addJobs(["plain", "common", "emails/send", "emails/deep/typed"].map((identifier) => ({ identifier })));
    // vitest's module runner is a TypeScript loader: the .ts task loads.
    await runOnce({ connectionString: db.url, taskDirectory: tasks, logger, noHandleSignals: true });
    const { rows } = await db.pool.query("select name from dir_runs order by name");
    expect(rows.map((r) => r.name)).toEqual(["common", "emails/deep/typed", "emails/send", "plain"]);
    expect(lines).toContainEqual(expect.stringMatching(/^warn: ignoring .*README\.md: not a task module/));
  });

  it("refuses a missing directory, a module that exports no function, and taskList with taskDirectory, in graphile-worker's words", async () => {
    await expect(runOnce({ connectionString: db.url, taskDirectory: join(dir, "nope"), logger })).rejects.toThrow(
      `Could not find tasks to execute - taskDirectory '${join(dir, "nope")}' does not exist`,
    );
    const bad = join(dir, "bad");
    mkdirSync(bad);
    writeFileSync(join(bad, "t.js"), "module.exports = { notATask: 1 };");
    await expect(run({ connectionString: db.url, taskDirectory: bad, logger })).rejects.toThrow(
      `Invalid task '${join(bad, "t.js")}' - expected function, received object.`,
    );
    await expect(run({ connectionString: db.url, taskDirectory: bad, taskList: { t: async () => {} }, logger })).rejects.toThrow(
      "Exactly one of either `taskDirectory` or `taskList` should be set",
    );
    await expect(run({ connectionString: db.url, logger } as never)).rejects.toThrow("You must specify either `taskList` or `taskDirectory`");
  });
});

describe("connecting", () => {
  it("refuses pgPool with connectionString, in graphile-worker's words", async () => {
    const both = { connectionString: db.url, pgPool: db.pool, taskList: { t: async () => {} }, logger };
    await expect(run(both)).rejects.toThrow("Both `pgPool` and `connectionString` are set, at most one of these options should be provided");
    await expect(makeWorkerUtils(both)).rejects.toThrow("Both `pgPool` and `connectionString` are set");
  });

  it("connects from the PG* variables alone, with no connectionString or DATABASE_URL", async () => {
    const url = new URL(db.url);
    const env = {
      DATABASE_URL: undefined,
      PGHOST: url.hostname,
      PGPORT: url.port || "5432",
      PGUSER: decodeURIComponent(url.username) || "postgres",
      PGPASSWORD: decodeURIComponent(url.password) || undefined,
      PGDATABASE: db.name,
    };
    await withEnv(env, async () => {
      await addJobAdhoc({}, "from_env", { ok: true });
      const seen: unknown[] = [];
      await runOnce({ taskList: { from_env: async (p) => void seen.push(p) }, logger, noHandleSignals: true });
      expect(seen).toEqual([{ ok: true }]);
    });
    await withEnv({ DATABASE_URL: undefined, PGDATABASE: undefined }, async () => {
      await expect(run({ taskList: { t: async () => {} }, logger })).rejects.toThrow(
        "You must either specify `pgPool` or `connectionString`, or you must make the `DATABASE_URL` or `PG*` environmental variables available.",
      );
    });
  });
});

describe("the runner and task helpers", () => {
  it("noHandleSignals leaves SIGINT and SIGTERM alone; runner.addJob adds through the runner", async () => {
    const before = process.listenerCount("SIGTERM");
    const seen: unknown[] = [];
    const runner = await run({ connectionString: db.url, taskList: { via_runner: async (p) => void seen.push(p) }, logger, noHandleSignals: true, pollInterval: 100 });
    try {
      expect(process.listenerCount("SIGTERM")).toBe(before);
      const job = await runner.addJob("via_runner", { n: 7 });
      expect(job.task_identifier).toBe("via_runner");
      await until(async () => seen.length === 1, 5000, "the job");
    } finally {
      await runner.stop();
    }
    await expect(run({ connectionString: db.url, taskList: {}, handleSignals: true, noHandleSignals: true })).rejects.toThrow(
      "handleSignals (true) and noHandleSignals (true) disagree; give one of them",
    );
  });

  it("abortPromise, addJobs, query, getQueueName and the deprecated debug work as graphile-worker's", async () => {
    lines.length = 0;
    const results: Record<string, unknown> = {};
    const task: Task = async (_payload, helpers) => {
      results.queue = await helpers.getQueueName();
      results.now = (await helpers.query<{ one: number }>("select $1::int as one", [1])).rows;
      const added = await helpers.addJobs([{ identifier: "child", payload: { a: 1 } }, { identifier: "child", payload: { a: 2 } }]);
      results.added = added.map((j) => j.task_identifier);
      helpers.debug("old style %s", "debug");
      results.abort = typeof helpers.abortPromise.then;
    };
    await utils.addJob("helpers_task", {}, { queueName: "helpers-q" });
    await runOnce({ connectionString: db.url, taskList: { helpers_task: task, child: async () => {} }, logger, noHandleSignals: true });
    expect(results).toEqual({ queue: "helpers-q", now: [{ one: 1 }], added: ["child", "child"], abort: "function" });
    expect(lines).toContain("error: REMOVED: `helpers.debug` has been replaced with `helpers.logger.debug`; please do not use `helpers.debug`");
    expect(lines).toContain("debug: old style %s");
  });

  it("run and runOnce take graphile-worker's overrideTaskList; runner.kill fails the running job for a retry", async () => {
    const seen: unknown[] = [];
    await utils.addJob("override", { n: 1 });
    await runOnce({ connectionString: db.url, taskDirectory: join(dir, "nope"), logger, noHandleSignals: true }, { override: async (p) => void seen.push(p) });
    expect(seen).toEqual([{ n: 1 }]);
    let started = false;
    const runner = await run({ connectionString: db.url, logger, noHandleSignals: true }, { hang: () => new Promise<void>(() => void (started = true)) });
    const job = await runner.addJob("hang");
    await until(async () => started, 5000, "the job to start");
    await runner.kill("enough");
    await runner.promise;
    const { rows } = await db.pool.query("select last_error from graphile_worker.jobs where id = $1", [job.id]);
    expect(rows[0].last_error).toMatch(/was killed: enough while running this job$/);
    await utils.completeJobs([job.id]);
  });

  it("abortPromise rejects when the runner gives up on the job at shutdown", async () => {
    let reason: unknown;
    let started = false;
    const runner = await run({
      connectionString: db.url,
      logger,
      noHandleSignals: true,
      shutdownTimeout: 0,
      taskList: {
        long: async (_p, helpers) => {
          started = true;
          await helpers.abortPromise.catch((error) => void (reason = error));
        },
      },
    });
    const job = await utils.addJob("long");
    await until(async () => started, 5000, "the job to start");
    await runner.stop();
    expect(String(reason)).toMatch(/shut down after waiting 0 ms/);
    expect((await utils.completeJobs([job.id])).length).toBe(1);
  });
});
