// What recurring schedules cost: an idle tick_schedules (nothing due) with
// no schedules and with 10,000 defined, a tick firing one of them, a tick
// firing all of them, and a crontab sync that changes nothing.
//
//   npm run bench:schedules                 (builds first)
//   node bench/schedules.mjs --schedules 10000 --idle 2000
//
// Prints a table to stdout; progress to stderr.
import { parseArgs } from "node:util";
import pg from "pg";
import { createDatabase, dropDatabase, ensureServer, log } from "../scripts/lib/postgres.mjs";
import { migrate } from "../dist/index.js";

const { values: args } = parseArgs({
  options: {
    schedules: { type: "string", default: "10000" },
    idle: { type: "string", default: "2000" },
  },
});
const SCHEDULES = Number(args.schedules);
const IDLE_TICKS = Number(args.idle);

const CRONS = ["*/5 * * * *", "0 * * * *", "15,45 * * * *", "0 9 * * mon-fri", "30 2 * * *", "@daily", "0 0 1 * *"];
const ZONES = ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Sydney"];

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Runs `sql` n times on one connection; per-call latency in microseconds. */
async function timeCalls(client, sql, n, params = []) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await client.query(sql, params);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { median: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

/** Scans of the schedules table by the statements in fn, from PostgreSQL's statistics. */
async function scans(client, fn) {
  const read = async () => {
    await client.query("select pg_stat_force_next_flush()");
    const { rows } = await client.query(
      `select coalesce(seq_scan, 0)::int as seq, coalesce(idx_scan, 0)::int as idx
       from pg_stat_user_tables where relid = 'graphile_worker._private_schedules'::regclass`,
    );
    return rows[0];
  };
  await client.query("select pg_stat_clear_snapshot()");
  const before = await read();
  await fn();
  await client.query("select pg_stat_clear_snapshot()");
  const after = await read();
  return { seq: after.seq - before.seq, idx: after.idx - before.idx };
}

const server = await ensureServer();
const name = `gwbench_schedules_${process.pid}`;
const url = await createDatabase(server.url, name);
const rows = [];
try {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await migrate(pool);
  const client = await pool.connect();
  const tick = "select count(*) from graphile_worker.tick_schedules()";

  log("idle tick, no schedules");
  const empty = await timeCalls(client, tick, IDLE_TICKS);
  rows.push(["idle tick, no schedules", `${empty.median.toFixed(0)} µs`, `${empty.p99.toFixed(0)} µs`, ""]);

  log(`creating ${SCHEDULES} schedules`);
  let start = Date.now();
  await client.query(
    `select count(graphile_worker.upsert_schedule('s' || n, ($1::text[])[1 + n % cardinality($1::text[])], 'scheduled',
       json_build_object('n', n), time_zone := ($2::text[])[1 + n % cardinality($2::text[])]))
     from generate_series(1, $3::int) as n`,
    [CRONS, ZONES, SCHEDULES],
  );
  const created = Date.now() - start;
  rows.push([`upsert_schedule × ${SCHEDULES}`, `${((created * 1000) / SCHEDULES).toFixed(0)} µs each`, "", `${(created / 1000).toFixed(1)} s in all`]);
  await client.query("vacuum analyze graphile_worker._private_schedules");

  log("idle tick, schedules defined");
  const idle = await timeCalls(client, tick, IDLE_TICKS);
  const idleScans = await scans(client, () => timeCalls(client, tick, 100));
  rows.push([
    `idle tick, ${SCHEDULES} schedules`,
    `${idle.median.toFixed(0)} µs`,
    `${idle.p99.toFixed(0)} µs`,
    `per 100 ticks: ${idleScans.idx} index scans, ${idleScans.seq} sequential scans of the schedules table`,
  ]);
  const { rows: plan } = await client.query(
    `explain (analyze, buffers, costs off, timing off, summary off)
     select * from graphile_worker._private_schedules as schedules
     where schedules.enabled and schedules.next_fire_at <= now() and schedules.id <> all('{}'::text[])
     order by schedules.next_fire_at limit 500 for update skip locked`,
  );
  log(`the idle tick's lookup:\n${plan.map((r) => `  ${r["QUERY PLAN"]}`).join("\n")}`);

  log("one schedule due");
  const one = [];
  for (let i = 0; i < 50; i++) {
    await client.query("update graphile_worker._private_schedules set next_fire_at = now() - interval '1 second' where id = $1", [
      `s${1 + i}`,
    ]);
    one.push((await timeCalls(client, tick, 1)).median);
  }
  one.sort((a, b) => a - b);
  rows.push([`tick firing 1 of ${SCHEDULES}`, `${quantile(one, 0.5).toFixed(0)} µs`, `${quantile(one, 0.99).toFixed(0)} µs`, ""]);

  log("every schedule due");
  await client.query("update graphile_worker._private_schedules set next_fire_at = now() - interval '1 second'");
  start = Date.now();
  const { rows: [fired] } = await client.query("select count(*)::int as n from graphile_worker.tick_schedules()");
  const all = Date.now() - start;
  rows.push([
    `tick firing all ${SCHEDULES}`,
    `${((all * 1000) / fired.n).toFixed(0)} µs per fire`,
    "",
    `${fired.n} jobs in ${(all / 1000).toFixed(2)} s, one transaction`,
  ]);

  log("crontab sync");
  const items = JSON.stringify(
    Array.from({ length: 100 }, (_, i) => ({
      id: `crontab-${i}`,
      cron: CRONS[i % CRONS.length],
      task_identifier: "crontab_task",
      time_zone: ZONES[i % ZONES.length],
      catch_up: "all",
      catch_up_window: "1 hour",
    })),
  );
  start = Date.now();
  await client.query("select count(*) from graphile_worker.sync_crontab('bench', $1)", [items]);
  const firstSync = Date.now() - start;
  const resync = await timeCalls(client, "select count(*) from graphile_worker.sync_crontab('bench', $1)", 20, [items]);
  rows.push(["sync_crontab, 100 new items", `${firstSync} ms`, "", ""]);
  rows.push(["sync_crontab, 100 items unchanged", `${(resync.median / 1000).toFixed(1)} ms`, `${(resync.p99 / 1000).toFixed(1)} ms`, ""]);

  client.release();
  await pool.end();
} finally {
  await dropDatabase(server.url, name);
  server.stop();
}

const header = ["", "median", "p99", ""];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
console.log(line(header));
for (const r of rows) console.log(line(r));
