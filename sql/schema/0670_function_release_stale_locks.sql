-- Releases locks older than 4 hours, so that a lost lock never blocks a job
-- or a queue forever. The job's attempt stays counted; it runs again now.
create function :GRAPHILE_WORKER_SCHEMA.release_stale_locks()
returns table (jobs_released integer, queues_released integer)
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  return query
  with released_jobs as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set locked_at = null,
        locked_by = null,
        run_at = greatest(jobs.run_at, pg_catalog.now()),
        last_error = format('lock held by worker %s since %s expired after 4 hours', jobs.locked_by, jobs.locked_at),
        updated_at = pg_catalog.now()
    where jobs.locked_at < pg_catalog.now() - interval '4 hours'
    returning 1
  ),
  released_queues as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.locked_at < pg_catalog.now() - interval '4 hours'
    returning 1
  )
  select (select count(*)::integer from released_jobs), (select count(*)::integer from released_queues);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.release_stale_locks is
  'Releases job and queue locks older than 4 hours (the worker is presumed lost); returns how many.';
