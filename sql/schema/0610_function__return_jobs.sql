-- Gives back jobs worker_id holds among job_ids, unstarted: the attempt is
-- undone (unless the job was superseded while running: it must never run
-- again), the job unlocked, its queue released. Returns the ids given back.
-- Shared by worker_return_jobs and worker_return_unknown_jobs.
create function :GRAPHILE_WORKER_SCHEMA._return_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language sql
volatile
set search_path to ''
as $$
  with returned as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set attempts = case
          when jobs.last_error = :GRAPHILE_WORKER_SCHEMA._detached_error() then jobs.attempts
          else greatest(jobs.attempts - 1, 0)
        end,
        locked_at = null,
        locked_by = null,
        updated_at = pg_catalog.now()
    where jobs.id = any(_return_jobs.job_ids)
      and jobs.locked_by = _return_jobs.worker_id
    returning jobs.id, jobs.queue_name
  ),
  released as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.queue_name in (select returned.queue_name from returned)
      and queues.locked_by = _return_jobs.worker_id
  )
  select returned.id from returned
$$;
