-- Gives back jobs worker_id holds among job_ids, unstarted: the attempt is
-- undone (unless the job was detached while running: it must never run
-- again), the job unlocked, its queue released. Returns the ids given back.
-- Claims are checked, and jobs written in id order, as in _complete_jobs
-- (claims null: the 0.1 protocol's rule).
-- Shared by the give-back functions of both protocols.
create function :GRAPHILE_WORKER_SCHEMA._return_jobs(worker_id text, job_ids bigint[], claims uuid[])
returns setof bigint
language sql
volatile
set search_path = pg_catalog, pg_temp
set enable_seqscan = off
set enable_bitmapscan = off
set enable_hashjoin = off
set enable_mergejoin = off
as $$
  with returned as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set attempts = case when jobs.detached then jobs.attempts else greatest(jobs.attempts - 1, 0) end,
        locked_at = null,
        locked_by = null,
        claim = null,
        updated_at = pg_catalog.now()
    from (
      select answer.id, answer.claim
      from unnest(_return_jobs.job_ids, _return_jobs.claims) as answer(id, claim)
      order by answer.id
    ) as answers
    where jobs.id = answers.id
      and coalesce(jobs.locked_by, '') = _return_jobs.worker_id
      and jobs.claim is not distinct from answers.claim
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
