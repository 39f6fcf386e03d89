-- Deletes the jobs worker_id holds among job_ids and releases their queues;
-- returns the ids it deleted. Each job must still be held under the claim
-- given for it (claims[i] for job_ids[i]); with claims null, the 0.1
-- protocol's rule applies instead: jobs held by worker_id without a claim.
-- Shared by worker_complete_jobs, worker_complete_jobs_v2 and the
-- completions that ride along with get_jobs and get_jobs_v2.
--
-- All the jobs are locked first, in id order (a sort below the row locks,
-- so that no join order can change it), and only then written: as every
-- function that locks several jobs does, so that workers, adders and
-- administrators never deadlock (none waits for a row while others wait
-- for a row it has already written).
create function :GRAPHILE_WORKER_SCHEMA._complete_jobs(worker_id text, job_ids bigint[], claims uuid[])
returns setof bigint
language sql
volatile
set search_path = pg_catalog, pg_temp
as $$
  with held as (
    select array_agg(locked.id) as ids
    from (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      join unnest(_complete_jobs.job_ids, _complete_jobs.claims) as answer(id, claim) on answer.id = jobs.id
      where jobs.locked_by = _complete_jobs.worker_id
        and jobs.locked_at is not null
        and jobs.claim is not distinct from answer.claim
      order by jobs.id
      for update of jobs
    ) as locked
  ),
  completed as (
    delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any((select held.ids from held)::bigint[])
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
