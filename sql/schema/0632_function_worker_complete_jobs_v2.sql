-- Worker protocol: the jobs succeeded. Deletes each job this worker still
-- holds under the claim it was fetched with (claims[i] for job_ids[i]) and
-- releases its queue; returns the ids it deleted. An answer whose claim is
-- no longer held (the worker was taken for dead, an administrator unlocked
-- the job) changes nothing and is missing from the result.
create function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs_v2(worker_id text, job_ids bigint[], claims uuid[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_complete_jobs_v2', worker_complete_jobs_v2.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_answers(
    'worker_complete_jobs_v2', 'job_ids', worker_complete_jobs_v2.job_ids, 'claims', worker_complete_jobs_v2.claims);

  return query
  select :GRAPHILE_WORKER_SCHEMA._complete_jobs(
    worker_complete_jobs_v2.worker_id, worker_complete_jobs_v2.job_ids, worker_complete_jobs_v2.claims);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs_v2 is
  'Worker protocol: deletes the finished jobs this worker holds under the given claims and releases their queues; returns the ids deleted.';
