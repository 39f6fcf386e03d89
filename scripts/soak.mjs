// `npm run soak -- [--duration 2m] [--no-long-transaction]`: mixed traffic
// for a while, reporting every 5 seconds: throughput, queue depth, lock waits,
// dead tuples and the size of the jobs table. In the middle third a
// transaction holds its snapshot open, so the bloat that causes (vacuum
// cannot remove dead rows) and the recovery after it are visible.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createDatabase, dropDatabase, ensureServer, log } from "./lib/postgres.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const parseDuration = (text) => {
  const m = /^(\d+)(s|m|h)$/.exec(text);
  if (!m) throw new Error(`--duration must look like 90s, 5m or 1h (got ${text})`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2]];
};
const duration = parseDuration(option("duration", "2m"));
const longTransaction = !args.includes("--no-long-transaction");
const ROOT = join(import.meta.dirname, "..");

const { migrate } = await import("../dist/index.js");
const server = await ensureServer();
const name = `graphile_worker_soak_${process.pid}`;
const url = await createDatabase(server.url, name);
const pool = new pg.Pool({ connectionString: url, max: 8 });
pool.on("error", () => {});
await migrate(pool);
log(`soaking for ${duration / 1000} s in database ${name}${longTransaction ? ", with a long transaction in the middle third" : ""}`);

const workers = [1, 2].map(() =>
  spawn(process.execPath, [join(ROOT, "dist/cli/main.js"), "run", "--tasks", join(ROOT, "scripts/soak-tasks"), "--database-url", url, "--concurrency", "8", "--prefetch", "16", "--poll-interval", "500ms"], {
    env: { ...process.env, GRAPHILE_WORKER_LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  }),
);

let stop = false;
let enqueued = 0;
const started = Date.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Producers: single adds, keyed adds (updates), and batches.
const producers = [0, 1, 2].map(async (p) => {
  let i = 0;
  while (!stop) {
    const kind = i % 10;
    if (kind < 6) {
      await pool.query("select graphile_worker.add_job('work', json_build_object('i', $1::int), queue_name := $2, max_attempts := 3)", [i, i % 5 === 0 ? `q${i % 7}` : null]);
      enqueued++;
    } else if (kind < 8) {
      await pool.query("select graphile_worker.add_job('work', json_build_object('i', $1::int), job_key := $2, max_attempts := 3)", [i, `key-${p}-${i % 50}`]);
      enqueued++;
    } else {
      const { rowCount } = await pool.query(
        "select * from graphile_worker.add_jobs(array(select row('work', json_build_object('i', g), null, null, 3, null, null, null)::graphile_worker.job_spec from generate_series(1, 50) g))",
      );
      enqueued += rowCount;
    }
    i++;
    await sleep(2);
  }
});

// Administration: reschedule, permanently fail, complete a few; cleanup; sweeps.
const admin = (async () => {
  while (!stop) {
    await sleep(2000);
    await pool.query("select graphile_worker.reschedule_jobs(array(select id from graphile_worker.jobs where locked_at is null limit 20), priority := 1)");
    await pool.query("select graphile_worker.permanently_fail_jobs(array(select id from graphile_worker.jobs where locked_at is null limit 5), 'soak')");
    await pool.query("select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs where attempts >= max_attempts limit 50))");
    await pool.query("select * from graphile_worker.cleanup(array['DELETE_PERMAFAILED_JOBS', 'GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS'])");
  }
})();

// The long transaction: a snapshot held open through the middle third.
const holder = longTransaction
  ? (async () => {
      await sleep(duration / 3);
      const client = await pool.connect();
      await client.query("begin isolation level repeatable read");
      await client.query("select count(*) from graphile_worker.migrations");
      log("long transaction open: vacuum cannot remove rows deleted from now on");
      await sleep(duration / 3);
      await client.query("commit");
      client.release();
      log("long transaction closed");
    })()
  : Promise.resolve();

// Reporting.
const samples = [];
let lastDone = null;
const report = async () => {
  const { rows: [s] } = await pool.query(`
    select
      (select count(*) from graphile_worker._private_jobs) as depth,
      (select count(*) from graphile_worker._private_jobs where locked_at is not null) as running,
      (select n_dead_tup from pg_stat_user_tables where relid = 'graphile_worker._private_jobs'::regclass) as dead_tuples,
      (select n_tup_del from pg_stat_user_tables where relid = 'graphile_worker._private_jobs'::regclass) as deleted,
      pg_total_relation_size('graphile_worker._private_jobs') as bytes,
      (select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock') as lock_waits,
      (select coalesce(max(extract(epoch from now() - xact_start)), 0) from pg_stat_activity where datname = current_database() and state <> 'idle') as oldest_xact_s`);
  const t = (Date.now() - started) / 1000;
  const done = Number(s.deleted);
  const sample = {
    t: Math.round(t),
    enqueued,
    completed_per_s: lastDone === null ? null : Math.round((done - lastDone.done) / (t - lastDone.t)),
    depth: Number(s.depth),
    running: Number(s.running),
    lock_waits: Number(s.lock_waits),
    dead_tuples: Number(s.dead_tuples),
    table_mb: Math.round((Number(s.bytes) / 1048576) * 10) / 10,
    oldest_xact_s: Math.round(Number(s.oldest_xact_s)),
  };
  lastDone = { done, t };
  samples.push(sample);
  console.log(Object.values(sample).map((v) => String(v ?? "-").padStart(12)).join(""));
};
console.log(["t (s)", "enqueued", "deleted/s", "depth", "running", "lock waits", "dead tuples", "table MB", "oldest tx s"].map((h) => h.padStart(12)).join(""));
while (Date.now() - started < duration) {
  await report();
  await sleep(5000);
}
stop = true;
await Promise.all([...producers, admin, holder]);
await report();
for (const w of workers) w.kill("SIGTERM");
await Promise.all(workers.map((w) => new Promise((r) => w.on("exit", r))));
await pool.end();
await dropDatabase(server.url, name);
server.stop();
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeFileSync(join(ROOT, "bench", "results", "soak-latest.json"), JSON.stringify({ duration_ms: duration, long_transaction: longTransaction, samples }, null, 2));
log("samples written to bench/results/soak-latest.json");
