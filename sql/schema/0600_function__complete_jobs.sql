-- Deletes the jobs worker_id holds among job_ids and releases their queues;
-- returns the ids it deleted. Shared by worker_complete_jobs and get_jobs.
create function :GRAPHILE_WORKER_SCHEMA._complete_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language sql
volatile
set search_path to ''
as $$
  with completed as (
    delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(_complete_jobs.job_ids)
      and jobs.locked_by = _complete_jobs.worker_id
    returning jobs.id, jobs.queue_name
  ),
  released as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.queue_name in (select completed.queue_name from completed)
      and queues.locked_by = _complete_jobs.worker_id
  )
  select completed.id from completed
$$;
