-- Worker protocol: the jobs succeeded. Deletes the ones this worker still
-- holds and releases their queues; returns the ids it deleted.
create function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_complete_jobs', worker_complete_jobs.worker_id);
  if worker_complete_jobs.job_ids is null then
    raise exception 'worker_complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;

  return query
  with completed as (
    delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(worker_complete_jobs.job_ids)
      and jobs.locked_by = worker_complete_jobs.worker_id
    returning jobs.id, jobs.queue_name
  ),
  released as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.queue_name in (select completed.queue_name from completed)
      and queues.locked_by = worker_complete_jobs.worker_id
  )
  select completed.id from completed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs is
  'Worker protocol: deletes the finished jobs this worker holds and releases their queues.';
