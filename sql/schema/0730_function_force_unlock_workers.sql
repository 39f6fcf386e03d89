-- Admin: clear every lock (on jobs and on named queues) held by the given
-- worker ids, which must belong to workers that are gone. Nothing else
-- changes. A run of such a worker that is still going on can no longer
-- answer: its claims are gone. Jobs are locked in id order (see
-- _complete_jobs).
create function :GRAPHILE_WORKER_SCHEMA.force_unlock_workers(worker_ids text[])
returns void
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if force_unlock_workers.worker_ids is null then
    raise exception 'force_unlock_workers: worker_ids must not be null' using errcode = '22004';
  end if;
  with held as (
    select array_agg(locked.id) as ids
    from (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.locked_by = any(force_unlock_workers.worker_ids)
      order by jobs.id
      for update
    ) as locked
  )
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set locked_at = null, locked_by = null, claim = null
  where jobs.id = any((select held.ids from held)::bigint[]);
  update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
  set locked_at = null, locked_by = null
  where queues.locked_by = any(force_unlock_workers.worker_ids);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.force_unlock_workers is
  'Admin: clears the job and queue locks held by the given (crashed) worker ids.';
