-- Deletes the jobs worker_id holds among job_ids and releases their queues;
-- returns the ids it deleted. Each job must still be held under the claim
-- given for it (claims[i] for job_ids[i]); with claims null, the 0.1
-- protocol's rule applies instead: jobs held by worker_id without a claim.
-- Shared by worker_complete_jobs, worker_complete_jobs_v2 and the
-- completions that ride along with get_jobs and get_jobs_v2.
--
-- Rows are deleted in id order, as every function that locks several jobs
-- locks them, so that workers, adders and administrators never deadlock:
-- the sorted answers drive a nested loop (the planner settings below keep it
-- one) over the primary key, the only index its conditions can use (the
-- holder is compared through coalesce so that the index on locked_by, in
-- lock order, is never chosen). Each row is written as it is locked, in one
-- pass: a completion must stay cheap.
create function :GRAPHILE_WORKER_SCHEMA._complete_jobs(worker_id text, job_ids bigint[], claims uuid[])
returns setof bigint
language sql
volatile
set search_path = pg_catalog, pg_temp
set enable_seqscan = off
set enable_bitmapscan = off
set enable_hashjoin = off
set enable_mergejoin = off
as $$
  with completed as (
    delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    using (
      select answer.id, answer.claim
      from unnest(_complete_jobs.job_ids, _complete_jobs.claims) as answer(id, claim)
      order by answer.id
    ) as answers
    where jobs.id = answers.id
      and coalesce(jobs.locked_by, '') = _complete_jobs.worker_id
      and jobs.claim is not distinct from answers.claim
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
