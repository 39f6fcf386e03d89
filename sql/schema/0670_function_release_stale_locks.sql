-- Releases locks older than the lock lifetime (4 hours), so that a lost lock
-- never blocks a job or a queue forever. The job's attempt stays counted; it
-- runs again now. Jobs are all locked, in id order, before any is changed
-- (see _complete_jobs).
create function :GRAPHILE_WORKER_SCHEMA.release_stale_locks()
returns table (jobs_released integer, queues_released integer)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return query
  with stale as (
    select array_agg(locked.id) as ids
    from (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime()
      order by jobs.id
      for update
    ) as locked
  ),
  released_jobs as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set locked_at = null,
        locked_by = null,
        claim = null,
        run_at = greatest(jobs.run_at, pg_catalog.now()),
        last_error = format('lock held by worker %s since %s expired after %s',
          jobs.locked_by, jobs.locked_at, :GRAPHILE_WORKER_SCHEMA._lock_lifetime()),
        updated_at = pg_catalog.now()
    where jobs.id = any((select stale.ids from stale)::bigint[])
    returning 1
  ),
  released_queues as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime()
    returning 1
  )
  select (select count(*)::integer from released_jobs), (select count(*)::integer from released_queues);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.release_stale_locks is
  'Releases job and queue locks older than the lock lifetime, 4 hours (the worker is presumed lost); returns how many.';
