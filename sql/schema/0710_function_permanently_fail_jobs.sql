-- Admin: mark jobs as permanently failed (attempts = max_attempts) with a
-- reason. Jobs locked in the last 4 hours are left alone. Returns the
-- updated jobs.
create function :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs(
  job_ids bigint[],
  error_message text default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path to ''
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
      updated_at = pg_catalog.now()
  where jobs.id = any(permanently_fail_jobs.job_ids)
    and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - interval '4 hours')
  returning *;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs is
  'Admin: sets attempts = max_attempts and last_error on the given jobs unless they are running; returns them.';
