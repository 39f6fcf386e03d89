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
-- One pass over the primary key in id order locks and writes each row (see
-- above): never a bitmap or sequential scan, which would go in page order.
set enable_seqscan = off
set enable_bitmapscan = off
as $$
begin
  if complete_jobs.job_ids is null then
    raise exception 'complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  return query
  delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.id = any(complete_jobs.job_ids)
    and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
  returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.complete_jobs is
  'Admin: deletes the given jobs unless they are running; returns the deleted jobs.';
