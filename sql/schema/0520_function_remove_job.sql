-- Remove the job with this key (Graphile Worker's remove_job). A waiting job
-- is deleted; a running one loses its key and will not be retried. The job
-- is locked before it is judged, so a worker finishing it meanwhile cannot
-- make the call do nothing.
create function :GRAPHILE_WORKER_SCHEMA.remove_job(job_key text)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_job record;
begin
  if remove_job.job_key is null then
    raise exception 'remove_job: job_key must not be null' using errcode = '22004';
  end if;
  if remove_job.job_key = '' then
    raise exception 'remove_job: job_key must not be empty' using errcode = '22023';
  end if;

  -- 1. The job holding the key, locked (adders of the key wait for us).
  perform :GRAPHILE_WORKER_SCHEMA._lock_job_keys(array[remove_job.job_key]);
  select jobs.id,
    jobs.locked_at is null or jobs.locked_at < now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime() as removable
  into v_job
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.key = remove_job.job_key
  for update;
  if not found then
    return;
  end if;

  -- 2. Not running (or its lock is stale): delete it.
  if v_job.removable then
    return query
    delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = v_job.id
    returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
    perform pg_notify('jobs:insert', json_build_object('count', -1)::text);
    return;
  end if;

  -- 3. Running: let it finish, but free the key and prevent a retry.
  return query
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set key = null,
      attempts = jobs.max_attempts,
      last_error = :GRAPHILE_WORKER_SCHEMA._detached_error(),
      detached = true,
      updated_at = now()
  where jobs.id = v_job.id
  returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.remove_job is
  'Removes the waiting job with this key; a running one keeps running but loses its key and will not be retried.';
