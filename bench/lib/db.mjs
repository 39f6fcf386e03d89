// Database helpers of the benchmark. Everything here is plain SQL that is
// identical for both libraries: both keep their jobs in
// graphile_worker._private_jobs and both have Graphile Worker's add_jobs and
// job_spec (same attribute order).
import pg from "pg";

export const JOBS = "graphile_worker._private_jobs";

export async function connect(url) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

export async function withClient(url, fn) {
  const client = await connect(url);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Adds `count` jobs of task "noop" through the library's own SQL add_jobs,
 * in chunks; runAtSql is an SQL expression for run_at (null: now).
 */
export async function addJobsSql(client, count, { runAtSql = "null", chunk = 100_000, identifier = "noop", queues = 0 } = {}) {
  let added = 0;
  while (added < count) {
    const n = Math.min(chunk, count - added);
    // With queues, job i goes to named queue "q<i mod queues>".
    await client.query(
      `select count(*) from graphile_worker.add_jobs(array(
         select row($1::text, '{}'::json, case when $3::int > 0 then 'q' || (i % $3::int) end, (${runAtSql})::timestamptz, null::smallint, null::text, null::smallint, null::text[])::graphile_worker.job_spec
         from generate_series(1, $2::int) as i
       ))`,
      [identifier, n, queues],
    );
    added += n;
  }
}

export async function emptyJobs(client) {
  await client.query(`truncate ${JOBS}`);
}

export async function maxJobId(client) {
  const { rows } = await client.query(`select coalesce(max(id), 0)::text as id from ${JOBS}`);
  return rows[0].id;
}

/**
 * Waits until n sessions of this database that started at or after `since`
 * (a server timestamp) have LISTENed (their last statement was a LISTEN).
 */
export async function waitForListeners(client, n, since, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'
         and backend_start >= $1`,
      [since],
    );
    if (rows[0].n >= n) return;
    if (performance.now() > deadline) throw new Error(`only ${rows[0].n} of ${n} listeners after ${timeoutMs} ms`);
    await sleep(10);
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls every intervalMs until no job with id > afterId is left; returns performance.now() then. */
export async function waitUntilDrained(client, afterId, { intervalMs = 20, timeoutMs = 30 * 60_000 } = {}) {
  const deadline = performance.now() + timeoutMs;
  const query = {
    name: "bench_drained",
    text: `select exists (select 1 from ${JOBS} where id > $1::bigint) as left`,
    values: [afterId],
  };
  for (;;) {
    const { rows } = await client.query(query);
    const at = performance.now();
    if (!rows[0].left) return at;
    if (at > deadline) throw new Error(`jobs still left after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

export async function serverInfo(client) {
  const { rows } = await client.query(
    `select version() as version,
       current_setting('server_version') as server_version,
       (select json_object_agg(name, current_setting(name))
          from pg_settings
          where name in ('shared_buffers', 'synchronous_commit', 'fsync', 'wal_level', 'max_connections',
                         'work_mem', 'max_wal_size', 'checkpoint_timeout', 'autovacuum', 'effective_cache_size',
                         'wal_buffers', 'commit_delay', 'jit', 'random_page_cost')) as settings`,
  );
  return rows[0];
}
