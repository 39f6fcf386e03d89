-- Worker protocol: give back jobs fetched but never started (a worker
-- shutting down with a local queue). Each must still be held under the
-- claim it was fetched with (claims[i] for job_ids[i]). The attempt is
-- undone; the queue is released. Returns the ids given back.
create function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs_v2(worker_id text, job_ids bigint[], claims uuid[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_return_jobs_v2', worker_return_jobs_v2.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_answers(
    'worker_return_jobs_v2', 'job_ids', worker_return_jobs_v2.job_ids, 'claims', worker_return_jobs_v2.claims);

  return query
  select :GRAPHILE_WORKER_SCHEMA._return_jobs(
    worker_return_jobs_v2.worker_id, worker_return_jobs_v2.job_ids, worker_return_jobs_v2.claims);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs_v2 is
  'Worker protocol: gives back unstarted jobs this worker holds under the given claims, undoing their attempt.';
