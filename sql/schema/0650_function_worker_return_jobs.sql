-- Worker protocol 0.1: give back jobs fetched but never started (a worker
-- shutting down). The attempt is undone; the queue is released. Acts on
-- jobs locked through get_jobs, without a claim. New workers use
-- worker_return_jobs_v2.
create function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_return_jobs', worker_return_jobs.worker_id);
  if worker_return_jobs.job_ids is null then
    raise exception 'worker_return_jobs: job_ids must not be null' using errcode = '22004';
  end if;

  return query
  select :GRAPHILE_WORKER_SCHEMA._return_jobs(worker_return_jobs.worker_id, worker_return_jobs.job_ids, null);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs is
  'Worker protocol 0.1: gives back unstarted jobs this worker holds, undoing their attempt.';
