// Behind PgBouncer in transaction mode (the distribution's package, started
// here on a free port in front of the test database): runners and WorkerUtils
// keep no session state on pooled connections, a runner LISTENs on the direct
// connection it is given (listenConnectionString) or only polls (listen:
// false), and every job runs exactly once with nothing left locked.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeWorkerUtils, run, silentLogger, type Runner, type TaskList } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";

let db: TestDatabase;
let dir: string;
let bouncer: ChildProcess;
let output = "";
let exited: Promise<void>;
/** The test database through PgBouncer (transaction mode, 6 server connections). */
let pooledUrl: string;
/** The same, through a PgBouncer database entry with a single server connection. */
let singleUrl: string;
let version: [number, number];

/** PgBouncer 1.21 or later: it can keep prepared statements in transaction mode. */
const modern = () => version[0] > 1 || version[1] >= 21;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

beforeAll(async () => {
  // Installs the Debian package when missing (as root); fails saying so otherwise.
  const { ensurePgbouncer } = await import("../../scripts/lib/postgres.mjs");
  const binary = ensurePgbouncer();
  const [, major, minor] = /(\d+)\.(\d+)/.exec(spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout) ?? [];
  version = [Number(major), Number(minor)];

  db = await createTestDatabase();
  const server = new URL(db.url);
  const user = decodeURIComponent(server.username || "postgres");
  const target =
    `host=${server.hostname} port=${server.port || 5432} dbname=${db.name} user=${user}` +
    (server.password ? ` password=${decodeURIComponent(server.password)}` : "");
  const port = await freePort();
  dir = mkdtempSync(join(tmpdir(), "gw-pgbouncer-"));
  chmodSync(dir, 0o755); // readable by the unprivileged user PgBouncer runs as
  writeFileSync(join(dir, "userlist.txt"), `"${user}" ""\n`, { mode: 0o644 });
  writeFileSync(
    join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `${db.name} = ${target}`,
      `single = ${target} pool_size=1`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      "default_pool_size = 6",
      "max_client_conn = 200",
      // 1.21 and later can keep prepared statements in transaction mode.
      ...(modern() ? ["max_prepared_statements = 100"] : []),
      "",
    ].join("\n"),
    { mode: 0o644 },
  );
  // PgBouncer refuses to run as root.
  const asRoot = process.getuid?.() === 0;
  bouncer = spawn(binary, [...(asRoot ? ["-u", "nobody"] : []), join(dir, "pgbouncer.ini")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  bouncer.stdout!.on("data", (d) => (output += d));
  bouncer.stderr!.on("data", (d) => (output += d));
  exited = new Promise((resolve) => bouncer.on("exit", () => resolve()));
  const base = `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}`;
  pooledUrl = `${base}/${db.name}`;
  singleUrl = `${base}/single`;
  await until(
    async () => {
      if (bouncer.exitCode !== null) throw new Error(`pgbouncer exited (${bouncer.exitCode}):\n${output}`);
      return answers(pooledUrl);
    },
    10_000,
    "pgbouncer to accept connections",
  );
});

afterAll(async () => {
  if (bouncer && bouncer.exitCode === null && bouncer.signalCode === null) {
    bouncer.kill("SIGKILL");
    await exited;
  }
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("two runners drain 2,000 jobs through PgBouncer: each job once, nothing left locked; LISTEN only on the direct connection", async () => {
  const JOBS = 2_000;
  const runs = new Map<string, number>();
  const byWorker = new Map<string, number>();
  const taskList: TaskList = {
    count: async (_payload, { job }) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 1));
    },
  };
  const common = {
    connectionString: pooledUrl,
    noPreparedStatements: !modern(),
    taskList,
    concurrency: 8,
    prefetch: 8,
    handleSignals: false,
    logger: silentLogger,
  };
  const runners: Runner[] = [];
  const utils = await makeWorkerUtils({ connectionString: pooledUrl, noPreparedStatements: common.noPreparedStatements });
  try {
    // One LISTENs on a direct connection and never polls; the other only polls.
    const listening = await run({ ...common, listenConnectionString: db.url, pollInterval: 600_000 });
    const polling = await run({ ...common, listen: false, pollInterval: 50 });
    runners.push(listening, polling);
    for (const runner of runners) {
      runner.events.on("job:success", ({ workerId }) => byWorker.set(workerId, (byWorker.get(workerId) ?? 0) + 1));
    }

    await utils.addJobs(
      Array.from({ length: JOBS }, (_, i) => ({
        identifier: "count",
        payload: { i },
        queueName: i % 10 === 0 ? `q${i % 7}` : null,
      })),
    );
    await until(async () => runs.size === JOBS, 20_000, `${JOBS} jobs to run`);
    expect(byWorker.get(listening.workerId)).toBeGreaterThan(0);
    expect(byWorker.get(polling.workerId)).toBeGreaterThan(0);

    // The only LISTEN on the server is the listening runner's own connection.
    const listeners = async () =>
      (
        await db.pool.query(
          `select pid, application_name from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
        )
      ).rows;
    const [first] = await listeners();
    expect(await listeners()).toEqual([{ pid: first.pid, application_name: `graphile_worker ${listening.workerId} listen` }]);

    // That connection broken: the runner listens again, directly.
    await db.pool.query("select pg_terminate_backend($1)", [first.pid]);
    await until(
      async () => (await listeners()).some((row) => row.pid !== first.pid && row.application_name === first.application_name),
      5_000,
      "the runner to listen again",
    );

    // A job added through the pooler wakes the listening runner at once (it never polls).
    await polling.stop();
    const late = await utils.addJob("count", { late: true });
    await until(async () => runs.has(late.id), 5_000, "the notified runner to run a new job");
    await listening.stop();
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
    await utils.release();
  }

  expect(runs.size).toBe(JOBS + 1);
  expect([...runs.values()].filter((n) => n !== 1)).toEqual([]);
  const { rows } = await db.pool.query(`
    select (select count(*) from graphile_worker._private_jobs)::int as jobs,
           (select count(*) from graphile_worker._private_job_queues where locked_at is not null or locked_by is not null)::int as locked_queues,
           (select count(*) from graphile_worker._private_workers)::int as workers_left`);
  expect(rows[0]).toMatchObject({ jobs: 0, locked_queues: 0 });
});

it("a runner given only the pooler does not LISTEN through it: it says so and polls", async () => {
  const warnings: string[] = [];
  const ran: string[] = [];
  const runner = await run({
    connectionString: pooledUrl,
    noPreparedStatements: true,
    taskList: { t: async (_payload, { job }) => void ran.push(job.id) },
    pollInterval: 100,
    handleSignals: false,
    logger: { ...silentLogger, warn: (message: string) => void warnings.push(message) },
  });
  const utils = await makeWorkerUtils({ connectionString: pooledUrl, noPreparedStatements: true });
  try {
    await until(async () => warnings.some((w) => /go through a pooler/.test(w)), 5_000, "the pooler warning");
    expect(warnings.find((w) => /go through a pooler/.test(w))).toMatch(
      /not listening, looking for new jobs every 100 ms instead; give listenConnectionString/,
    );
    const job = await utils.addJob("t", {});
    await until(async () => ran.includes(job.id), 5_000, "the polling runner to run a job");
    const { rows } = await db.pool.query(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
    );
    expect(rows[0].n).toBe(0);
  } finally {
    await runner.stop();
    await utils.release();
  }
});

it("WorkerUtils migrates, adds, reschedules, fails and completes jobs through PgBouncer", async () => {
  const utils = await makeWorkerUtils({ connectionString: pooledUrl, noPreparedStatements: true });
  try {
    await utils.migrate();
    const job = await utils.addJob("t", { a: 1 }, { queueName: "q", jobKey: "k" });
    const again = await utils.addJob("t", { a: 2 }, { queueName: "q", jobKey: "k" });
    expect(again).toMatchObject({ id: job.id, revision: 1, payload: { a: 2 } });
    const batch = await utils.addJobs([
      { identifier: "t", payload: { b: 1 } },
      { identifier: "t", payload: { b: 2 }, jobKey: "k2" },
    ]);
    const [rescheduled] = await utils.rescheduleJobs([job.id], { priority: 3 });
    expect(rescheduled.priority).toBe(3);
    const [failed] = await utils.permanentlyFailJobs([batch[0].id], "no");
    expect(failed).toMatchObject({ last_error: "no", attempts: 25 });
    expect(await utils.removeJob("k2")).toMatchObject({ id: batch[1].id });
    const completed = await utils.completeJobs([job.id, batch[0].id]);
    expect(completed.map((j) => j.id).sort()).toEqual([job.id, batch[0].id].sort());
  } finally {
    await utils.release();
  }
  const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker._private_jobs");
  expect(rows[0].n).toBe(0);
});

it("prepared statements through PgBouncer before 1.21 fail with a pointer to noPreparedStatements", async () => {
  // Two pools, one server connection: the second prepares what the first left there.
  const first = await makeWorkerUtils({ connectionString: singleUrl });
  const second = await makeWorkerUtils({ connectionString: singleUrl });
  try {
    await first.addJob("t", {});
    const adding = second.addJob("t", {});
    if (!modern()) {
      await expect(adding).rejects.toMatchObject({
        code: "42P05",
        message: expect.stringMatching(/already exists \(.*PgBouncer before 1\.21, set noPreparedStatements: true\)$/),
      });
    } else {
      // PgBouncer 1.21 and later keep prepared statements in transaction mode.
      await adding;
    }
  } finally {
    await Promise.all([first.release(), second.release()]);
  }
});
