-- Worker protocol: give back jobs fetched but never started (a worker
-- shutting down). The attempt is undone; the queue is released.
create function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_return_jobs', worker_return_jobs.worker_id);
  if worker_return_jobs.job_ids is null then
    raise exception 'worker_return_jobs: job_ids must not be null' using errcode = '22004';
  end if;

  return query
  with returned as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set attempts = case
          when jobs.last_error = :GRAPHILE_WORKER_SCHEMA._detached_error() then jobs.attempts
          else greatest(jobs.attempts - 1, 0)
        end,
        locked_at = null,
        locked_by = null,
        updated_at = pg_catalog.now()
    where jobs.id = any(worker_return_jobs.job_ids)
      and jobs.locked_by = worker_return_jobs.worker_id
    returning jobs.id, jobs.queue_name
  ),
  released as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.queue_name in (select returned.queue_name from returned)
      and queues.locked_by = worker_return_jobs.worker_id
  )
  select returned.id from returned;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs is
  'Worker protocol: gives back unstarted jobs this worker holds, undoing their attempt.';
