// The runner under the faults and hostile inputs a real deployment meets:
// a job unlocked under a running task, lost replies, tasks throwing anything,
// payloads JavaScript cannot round-trip, a flood of notifications, a stop
// that races the start.
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { makeWorkerUtils, run, type Logger, type Runner, type RunnerOptions, type TaskList, type WorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";
import { startProxy, type Proxy } from "./helpers/proxy";

let db: TestDatabase;
let utils: WorkerUtils;
let proxy: Proxy | null = null;
const runners: Runner[] = [];
const pools: pg.Pool[] = [];
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
  await Promise.all(pools.splice(0).map((p) => p.end()));
  await proxy?.close();
  proxy = null;
  await db.drop();
});

function options(taskList: TaskList, extra: Partial<RunnerOptions> = {}): RunnerOptions {
  // A pool or a connection string, not both (as graphile-worker refuses both).
  return { ...(extra.pgPool ? {} : { connectionString: db.url }), taskList, logger, handleSignals: false, pollInterval: 50, ...extra };
}

async function start(taskList: TaskList, extra: Partial<RunnerOptions> = {}): Promise<Runner> {
  const runner = await run(options(taskList, extra));
  runners.push(runner);
  return runner;
}

const one = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0];

/** A promise with its resolve function. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

it("never runs a job twice at once: a job fetched again under a stale run waits for it, and the stale run answers nothing", async () => {
  const runs: { aborted: boolean; release: () => void }[] = [];
  let active = 0;
  let mostActive = 0;
  const job = await utils.addJob("slow");
  const runner = await start(
    {
      slow: async (_payload, helpers) => {
        const gate = signal();
        const entry = { aborted: false, release: gate.resolve };
        runs.push(entry);
        helpers.abortSignal.addEventListener("abort", () => (entry.aborted = true));
        active++;
        mostActive = Math.max(mostActive, active);
        await gate.promise;
        active--;
      },
    },
    { concurrency: 2 },
  );
  await until(async () => runs.length === 1, 5000, "the first run");
  // An administrator unlocks the job under the running task; the same
  // worker fetches it again under a new claim.
  await utils.forceUnlockWorkers([runner.workerId]);
  await until(async () => runs[0].aborted, 5000, "the stale run to be aborted");
  const held = await one("select locked_by, claim from graphile_worker._private_jobs where id = $1", [job.id]);
  expect(held.locked_by).toBe(runner.workerId);
  expect(held.claim).not.toBeNull();
  expect(runs).toHaveLength(1);

  // The stale run ends: its success writes nothing; the new claim runs.
  runs[0].release();
  await until(async () => runs.length === 2, 5000, "the second run");
  expect(await one("select claim from graphile_worker._private_jobs where id = $1", [job.id])).toEqual({ claim: held.claim });
  runs[1].release();
  await until(async () => (await one("select count(*)::int as n from graphile_worker._private_jobs")).n === 0, 5000, "the job to complete");
  expect(mostActive).toBe(1);
  expect(runs[1].aborted).toBe(false);
});

it("records a failure whatever a task throws, and keeps running", async () => {
  const cyclic: Record<string, unknown> = { name: "loop" };
  cyclic.self = cyclic;
  const getterThrows = Object.defineProperty({}, "message", {
    enumerable: true,
    get() {
      throw new Error("no");
    },
  });
  const thrown: Record<string, unknown> = { bigint: 12345678901234567891n, cyclic, symbol: Symbol("s"), getter: getterThrows, undef: undefined };
  for (const name of Object.keys(thrown)) await utils.addJob("throws", { name }, { maxAttempts: 1 });
  await utils.addJob("fine");
  let fine = false;
  await start({
    throws: async (payload) => {
      throw thrown[(payload as { name: string }).name];
    },
    fine: async () => void (fine = true),
  });
  await until(async () => fine && (await one("select count(*)::int as n from graphile_worker.jobs where last_error is not null")).n === 5, 5000, "every failure to be recorded");
  const { rows } = await db.pool.query("select payload->>'name' as name, last_error from graphile_worker._private_jobs order by id");
  expect(Object.fromEntries(rows.map((r) => [r.name, r.last_error]))).toEqual({
    bigint: "12345678901234567891 was thrown",
    cyclic: '{"name":"loop","self":"[circular]"}',
    symbol: "Symbol(s) was thrown",
    getter: "[object Object]",
    undef: "undefined was thrown",
  });
});

it("writes a batch job's failed items back as the database's own JSON, however deep or large", async () => {
  const deep = `${"[".repeat(3000)}1${"]".repeat(3000)}`;
  const items = [`{"keep": 12345678901234567891}`, `{"ok": 1}`, deep, `{"huge": 1e400}`];
  const { rows } = await db.pool.query(`select (graphile_worker.add_job('batch', $1::json)).id`, [`[${items.join(", ")}]`]);
  const id = rows[0].id;
  const runner = await start({
    batch: async (payload) => (payload as unknown[]).map((_item, i) => (i === 1 ? null : new Error(`item ${i} failed`))),
  });
  await until(async () => (await one("select last_error from graphile_worker._private_jobs where id = $1", [id])).last_error !== null, 5000, "the failure to be written");
  const stored = await one(
    "select (select array_agg(e::text order by n) from json_array_elements(payload) with ordinality as x(e, n)) as items, last_error from graphile_worker._private_jobs where id = $1",
    [id],
  );
  expect(stored.items).toEqual([items[0], items[2], items[3]]);
  expect(stored.last_error).toMatch(/^3 of 4 batch items failed: \[0\] item 0 failed; \[2\] item 2 failed; \[3\] item 3 failed$/);
  await runner.stop();
});

it("stop() right after run() returns, and releases the listening connection", async () => {
  const runner = await run(options({ t: async () => {} }));
  await runner.stop();
  const { rows } = await db.pool.query(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'",
  );
  expect(rows[0].n).toBe(0);
});

it("gives back what a fetch claimed when its reply was lost, before fetching again and when stopping", async () => {
  proxy = await startProxy();
  for (let i = 0; i < 3; i++) await utils.addJob("t", { i });
  const lost = proxy.loseReplyTo("graphile_worker.get_jobs_v2(");
  const ran: number[] = [];
  const gate = signal();
  const runner = await start(
    {
      t: async (payload) => {
        ran.push((payload as { i: number }).i);
        await gate.promise;
      },
    },
    { connectionString: proxy.url(db.name), concurrency: 1, pollInterval: 60_000 },
  );
  await lost;
  // The claim committed; the runner never saw it. It gives the jobs back
  // (their attempt undone) and fetches them again.
  await until(async () => ran.length === 1, 10_000, "a job to run after the lost reply");
  expect(logs.some((l) => /gave back \d+ job\(s\) claimed by a fetch whose reply was lost/.test(l))).toBe(true);
  // Losing a reply again and stopping at once: nothing stays locked.
  const lostAgain = proxy.loseReplyTo("graphile_worker.get_jobs_v2(");
  gate.resolve();
  await lostAgain;
  await runner.stop();
  const { rows } = await db.pool.query("select attempts, locked_at from graphile_worker._private_jobs order by id");
  expect(rows.every((r) => r.locked_at === null)).toBe(true);
  expect(rows.every((r) => r.attempts === 0)).toBe(true);
});

it("an idle runner is not driven by a flood of notifications, and still starts a real job promptly", async () => {
  let fetches = 0;
  const pool = new pg.Pool({ connectionString: db.url, max: 6 });
  pools.push(pool);
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string }).text;
    if (text?.includes("get_jobs_v2")) fetches++;
    return query(...args);
  };
  let started = 0;
  await start({ t: async () => void (started = Date.now()) }, { pgPool: pool, pollInterval: 60_000 });
  const flooder = new pg.Client({ connectionString: db.url });
  await flooder.connect();
  const before = fetches;
  const NOTIFICATIONS = 3000;
  const floodStarted = Date.now();
  for (let i = 0; i < NOTIFICATIONS; i++) await flooder.query(`notify "jobs:insert", '${i}'`);
  const floodSeconds = (Date.now() - floodStarted) / 1000;
  const added = Date.now();
  await flooder.query("select graphile_worker.add_job('t')");
  await until(async () => started > 0, 5000, "the real job to start");
  await flooder.end();
  const during = fetches - before;
  // Unbounded, every notification would cost a fetch (one per round trip);
  // bounded, a few per second of flood plus the real job's.
  expect(during).toBeLessThan(20 + Math.ceil(floodSeconds * 10));
  expect(during).toBeLessThan(NOTIFICATIONS / 10);
  expect(started - added).toBeLessThan(2_000);
});
