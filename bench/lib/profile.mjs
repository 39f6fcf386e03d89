// What PostgreSQL spends per claimed job: a drain loop in plain SQL on one
// connection (no runner), measured in the backend itself:
//   - CPU: the backend process's user + system time, from /proc/<pid>/stat
//     (so other load on the machine barely changes it);
//   - WAL: bytes the server wrote during the loop (pg_current_wal_lsn), less
//     what the rest of the server wrote meanwhile is not separable: measure
//     on a quiet server;
//   - wall time, for orientation.
// Loops: "ours" (get_jobs_v2 batches with the previous batch's completions
// riding along), "theirs" (graphile-worker 0.17.3's batch fetch and
// completion statements, as its runner sends them), "floor" (claim 500 then
// delete them, on a one-column-index plain table).
import { readdirSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of a server process, or null when /proc cannot tell (a remote server). */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Runs `loop(client)` and measures it: { jobs, seconds, cpuSeconds, walBytes }. */
export async function measure(client, loop) {
  const { rows: [before] } = await client.query("select pg_backend_pid() as pid, pg_current_wal_lsn() as lsn");
  const cpu0 = processCpuSeconds(before.pid);
  const t0 = performance.now();
  const jobs = await loop(client);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = processCpuSeconds(before.pid);
  const { rows: [after] } = await client.query("select pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::float8 as bytes", [before.lsn]);
  return { jobs, seconds, cpuSeconds: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0, walBytes: after.bytes };
}

/** Ours: get_jobs_v2 of `batch`, the previous batch's completions riding along. */
export function oursLoop(batch, task = "noop") {
  return async (client) => {
    const worker = `profile-${process.pid}`;
    await client.query("select graphile_worker.worker_register($1, '1 hour')", [worker]);
    let jobs = 0;
    let done = null;
    let doneClaims = null;
    for (;;) {
      const claim = randomUUID();
      const { rows } = await client.query({
        name: "profile_get_jobs",
        text: "select * from graphile_worker.get_jobs_v2($1, $2, array[$3], $4, null, null, $5::bigint[], $6::uuid[])",
        values: [worker, claim, task, batch, done, doneClaims],
        rowMode: "array",
      });
      if (!rows.length) break;
      jobs += rows.length;
      done = rows.map((r) => r[0]);
      doneClaims = done.map(() => claim);
    }
    if (done) await client.query("select graphile_worker.worker_complete_jobs_v2($1, $2, $3)", [worker, done, doneClaims]);
    await client.query("select graphile_worker.worker_deregister($1)", [worker]);
    return jobs;
  };
}

/** Theirs: graphile-worker 0.17.3's batch fetch (strategy 2) and batch completion, as prepared statements. */
export function theirsLoop(batch, task = "noop") {
  return async (client) => {
    const worker = `profile-${process.pid}`;
    const { rows: ids } = await client.query("select id from graphile_worker._private_tasks where identifier = $1", [task]);
    const taskIds = ids.map((r) => r.id);
    const get = `
with j as (
  select jobs.job_queue_id, jobs.priority, jobs.run_at, jobs.id
    from graphile_worker._private_jobs as jobs
    where jobs.is_available = true
    and run_at <= now()
    and task_id = any($2::int[])
    and (jobs.job_queue_id is null or jobs.job_queue_id in (
      select id from graphile_worker._private_job_queues as job_queues
      where job_queues.is_available = true for update skip locked))
    order by priority asc, run_at asc
    limit ${batch}
    for update skip locked
), q as (
  update graphile_worker._private_job_queues as job_queues
    set locked_by = $1::text, locked_at = now()
    from j where job_queues.id = j.job_queue_id
)
update graphile_worker._private_jobs as jobs
  set attempts = jobs.attempts + 1, locked_by = $1::text, locked_at = now()
  from j where jobs.id = j.id
  returning *`;
    // Jobs outside named queues, as its batchCompleteJobs sends them.
    const complete = `
delete from graphile_worker._private_jobs as jobs
using unnest($1::bigint[]) n(n)
where id = n`;
    let jobs = 0;
    for (;;) {
      const { rows } = await client.query({ name: "profile_their_get", text: get, values: [worker, taskIds], rowMode: "array" });
      if (!rows.length) break;
      jobs += rows.length;
      await client.query({ name: "profile_their_complete", text: complete, values: [rows.map((r) => r[0])] });
    }
    return jobs;
  };
}

/** The floor: claim `batch` rows of a plain table, then delete them by id. */
export function floorLoop(batch) {
  return async (client) => {
    let jobs = 0;
    for (;;) {
      const { rows } = await client.query({
        name: "profile_floor_claim",
        text: `update bench_floor_jobs set locked_at = now(), locked_by = $1
               where id in (select id from bench_floor_jobs where locked_at is null and run_at <= now()
                            order by run_at limit ${batch} for update skip locked)
               returning id`,
        values: [`profile-${process.pid}`],
      });
      if (!rows.length) break;
      jobs += rows.length;
      await client.query({ name: "profile_floor_delete", text: "delete from bench_floor_jobs where id = any($1::bigint[])", values: [rows.map((r) => r.id)] });
    }
    return jobs;
  };
}

/**
 * CPU seconds of the whole PostgreSQL server: the postmaster, every live
 * child (backends, WAL writer, checkpointer, autovacuum) and the children
 * that have exited (the postmaster's cutime/cstime), so connections opened
 * or closed during a timed section count too. Null when /proc cannot tell.
 */
export function serverCpuSeconds(postmasterPid) {
  try {
    let ticks = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      if (Number(entry) === postmasterPid) {
        ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      } else if (ppid === postmasterPid) {
        ticks += Number(fields[11]) + Number(fields[12]);
      }
    }
    return ticks / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The postmaster's pid: the parent of this connection's backend (null for a remote server). */
function postmasterPid(backendPid) {
  try {
    const stat = readFileSync(`/proc/${backendPid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/**
 * A snapshot of what a timed section will spend: the CPU of the PostgreSQL
 * server and of the given worker processes, and the WAL position.
 */
export async function startResources(admin, workerPids = []) {
  await admin.query("create extension if not exists pg_walinspect").catch(() => {});
  const { rows } = await admin.query("select pg_backend_pid() as pid, pg_current_wal_lsn()::text as lsn");
  const postmaster = postmasterPid(rows[0].pid);
  const cpu = (list) => list.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? NaN), 0);
  return {
    postmaster,
    workerPids,
    lsn: rows[0].lsn,
    serverCpu: postmaster === null ? null : serverCpuSeconds(postmaster),
    workerCpu: cpu(workerPids),
    cpu,
  };
}

/**
 * Per job: the PostgreSQL server's CPU (µs), the worker processes' CPU (µs), and the
 * WAL the database's own transactions wrote (bytes; read back with
 * pg_walinspect, so other databases' writes do not count; null without it).
 */
export async function endResources(admin, start, jobs) {
  const serverCpu = start.serverCpu === null ? NaN : serverCpuSeconds(start.postmaster) - start.serverCpu;
  const workerCpu = start.cpu(start.workerPids) - start.workerCpu;
  let walBytes = null;
  try {
    const { rows } = await admin.query(
      // Up to the flushed position: pg_walinspect refuses an end past it, and
      // the insert position runs ahead of it while other sessions write.
      `with r as (select xid, record_length, block_ref from pg_get_wal_records_info($1::pg_lsn, pg_current_wal_flush_lsn())),
       mine as (select distinct xid from r
                where xid <> 0 and block_ref like '%/' || (select oid from pg_database where datname = current_database()) || '/%')
       select sum(record_length)::float8 as bytes from r where xid in (select xid from mine)`,
      [start.lsn],
    );
    walBytes = rows[0].bytes;
  } catch (error) {
    process.stderr.write(`[bench] WAL per job not measured: ${error.message}\n`);
    walBytes = null;
  }
  const per = (value) => (Number.isFinite(value) ? value / jobs : null);
  return {
    backendCpuUs: per(serverCpu * 1e6),
    workerCpuUs: start.workerPids.length ? per(workerCpu * 1e6) : null,
    walBytes: walBytes === null ? null : per(walBytes),
  };
}
