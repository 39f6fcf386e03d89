-- Admin: mark jobs as completed, which deletes them; failed and
-- permanently failed ones too. Jobs locked within the lock lifetime
-- (running) are left alone. Returns the deleted jobs. Jobs are locked in id
-- order (see _complete_jobs).
create function :GRAPHILE_WORKER_SCHEMA.complete_jobs(job_ids bigint[])
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_ids bigint[];
begin
  if complete_jobs.job_ids is null then
    raise exception 'complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  -- Lock every job first, in id order, then change them.
  select coalesce(array_agg(locked.id), '{}') into v_ids
  from (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(complete_jobs.job_ids)
      and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
    order by jobs.id
    for update
  ) as locked;
  return query
  delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.id = any(v_ids)
  returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.complete_jobs is
  'Admin: deletes the given jobs unless they are running; returns the deleted jobs.';
