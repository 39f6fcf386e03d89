// The workloads. Each takes the run context and records samples through
// ctx.record(key, who, value, details); "who" is "ours", "theirs" or "floor".
// Runs interleave the libraries, alternating which goes first.
import { endResources, startResources } from "./profile.mjs";
import { libs, LIBS, BATCHED, CONCURRENCY } from "./libs.mjs";
import {
  JOBS,
  addJobsSql,
  connect,
  emptyJobs,
  maxJobId,
  sleep,
  waitForListeners,
  waitUntilDrained,
  withClient,
} from "./db.mjs";
import { startFloorWorkers, startWorkers, stopAll } from "./procs.mjs";
import { fmt, percentile } from "./stats.mjs";

const WORKERS = 2;
const GHOST = "bench-ghost-worker";

/** ours first on even runs, theirs first on odd runs. */
export function order(run) {
  return run % 2 === 0 ? LIBS : [...LIBS].reverse();
}

const seconds = (t0, t1) => (t1 - t0) / 1000;

async function serverNow(client) {
  const { rows } = await client.query("select clock_timestamp() as now");
  return rows[0].now;
}

// ---------------------------------------------------------------- enqueue

export async function batchEnqueue(ctx) {
  const n = ctx.sizes.batch;
  const specs = Array.from({ length: n }, () => ({ identifier: "noop", payload: {} }));
  for (let run = 0; run < ctx.runs; run++) {
    for (const who of order(run)) {
      const url = ctx.db[who];
      const utils = await libs[who].utils(url);
      try {
        await withClient(url, async (admin) => {
          await emptyJobs(admin);
          await utils.addJobs([{ identifier: "noop", payload: {} }]); // opens the pool's connection
          await emptyJobs(admin);
          const t0 = performance.now();
          const jobs = await utils.addJobs(specs);
          const t1 = performance.now();
          if (jobs.length !== n) throw new Error(`${who} addJobs returned ${jobs.length} jobs, expected ${n}`);
          ctx.record("batch", who, n / seconds(t0, t1), { ms: t1 - t0 });
          ctx.progress(`batch enqueue run ${run + 1}/${ctx.runs} ${who}: ${fmt(n / seconds(t0, t1))} jobs/s`);
          await emptyJobs(admin);
        });
      } finally {
        await utils.release();
      }
    }
  }
}

/** Runs `sql` perClient times on each client, all clients at once; returns seconds. */
async function hammer(clients, perClient, sql) {
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < perClient; i++) await client.query(sql);
    }),
  );
  return seconds(t0, performance.now());
}

const ADD_JOB = "select graphile_worker.add_job('noop', '{}')";
const FLOOR_INSERT = "insert into bench_floor_insert (payload) values ('{}')";
const FLOOR_INSERT_NOTIFY =
  "with inserted as (insert into bench_floor_insert (payload) values ('{}') returning id) " +
  "select pg_notify('bench_floor', '{}') from inserted";

export async function singleEnqueue(ctx) {
  const n = ctx.sizes.single;
  const parallel = 8;
  const clients = {};
  for (const who of [...LIBS, "floor"]) {
    clients[who] = await Promise.all(Array.from({ length: parallel }, () => connect(ctx.db[who])));
  }
  const floorAdmin = clients.floor[0];
  await floorAdmin.query(
    "create table if not exists bench_floor_insert (id bigserial primary key, payload json not null, created_at timestamptz not null default now())",
  );
  try {
    for (const who of LIBS) {
      // Warm up: each session plans add_job once.
      await Promise.all(clients[who].map((c) => c.query(ADD_JOB)));
      await emptyJobs(clients[who][0]);
    }
    for (let run = 0; run < ctx.runs; run++) {
      for (const who of order(run)) {
        const admin = clients[who][0];
        await emptyJobs(admin);
        const s1 = await hammer([admin], n, ADD_JOB);
        await emptyJobs(admin);
        const s8 = await hammer(clients[who], n / parallel, ADD_JOB);
        await emptyJobs(admin);
        ctx.record("single1", who, n / s1, { ms: s1 * 1000 });
        ctx.record("single8", who, n / s8, { ms: s8 * 1000 });
        ctx.progress(
          `single enqueue run ${run + 1}/${ctx.runs} ${who}: 1 client ${fmt(n / s1)} jobs/s, ${parallel} clients ${fmt(n / s8)} jobs/s`,
        );
      }
      await floorAdmin.query("truncate bench_floor_insert");
      const f1 = await hammer([floorAdmin], n, FLOOR_INSERT);
      await floorAdmin.query("truncate bench_floor_insert");
      const f8 = await hammer(clients.floor, n / parallel, FLOOR_INSERT);
      await floorAdmin.query("truncate bench_floor_insert");
      const f8n = await hammer(clients.floor, n / parallel, FLOOR_INSERT_NOTIFY);
      await floorAdmin.query("truncate bench_floor_insert");
      ctx.record("floor_insert1", "floor", n / f1, { ms: f1 * 1000 });
      ctx.record("floor_insert8", "floor", n / f8, { ms: f8 * 1000 });
      ctx.record("floor_notify8", "floor", n / f8n, { ms: f8n * 1000 });
      ctx.progress(
        `single enqueue run ${run + 1}/${ctx.runs} floor: INSERT 1 client ${fmt(n / f1)}/s, 8 clients ${fmt(n / f8)}/s, INSERT+notify 8 clients ${fmt(n / f8n)}/s`,
      );
    }
  } finally {
    await floorAdmin.query("drop table if exists bench_floor_insert").catch(() => {});
    for (const list of Object.values(clients)) await Promise.all(list.map((c) => c.end().catch(() => {})));
  }
}

// ---------------------------------------------------------------- latency

export async function latency(ctx) {
  const n = ctx.sizes.latency;
  const warmup = 10;
  for (let run = 0; run < ctx.runs; run++) {
    for (const who of order(run)) {
      const url = ctx.db[who];
      const producer = await connect(url);
      let pending = null;
      const taskList = {
        latency: async (payload) => {
          const delay = performance.now() - payload.t;
          if (pending) pending(delay);
        },
      };
      await emptyJobs(producer);
      const since = await serverNow(producer);
      const runner = await libs[who].start(url, { taskList, tag: `${who} latency runner` });
      const delays = [];
      const commits = [];
      let timeouts = 0;
      try {
        await waitForListeners(producer, 1, since);
        await sleep(200); // let start-up work (first fetch, registration) settle: the runner is idle
        for (let i = 0; i < warmup + n; i++) {
          const started = new Promise((resolve) => {
            pending = resolve;
          });
          const t = performance.now();
          await producer.query("select graphile_worker.add_job('latency', $1::json)", [JSON.stringify({ t })]);
          const committed = performance.now() - t;
          const delay = await Promise.race([started, sleep(10_000).then(() => null)]);
          pending = null;
          if (delay === null) timeouts++;
          else if (i >= warmup) {
            delays.push(delay);
            commits.push(committed);
          }
          await sleep(10); // back to idle: the completion is written before the next job
        }
      } finally {
        await runner.stop();
        await producer.end();
      }
      const p = (q) => percentile(delays, q);
      ctx.record("latency_p50", who, p(50));
      ctx.record("latency_p95", who, p(95));
      ctx.record("latency_p99", who, p(99));
      ctx.record("latency_commit_p50", who, percentile(commits, 50));
      ctx.raw(`latency.${who}.run${run + 1}`, { delays, commits, timeouts });
      ctx.progress(
        `latency run ${run + 1}/${ctx.runs} ${who}: p50 ${fmt(p(50))} ms, p95 ${fmt(p(95))} ms, p99 ${fmt(p(99))} ms` +
          ` (add_job round trip p50 ${fmt(percentile(commits, 50))} ms${timeouts ? `, ${timeouts} timeouts` : ""})`,
      );
    }
  }
}

// ---------------------------------------------------------------- drains

/**
 * One timed drain: adds n jobs an hour ahead, starts the workers, makes the
 * jobs due, notifies, and times until none of them is left. Jobs present
 * before (fillers) are left alone and are not waited for.
 */
export async function drainOnce(
  who,
  url,
  { n, mode = "default", settings = null, keepExisting = false, analyze = true, settle = false },
) {
  return withClient(url, async (admin) => {
    const phases = { start: performance.now() };
    if (!keepExisting) await emptyJobs(admin);
    const before = await maxJobId(admin);
    await addJobsSql(admin, n, { runAtSql: "now() + interval '1 hour'" });
    await admin.query(`analyze ${JOBS}`);
    if (settle) {
      // Start from a settled table: no dead rows left by earlier drains (an
      // autovacuum of them would land inside this one) and no checkpoint
      // still writing out what was built before.
      await admin.query(`vacuum ${JOBS}`);
      await admin.query("checkpoint");
    }
    const since = await serverNow(admin);
    phases.prepared = performance.now();
    const procs = await startWorkers(WORKERS, who, url, mode, settings);
    phases.ready = performance.now();
    let t0;
    let t1;
    let resources;
    try {
      await waitForListeners(admin, WORKERS, since);
      phases.listening = performance.now();
      await sleep(100);
      // Make the jobs due and refresh the planner's statistics in one
      // transaction (ANALYZE counts its own transaction's changes), so the
      // fetch is planned for due jobs, as after an ordinary insert.
      // Stale statistics (run_at all in the future) would make
      // graphile-worker's fetch scan and sort the whole table per job.
      await admin.query("begin");
      await admin.query(`update ${JOBS} set run_at = now() where id > $1::bigint`, [before]);
      if (analyze) await admin.query(`analyze ${JOBS}`);
      await admin.query("commit");
      resources = await startResources(admin, procs.map((p) => p.child.pid));
      t0 = performance.now();
      // The count is what an add_jobs of n jobs announces (both libraries'
      // own inserts do); graphile-worker wakes that many of its workers.
      await admin.query("select pg_notify('jobs:insert', json_build_object('count', $1::int)::text)", [n]);
      t1 = await waitUntilDrained(admin, before);
      resources = await endResources(admin, resources, n);
    } finally {
      await stopAll(procs);
    }
    phases.stopped = performance.now();
    const executed = procs
      .map((p) => p.lines.find((l) => l.text.startsWith("stopped ")))
      .reduce((sum, line) => sum + (line ? Number(line.text.split(" ")[1]) : NaN), 0);
    const overhead = {
      prepare: phases.prepared - phases.start,
      spawn: phases.ready - phases.prepared,
      listen: phases.listening - phases.ready,
      stop: phases.stopped - t1,
    };
    return { rate: n / seconds(t0, t1), ms: t1 - t0, executed, overhead, resources };
  });
}

export async function drain(ctx) {
  for (let run = 0; run < ctx.runs; run++) {
    for (const mode of ["default", "batched"]) {
      const n = mode === "default" ? ctx.sizes.drainDefault : ctx.sizes.drainBatched;
      for (const who of order(run)) {
        const result = await drainOnce(who, ctx.db[who], { n, mode });
        ctx.record(`drain_${mode}`, who, result.rate, { ms: result.ms, executed: result.executed, overhead: result.overhead });
        recordResources(ctx, `drain_${mode}`, who, result.resources);
        if (result.executed !== n) ctx.warn(`drain ${mode} ${who}: ${result.executed} tasks ran for ${n} jobs`);
        ctx.progress(
          `drain ${mode} run ${run + 1}/${ctx.runs} ${who}: ${fmt(result.rate)} jobs/s (${fmt(result.ms / 1000)} s, ${result.executed} tasks run)`,
        );
      }
    }
  }
}

/** Schedules the `schedules` workload defines: on Jan 1 (none due during a run), one per minute of that hour. */
const SCHEDULES = 10_000;

/** Replaces the schedules with `count` idle ones (0: none). */
async function defineSchedules(url, count) {
  await withClient(url, async (client) => {
    await client.query("delete from graphile_worker._private_schedules");
    if (count) {
      await client.query(
        `select graphile_worker.upsert_schedule(format('bench-%s', n), format('%s 0 1 1 *', n % 60), 'bench_schedule')
         from generate_series(1, $1::int) as n`,
        [count],
      );
    }
    await client.query("analyze graphile_worker._private_schedules");
  });
}

/**
 * Ours' batched drain with 10,000 schedules defined beside the same drain
 * with none (alternating which goes first). Every runner ticks the
 * schedules about once a second either way; what the schedules could cost
 * is those ticks finding more rows to skip.
 */
export async function drainWithSchedules(ctx) {
  const n = ctx.sizes.drainBatched;
  for (let run = 0; run < ctx.runs; run++) {
    for (const count of run % 2 === 0 ? [0, SCHEDULES] : [SCHEDULES, 0]) {
      const key = count ? "drain_batched_schedules" : "drain_batched_no_schedules";
      await defineSchedules(ctx.db.ours, count);
      const result = await drainOnce("ours", ctx.db.ours, { n, mode: "batched" });
      ctx.record(key, "ours", result.rate, { ms: result.ms, executed: result.executed, overhead: result.overhead });
      recordResources(ctx, key, "ours", result.resources);
      if (result.executed !== n) ctx.warn(`drain batched with ${count} schedules: ${result.executed} tasks ran for ${n} jobs`);
      ctx.progress(
        `drain batched, ${count ? `${fmt(count)} schedules` : "no schedules"}, run ${run + 1}/${ctx.runs}: ${fmt(result.rate)} jobs/s (${fmt(result.ms / 1000)} s)`,
      );
    }
  }
  await defineSchedules(ctx.db.ours, 0);
}

/** --tune: the batched drain with each candidate setting. */
export async function tune(ctx, candidates) {
  const n = ctx.sizes.drainBatched;
  const out = [];
  for (let run = 0; run < ctx.runs; run++) {
    for (const who of order(run)) {
      for (const [index, settings] of candidates[who].entries()) {
        const result = await drainOnce(who, ctx.db[who], { n, mode: "batched", settings });
        ctx.record(`tune_${who}_${index}`, who, result.rate, { settings, ms: result.ms });
        out.push({ who, index, settings, rate: result.rate });
        ctx.progress(`tune run ${run + 1}/${ctx.runs} ${who} ${JSON.stringify(settings)}: ${fmt(result.rate)} jobs/s`);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- floor drain

export async function floorDrain(ctx) {
  const n = ctx.sizes.floorRows;
  const url = ctx.db.floor;
  await withClient(url, async (admin) => {
    await admin.query(`
      create table if not exists bench_floor_jobs (
        id bigserial primary key,
        payload json not null default '{}',
        run_at timestamptz not null default now(),
        locked_at timestamptz,
        locked_by text
      );
      create index if not exists bench_floor_jobs_unlocked on bench_floor_jobs (run_at) where locked_at is null;`);
    try {
      for (let run = 0; run < ctx.runs; run++) {
        const variants = run % 2 === 0 ? ["claim-delete", "delete"] : ["delete", "claim-delete"];
        for (const variant of variants) {
          await admin.query("truncate bench_floor_jobs");
          await admin.query("insert into bench_floor_jobs (payload) select '{}' from generate_series(1, $1::int)", [n]);
          await admin.query("vacuum analyze bench_floor_jobs");
          const procs = await startFloorWorkers(WORKERS, url, variant);
          const resources = await startResources(admin, procs.map((p) => p.child.pid));
          const t0 = performance.now();
          for (const p of procs) p.send("go\n");
          const done = await Promise.all(procs.map((p) => p.waitFor("done", 30 * 60_000)));
          const used = await endResources(admin, resources, n);
          await Promise.all(procs.map((p) => p.exited));
          const t1 = Math.max(...done.map((d) => d.at));
          const rows = done.reduce((sum, d) => sum + Number(d.text.split(" ")[1]), 0);
          const { rows: left } = await admin.query("select count(*)::int as n from bench_floor_jobs");
          if (rows !== n || left[0].n !== 0) throw new Error(`floor ${variant}: drained ${rows} of ${n}, ${left[0].n} left`);
          const key = variant === "claim-delete" ? "floor_claim_delete" : "floor_delete";
          ctx.record(key, "floor", n / seconds(t0, t1), { ms: t1 - t0 });
          recordResources(ctx, key, "floor", used);
          ctx.progress(`floor drain run ${run + 1}/${ctx.runs} ${variant}: ${fmt(n / seconds(t0, t1))} jobs/s`);
        }
      }
    } finally {
      await admin.query("drop table if exists bench_floor_jobs").catch(() => {});
    }
  });
  // Ours' worker protocol in plain SQL, in ours' database: the ceiling of
  // the batched drain before any runner work.
  await withClient(ctx.db.ours, async (admin) => {
    for (let run = 0; run < ctx.runs; run++) {
      await emptyJobs(admin);
      await addJobsSql(admin, n);
      await admin.query(`vacuum analyze ${JOBS}`);
      const procs = await startFloorWorkers(WORKERS, ctx.db.ours, "protocol");
      const resources = await startResources(admin, procs.map((p) => p.child.pid));
      const t0 = performance.now();
      for (const p of procs) p.send("go\n");
      const done = await Promise.all(procs.map((p) => p.waitFor("done", 30 * 60_000)));
      const used = await endResources(admin, resources, n);
      await Promise.all(procs.map((p) => p.exited));
      const t1 = Math.max(...done.map((d) => d.at));
      const rows = done.reduce((sum, d) => sum + Number(d.text.split(" ")[1]), 0);
      const { rows: left } = await admin.query(`select count(*)::int as n from ${JOBS}`);
      if (rows !== n || left[0].n !== 0) throw new Error(`floor protocol: drained ${rows} of ${n}, ${left[0].n} left`);
      ctx.record("floor_protocol", "floor", n / seconds(t0, t1), { ms: t1 - t0 });
      recordResources(ctx, "floor_protocol", "floor", used);
      ctx.progress(`floor drain run ${run + 1}/${ctx.runs} protocol: ${fmt(n / seconds(t0, t1))} jobs/s`);
    }
    await emptyJobs(admin);
  });
}

// ---------------------------------------------------------------- admin

const ADMIN_OPS = {
  complete: (ids) => ({ text: "select count(*)::int as n from graphile_worker.complete_jobs($1::bigint[])", values: [ids] }),
  fail: (ids) => ({
    text: "select count(*)::int as n from graphile_worker.permanently_fail_jobs($1::bigint[], 'bench')",
    values: [ids],
  }),
  reschedule: (ids) => ({
    text:
      "select count(*)::int as n from graphile_worker.reschedule_jobs($1::bigint[], " +
      "run_at := now() + interval '1 hour', priority := 1)",
    values: [ids],
  }),
};
const CLEANUP_TASKS = ["DELETE_PERMAFAILED_JOBS", "GC_TASK_IDENTIFIERS", "GC_JOB_QUEUES"];

/** k random ids of jobs no earlier operation touched. */
async function freshIds(client, k) {
  const { rows } = await client.query(
    `select id::text from ${JOBS}
     where priority = 0 and attempts = 0 and locked_at is null
     order by random() limit $1::int`,
    [k],
  );
  if (rows.length < k) throw new Error(`only ${rows.length} fresh jobs left, wanted ${k}`);
  return rows.map((r) => r.id);
}

/**
 * Times one operation (complete/fail/reschedule on ids, or cleanup); returns
 * ms. Each starts right after a checkpoint, so each pays the full-page
 * writes of the pages it is first to change, as the first change after any
 * checkpoint does: otherwise whether an operation pays them depends on when
 * the server's last checkpoint happened to fall.
 */
async function timeOp(who, op, client, utils, ids) {
  await client.query("checkpoint");
  const t0 = performance.now();
  if (op === "cleanup") {
    if (who === "ours") {
      await client.query(`select * from graphile_worker.cleanup(array['${CLEANUP_TASKS.join("','")}'])`);
    } else {
      await utils.cleanup(CLEANUP_TASKS);
    }
  } else {
    const { rows } = await client.query(ADMIN_OPS[op](ids));
    if (rows[0].n !== ids.length) throw new Error(`${who} ${op}: changed ${rows[0].n} of ${ids.length} jobs`);
  }
  return performance.now() - t0;
}

export async function admin(ctx) {
  const big = ctx.sizes.adminTable;
  const small = ctx.sizes.adminSmall;
  const k = ctx.sizes.adminIds;
  const bigName = ctx.sizes.adminTableLabel;
  const session = {};
  for (const who of LIBS) {
    session[who] = {
      big: await connect(ctx.db[`${who}Big`]),
      small: await connect(ctx.db[who]),
      bigUtils: await libs[who].utils(ctx.db[`${who}Big`]),
      smallUtils: await libs[who].utils(ctx.db[who]),
    };
  }
  try {
    for (const who of LIBS) {
      const t0 = performance.now();
      const client = session[who].big;
      await emptyJobs(client);
      await addJobsSql(client, big);
      await client.query(`vacuum analyze ${JOBS}`);
      ctx.progress(`admin: built a table of ${fmt(big)} jobs for ${who} in ${fmt((performance.now() - t0) / 1000)} s`);
      // Open the utils' pool connections (GC_JOB_QUEUES with no queues touches nothing).
      await session[who].bigUtils.cleanup(["GC_JOB_QUEUES"]);
      await session[who].smallUtils.cleanup(["GC_JOB_QUEUES"]);
    }
    for (let run = 0; run < ctx.runs; run++) {
      for (const who of order(run)) {
        // The big table: fresh ids for each operation; cleanup deletes the
        // jobs this run permanently failed.
        const { big: client, bigUtils } = session[who];
        const ids = await freshIds(client, 3 * k);
        const sets = { complete: ids.slice(0, k), fail: ids.slice(k, 2 * k), reschedule: ids.slice(2 * k) };
        const times = {};
        for (const op of ["complete", "fail", "reschedule", "cleanup"]) {
          times[op] = await timeOp(who, op, client, bigUtils, sets[op]);
          ctx.record(`admin_${op}`, who, times[op]);
        }
        await client.query(`vacuum analyze ${JOBS}`);
        ctx.progress(
          `admin run ${run + 1}/${ctx.runs} ${who}, ${bigName} jobs: ` +
            Object.entries(times).map(([op, ms]) => `${op} ${fmt(ms)} ms`).join(", "),
        );

        // The small table, rebuilt to `small` jobs before each operation.
        const { small: smallClient, smallUtils } = session[who];
        const smallTimes = {};
        for (const op of ["complete", "fail", "reschedule", "cleanup"]) {
          await emptyJobs(smallClient);
          await addJobsSql(smallClient, small);
          await smallClient.query(`vacuum analyze ${JOBS}`);
          const opIds = await freshIds(smallClient, k);
          if (op === "cleanup") {
            await smallClient.query(ADMIN_OPS.fail(opIds));
            await smallClient.query(`vacuum analyze ${JOBS}`);
          }
          smallTimes[op] = await timeOp(who, op, smallClient, smallUtils, opIds);
          ctx.record(`admin_small_${op}`, who, smallTimes[op]);
          ctx.record(`admin_scale_${op}`, who, times[op] / smallTimes[op]);
        }
        await emptyJobs(smallClient);
        ctx.progress(
          `admin run ${run + 1}/${ctx.runs} ${who}, ${fmt(small)} jobs: ` +
            Object.entries(smallTimes).map(([op, ms]) => `${op} ${fmt(ms)} ms`).join(", "),
        );
      }
    }
  } finally {
    for (const s of Object.values(session)) {
      await s.big.end().catch(() => {});
      await s.small.end().catch(() => {});
      await s.bigUtils.release().catch(() => {});
      await s.smallUtils.release().catch(() => {});
    }
  }
}

// ---------------------------------------------------------------- fetch slowdown

/**
 * Fills the big database with non-runnable jobs: a third due tomorrow, a
 * third permanently failed, a third locked by a worker that is not running
 * (the last two due an hour ago). Returns the expected counts.
 */
/**
 * The non-runnable rows: a third not due for a day, a third permanently
 * failed, a third locked by a worker that is gone. With `queues`, they are
 * spread over that many named queues (whose fetch index is apart from the
 * other jobs' in ours); the drained jobs stay outside named queues.
 */
async function buildFillers(client, count, { queues = 0, backlog = false } = {}) {
  await emptyJobs(client);
  if (backlog) {
    // One named queue whose head is running (its row locked by a worker
    // that is gone), with `count` due jobs waiting behind it.
    await addJobsSql(client, count, { runAtSql: "now() - interval '1 hour'", queues: 1 });
    await client.query(
      `update graphile_worker._private_job_queues set locked_at = now(), locked_by = $1 where queue_name = 'q0'`,
      [GHOST],
    );
    await client.query(`vacuum full ${JOBS}`);
    await client.query(`analyze ${JOBS}`);
    return fillerCounts(client);
  }
  await addJobsSql(client, count, { runAtSql: "now() + interval '1 day'", queues });
  const { rows } = await client.query(`select min(id)::text as min from ${JOBS}`);
  const offset = rows[0].min;
  await client.query(
    `update ${JOBS} set attempts = max_attempts, last_error = 'bench: permanently failed', run_at = now() - interval '1 hour'
     where (id - $1::bigint) % 3 = 1`,
    [offset],
  );
  await client.query(
    `update ${JOBS} set attempts = 1, locked_at = now(), locked_by = $2, run_at = now() - interval '1 hour'
     where (id - $1::bigint) % 3 = 2`,
    [offset, GHOST],
  );
  await client.query(`vacuum full ${JOBS}`);
  await client.query(`analyze ${JOBS}`);
  return fillerCounts(client);
}

async function fillerCounts(client) {
  const { rows } = await client.query(
    `select count(*)::int as total,
       count(*) filter (where locked_by = $1)::int as locked,
       count(*) filter (where attempts >= max_attempts)::int as failed,
       count(*) filter (where run_at > now() + interval '12 hours')::int as future,
       (select count(*)::int from graphile_worker._private_job_queues where locked_by = $1) as locked_queues
     from ${JOBS}`,
    [GHOST],
  );
  return rows[0];
}

export async function fetchSlowdown(ctx) {
  await slowdown(ctx, { key: "fetch", queues: 0 });
}

/** The same with the non-runnable rows in named queues. */
export async function queuedFetchSlowdown(ctx) {
  await slowdown(ctx, { key: "queued", queues: QUEUED_FILLER_QUEUES });
}

/**
 * The same with a backlog: due jobs waiting behind a running head in one
 * named queue, first in run order. Smaller (a fiftieth of the filler, a
 * quarter of the drain): graphile-worker reads the whole backlog on each
 * fetch.
 */
export async function backlogFetchSlowdown(ctx) {
  await slowdown(ctx, {
    key: "backlog",
    backlog: true,
    fill: ctx.sizes.fetchFill / 50,
    n: ctx.sizes.fetchJobs / 4,
  });
}

const QUEUED_FILLER_QUEUES = 100;

async function slowdown(ctx, { key, queues = 0, backlog = false, fill = ctx.sizes.fetchFill, n = ctx.sizes.fetchJobs }) {
  const expected = {};
  for (const who of LIBS) {
    const t0 = performance.now();
    expected[who] = await withClient(ctx.db[`${who}Big`], (client) => buildFillers(client, fill, { queues, backlog }));
    ctx.progress(
      `${key}: ${who} filler table built in ${fmt((performance.now() - t0) / 1000)} s: ${JSON.stringify(expected[who])}`,
    );
  }
  for (let run = 0; run < ctx.runs; run++) {
    const empty = {};
    for (const who of order(run)) {
      const result = await drainOnce(who, ctx.db[who], { n, settle: true });
      empty[who] = result;
      ctx.record(`${key}_empty`, who, result.rate, { ms: result.ms });
      recordResources(ctx, `${key}_empty`, who, result.resources);
      ctx.progress(`${key} run ${run + 1}/${ctx.runs} ${who}, empty table: ${fmt(result.rate)} jobs/s`);
    }
    for (const who of order(run + 1)) {
      const url = ctx.db[`${who}Big`];
      const result = await drainOnce(who, url, { n, keepExisting: true, settle: true });
      const counts = await withClient(url, fillerCounts);
      if (JSON.stringify(counts) !== JSON.stringify(expected[who])) {
        ctx.warn(`${key}: ${who}'s filler rows changed during the drain: ${JSON.stringify(counts)} (expected ${JSON.stringify(expected[who])})`);
      }
      if (result.executed !== n) ctx.warn(`${key} ${who}: ${result.executed} tasks ran for ${n} jobs`);
      ctx.record(`${key}_full`, who, result.rate, { ms: result.ms });
      ctx.record(`${key}_slowdown`, who, result.ms / empty[who].ms);
      recordResources(ctx, `${key}_full`, who, result.resources);
      const cpu = [result, empty[who]].map((r) => r.resources?.backendCpuUs ?? null);
      if (cpu[0] !== null && cpu[1] !== null) ctx.record(`${key}_cpu_slowdown`, who, cpu[0] / cpu[1]);
      ctx.progress(
        `${key} run ${run + 1}/${ctx.runs} ${who}, ${fmt(fill)} other rows: ${fmt(result.rate)} jobs/s (slowdown ${fmt(result.ms / empty[who].ms)}×)`,
      );
    }
  }
}

export { CONCURRENCY, BATCHED };

/** What a drain spent per job, beside its throughput: keys <key>_db_cpu, <key>_worker_cpu, <key>_wal. */
function recordResources(ctx, key, who, resources) {
  if (!resources) return;
  if (resources.backendCpuUs !== null) ctx.record(`${key}_db_cpu`, who, resources.backendCpuUs);
  if (resources.workerCpuUs !== null) ctx.record(`${key}_worker_cpu`, who, resources.workerCpuUs);
  if (resources.walBytes !== null) ctx.record(`${key}_wal`, who, resources.walBytes);
}
