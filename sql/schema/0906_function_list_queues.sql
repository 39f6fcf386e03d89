-- Read API: every named queue, by name: its waiting jobs (not running, with
-- attempts left, due or not; counted up to 1,000: waiting_capped says the
-- queue has more; job_counts estimates beyond), its running jobs, who holds it and since when, whether
-- it is paused, and its head (the waiting job it runs next).
create function :GRAPHILE_WORKER_SCHEMA.list_queues()
returns table (
  queue_name text,
  waiting bigint,
  running bigint,
  locked_by text,
  locked_at timestamptz,
  paused boolean,
  head_job_id bigint,
  waiting_capped boolean
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
-- Reads that the planner costs high but that stop early: compiling them
-- (JIT) would take longer than running them.
set jit = off
set enable_bitmapscan = off
as $$
declare
  v_cap constant integer := 1000;
begin
  return query
  select queues.queue_name, least(waiting.n, v_cap), coalesce(running.n, 0), queues.locked_by,
    queues.locked_at, queues.paused, head.id, waiting.n > v_cap
  from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
  cross join lateral (
    select count(*) as n from (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name = queues.queue_name
        and jobs.locked_at is null
        and jobs.attempts < jobs.max_attempts
      limit v_cap + 1
    ) as queued
  ) as waiting
  left join lateral (
    select count(*) as n
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null
      and jobs.locked_by = queues.locked_by
      and jobs.queue_name = queues.queue_name
  ) as running on true
  left join lateral (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.queue_name = queues.queue_name
      and jobs.locked_at is null
      and jobs.attempts < jobs.max_attempts
    order by jobs.priority, jobs.run_at, jobs.id
    limit 1
  ) as head on true
  order by queues.queue_name;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.list_queues is
  'Read API: named queues with their waiting (up to 1,000) and running jobs, lock holder, paused flag and head job.';
