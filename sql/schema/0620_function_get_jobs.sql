-- The worker's fetch: locks and returns up to batch_size runnable jobs
-- (run_at <= now, not locked, attempts left, identifier in
-- task_identifiers, no forbidden flag), in order of priority, run_at, id,
-- and at most one job per named queue, locking that queue. Each job's
-- attempts go up by one. Safe for any number of concurrent workers.
--
-- complete_job_ids: jobs this worker finished since its last call, completed
-- first (as worker_complete_jobs does), in the same round trip; a queue they
-- free can be fetched from at once.
create function :GRAPHILE_WORKER_SCHEMA.get_jobs(
  worker_id text,
  task_identifiers text[],
  batch_size integer default 1,
  forbidden_flags text[] default null,
  now timestamptz default now(),
  complete_job_ids bigint[] default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path to ''
as $$
declare
  v_now timestamptz := coalesce(get_jobs.now, pg_catalog.now());
  v_forbidden text[] := nullif(get_jobs.forbidden_flags, '{}');
  v_queues text[];
  v_heads bigint[] := '{}';
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('get_jobs', get_jobs.worker_id);
  if get_jobs.task_identifiers is null then
    raise exception 'get_jobs: task_identifiers must not be null' using errcode = '22004';
  end if;
  if get_jobs.batch_size is null or get_jobs.batch_size not between 1 and 10000 then
    raise exception 'get_jobs: batch_size must be between 1 and 10000 (got %)', coalesce(get_jobs.batch_size::text, 'null')
      using errcode = '22023';
  end if;

  if cardinality(get_jobs.complete_job_ids) > 0 then
    perform :GRAPHILE_WORKER_SCHEMA._complete_jobs(get_jobs.worker_id, get_jobs.complete_job_ids);
  end if;

  -- 1. Named queues that are not running and have one of the first
  --    batch_size runnable jobs (nothing is locked here).
  select coalesce(array_agg(distinct candidates.queue_name), '{}')
  into v_queues
  from (
    select jobs.queue_name
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.queue_name is not null
      and jobs.locked_at is null
      and jobs.attempts < jobs.max_attempts
      and jobs.run_at <= v_now
      and jobs.task_identifier = any(get_jobs.task_identifiers)
      and (v_forbidden is null or jobs.flags is null or not (jobs.flags ?| v_forbidden))
      and not exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as running
        where running.queue_name = jobs.queue_name and running.locked_at is not null
      )
    order by jobs.priority, jobs.run_at, jobs.id
    limit get_jobs.batch_size
  ) as candidates;

  if cardinality(v_queues) > 0 then
    -- 2. Take the queues no other worker is taking.
    select coalesce(array_agg(free_queues.queue_name), '{}')
    into v_queues
    from (
      select queues.queue_name
      from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
      where queues.queue_name = any(v_queues)
        and queues.locked_at is null
      for update of queues skip locked
    ) as free_queues;

    -- 3. Holding a queue, find its first eligible job (this statement sees
    --    every job committed before the queue was taken) and lock it; a head
    --    someone else is changing right now waits for the next fetch.
    select coalesce(array_agg(heads.id), '{}')
    into v_heads
    from (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.id in (
        select head.id
        from unnest(v_queues) as queue(name)
        cross join lateral (
          select candidate.id
          from :GRAPHILE_WORKER_SCHEMA._private_jobs as candidate
          where candidate.queue_name = queue.name
            and candidate.locked_at is null
            and candidate.attempts < candidate.max_attempts
            and candidate.run_at <= v_now
            and candidate.task_identifier = any(get_jobs.task_identifiers)
            and (v_forbidden is null or candidate.flags is null or not (candidate.flags ?| v_forbidden))
          order by candidate.priority, candidate.run_at, candidate.id
          limit 1
        ) as head
      )
        and jobs.locked_at is null
        and jobs.attempts < jobs.max_attempts
      for update of jobs skip locked
    ) as heads;
  end if;

  -- 4. In one statement: lock the first batch_size jobs outside named queues
  --    (skipping rows other workers hold, so that concurrent workers share
  --    the work), let them and the queue heads compete for the batch in run
  --    order, claim the winners, and lock the queues of the heads among them.
  return query
  with free as (
    select jobs.id, jobs.priority, jobs.run_at
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.queue_name is null
      and jobs.locked_at is null
      and jobs.attempts < jobs.max_attempts
      and jobs.run_at <= v_now
      and jobs.task_identifier = any(get_jobs.task_identifiers)
      and (v_forbidden is null or jobs.flags is null or not (jobs.flags ?| v_forbidden))
    order by jobs.priority, jobs.run_at, jobs.id
    limit get_jobs.batch_size
    for update of jobs skip locked
  ),
  candidates as (
    select free.id, free.priority, free.run_at from free
    union all
    select jobs.id, jobs.priority, jobs.run_at
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(v_heads)
  ),
  chosen as (
    select candidates.id from candidates
    order by candidates.priority, candidates.run_at, candidates.id
    limit get_jobs.batch_size
  ),
  claimed as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set attempts = jobs.attempts + 1,
        locked_at = pg_catalog.now(),
        locked_by = get_jobs.worker_id,
        updated_at = pg_catalog.now()
    from chosen
    where jobs.id = chosen.id
    returning jobs.*
  ),
  taken_queues as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = pg_catalog.now(), locked_by = get_jobs.worker_id
    where cardinality(v_heads) > 0
      and queues.queue_name in (select claimed.queue_name from claimed where claimed.queue_name is not null)
  )
  select claimed.* from claimed
  order by claimed.priority, claimed.run_at, claimed.id;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.get_jobs is
  'Worker protocol: locks and returns up to batch_size runnable jobs for worker_id, at most one per named queue.';
