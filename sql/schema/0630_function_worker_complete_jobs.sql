-- Worker protocol 0.1: the jobs succeeded. Deletes the ones this worker
-- still holds (locked through get_jobs, without a claim) and releases their
-- queues; returns the ids it deleted. New workers use worker_complete_jobs_v2.
create function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_complete_jobs', worker_complete_jobs.worker_id);
  if worker_complete_jobs.job_ids is null then
    raise exception 'worker_complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;

  return query
  select :GRAPHILE_WORKER_SCHEMA._complete_jobs(worker_complete_jobs.worker_id, worker_complete_jobs.job_ids, null);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs is
  'Worker protocol 0.1: deletes the finished jobs this worker holds and releases their queues.';
