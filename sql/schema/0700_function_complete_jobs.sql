-- Admin: mark jobs as completed, which deletes them; failed and
-- permanently failed ones too. Jobs locked in the last 4 hours (running)
-- are left alone. Returns the deleted jobs.
create function :GRAPHILE_WORKER_SCHEMA.complete_jobs(job_ids bigint[])
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  if complete_jobs.job_ids is null then
    raise exception 'complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  return query
  delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.id = any(complete_jobs.job_ids)
    and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - interval '4 hours')
  returning *;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.complete_jobs is
  'Admin: deletes the given jobs unless they are running; returns the deleted jobs.';
