-- Admin: mark jobs as permanently failed (attempts = max_attempts) with a
-- reason. Jobs locked within the lock lifetime (running) are left alone.
-- Returns the updated jobs. Jobs are locked in id order (see _complete_jobs),
-- each as it is written: the statement scans the primary key for the given
-- ids, which goes through them in id order.
create function :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs(
  job_ids bigint[],
  error_message text default null
)
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
  if permanently_fail_jobs.job_ids is null then
    raise exception 'permanently_fail_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  return query
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set last_error = coalesce(permanently_fail_jobs.error_message, 'Manually marked as failed'),
      attempts = jobs.max_attempts,
      locked_at = null,
      locked_by = null,
      claim = null,
      updated_at = pg_catalog.now()
  where jobs.id = any(permanently_fail_jobs.job_ids)
    and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
  returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs is
  'Admin: sets attempts = max_attempts and last_error on the given jobs unless they are running; returns them.';
