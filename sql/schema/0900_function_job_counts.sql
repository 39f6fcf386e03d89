-- Read API: how many jobs each task has in each queue (null: outside named
-- queues) and state (ready, scheduled, running, failed, permanently_failed;
-- see _job_state), in no particular order.
--
-- Cheap at any table size, and no write: the table is read in three regions
-- that partial indexes cover (running jobs; permanently failed jobs; the
-- waiting rest: ready, scheduled, failed). A region of at most 1,000 jobs is
-- counted exactly; a larger one is estimated from a random sample of about
-- 300 of the table's pages (estimated = true: each count is the sampled
-- count scaled up, and a group too small to be sampled is missing).
create function :GRAPHILE_WORKER_SCHEMA.job_counts()
returns table (
  task_identifier text,
  queue_name text,
  state text,
  count bigint,
  estimated boolean
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
-- Reads that the planner costs high but that stop early: compiling them
-- (JIT) would take longer than running them. Each region is read through
-- its partial index (the planner cannot tell how few rows match
-- attempts >= max_attempts, and would scan the table for them).
set jit = off
set enable_seqscan = off
set enable_bitmapscan = off
as $$
declare
  v_cap constant integer := 1000;
  v_sample_pages constant integer := 300;
  v_now timestamptz := pg_catalog.now();
  v_running integer;
  v_permanently_failed integer;
  v_waiting integer;
  v_pages float8;
  v_percent float8;
begin
  -- 1. The size of each region, counted up to the cap.
  select count(*) into v_running from (
    select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null
    limit v_cap + 1
  ) as region;
  -- (Running jobs on their last attempt count here too: the index alone
  -- answers, and the count only chooses how to count.)
  select count(*) into v_permanently_failed from (
    select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.attempts >= jobs.max_attempts
    limit v_cap + 1
  ) as region;
  select
    (select count(*) from (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
      limit v_cap + 1) as region)
    + (select count(*) from (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is not null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
      limit v_cap + 1) as region)
  into v_waiting;

  -- 2. Small regions, exactly.
  if v_running <= v_cap then
    return query
    select jobs.task_identifier, jobs.queue_name, 'running'::text, count(*), false
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null
    group by jobs.task_identifier, jobs.queue_name;
  end if;
  if v_permanently_failed <= v_cap then
    return query
    select jobs.task_identifier, jobs.queue_name, 'permanently_failed'::text, count(*), false
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.attempts >= jobs.max_attempts and jobs.locked_at is null
    group by jobs.task_identifier, jobs.queue_name;
  end if;
  if v_waiting <= v_cap then
    return query
    select waiting.task_identifier, waiting.queue_name,
      :GRAPHILE_WORKER_SCHEMA._job_state(null, waiting.attempts, waiting.max_attempts, waiting.run_at, v_now),
      count(*), false
    from (
      select jobs.task_identifier, jobs.queue_name, jobs.attempts, jobs.max_attempts, jobs.run_at
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
      union all
      select jobs.task_identifier, jobs.queue_name, jobs.attempts, jobs.max_attempts, jobs.run_at
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is not null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
    ) as waiting
    group by 1, 2, 3;
  end if;

  -- 3. Large regions, from a sample of pages (all of them in a small table:
  --    then the counts are exact).
  if v_running > v_cap or v_permanently_failed > v_cap or v_waiting > v_cap then
    select pg_catalog.pg_relation_size(tables.oid) / pg_catalog.current_setting('block_size')::float8
    into v_pages
    from pg_catalog.pg_class as tables
    where tables.relname = '_private_jobs'
      and tables.relnamespace = (
        select types.typnamespace from pg_catalog.pg_type as types
        where types.oid = pg_catalog.pg_typeof(null:::GRAPHILE_WORKER_SCHEMA.job_summary));
    v_percent := least(100, 100 * v_sample_pages / greatest(v_pages, 1));
    return query
    select sample.task_identifier, sample.queue_name, sample.state,
      greatest(1, round(count(*) * 100 / v_percent))::bigint, v_percent < 100
    from (
      select jobs.task_identifier, jobs.queue_name,
        :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now) as state
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs tablesample system (v_percent)
    ) as sample
    where case sample.state
      when 'running' then v_running > v_cap
      when 'permanently_failed' then v_permanently_failed > v_cap
      else v_waiting > v_cap
    end
    group by 1, 2, 3;
  end if;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.job_counts is
  'Read API: jobs per task, queue and state; exact for states with at most 1,000 jobs, estimated from a sample of pages beyond (estimated = true).';
