--! Previous: sha1:b49a3adefb332d216c5ece07fbb2cbfe77e43f7d
--! Hash: sha1:02a05f88a26495aa69e280a3a0eb44552867d10a
--! Message: a running queue's backlog no longer slows every fetch

-- A long named queue whose head is running no longer slows every fetch.
-- Its waiting jobs cannot run, and the claim used to read every one of
-- them, on every fetch, whenever they came first in run order (as a
-- backlog does). _claim_jobs now reads at most batch_size + 100 due jobs of
-- named queues; when that many come first and too few of them can run, it
-- chooses queue by queue: each queue that is not running nor paused, its
-- first runnable job from the queue-head index, the first batch_size of
-- those in run order. Same jobs, same order, same answers.

create or replace function :GRAPHILE_WORKER_SCHEMA._claim_jobs(
  caller text,
  worker_id text,
  claim uuid,
  task_identifiers text[],
  batch_size integer,
  forbidden_flags text[],
  now timestamptz
)
returns setof :GRAPHILE_WORKER_SCHEMA._private_jobs
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
-- A claim touches a batch of rows: never worth compiling (see get_jobs_v2).
set jit = off
as $$
declare
  v_now timestamptz := coalesce(_claim_jobs.now, pg_catalog.now());
  v_forbidden text[] := nullif(_claim_jobs.forbidden_flags, '{}');
  v_queues text[];
  v_heads bigint[] := '{}';
  v_tasks text[] := _claim_jobs.task_identifiers;
  -- How many due jobs of named queues a claim reads in run order before it
  -- chooses queue by queue (see 2): a hundred more than it can take.
  v_scan integer := _claim_jobs.batch_size + 100;
  v_capped boolean;
begin
  -- 1. Refuse bad input, a `now` ahead of the database clock (it would
  --    hand out jobs that are not due), and a claim by an unregistered
  --    worker.
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id(caller, _claim_jobs.worker_id);
  if _claim_jobs.task_identifiers is null then
    raise exception '%: task_identifiers must not be null', caller using errcode = '22004';
  end if;
  if _claim_jobs.batch_size is null
    or _claim_jobs.batch_size not between 1 and :GRAPHILE_WORKER_SCHEMA._max_batch_size() then
    raise exception '%: batch_size must be between 1 and % (got %)',
      caller, :GRAPHILE_WORKER_SCHEMA._max_batch_size(), coalesce(_claim_jobs.batch_size::text, 'null')
      using errcode = '22023';
  end if;
  if v_now > pg_catalog.now() + :GRAPHILE_WORKER_SCHEMA._max_clock_skew() then
    raise exception '%: now must not be ahead of the database clock by more than % (got %, the database says %)',
      caller, :GRAPHILE_WORKER_SCHEMA._max_clock_skew(), v_now, pg_catalog.now()
      using errcode = '22023';
  end if;
  -- A claim is taken only by a registered worker (see get_jobs_v2).
  if _claim_jobs.claim is not null and not exists (
    select 1 from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.worker_id = _claim_jobs.worker_id
  ) then
    raise exception '%: worker_id must be registered (got %): call worker_register first; a worker taken for dead must register again',
      caller, quote_literal(_claim_jobs.worker_id) using errcode = '55000';
  end if;

  -- Paused tasks are left out of the task list (one probe of an empty
  -- index when nothing is paused).
  if exists (select 1 from :GRAPHILE_WORKER_SCHEMA._private_tasks as tasks where tasks.paused) then
    v_tasks := array(
      select wanted.identifier from unnest(_claim_jobs.task_identifiers) as wanted(identifier)
      where not exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_tasks as tasks
        where tasks.identifier = wanted.identifier and tasks.paused
      ));
  end if;

  -- 2. Named queues that are not running nor paused and have one of the
  --    first batch_size runnable jobs (nothing is locked here).
  --    The fetch index of named queues is read like get_jobs_v2 reads the
  --    other one: per priority in use, from its first job, up to the first
  --    job not due yet (a scan in (priority, run_at, id) order cannot stop
  --    there, for a later priority may hold due jobs). It reads at most
  --    v_scan due jobs: when as many come first and too few of them can run
  --    (a long queue whose head is running, or jobs of other tasks), the
  --    queues are chosen queue by queue instead (below). The (v_scan + 1)th
  --    due job, if there is one, comes through to say so.
  with recursive priorities (priority, run_at, id) as (
    (
      select jobs.priority, jobs.run_at, jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is not null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
      order by jobs.priority, jobs.run_at, jobs.id
      limit 1
    )
    union all
    select next.priority, next.run_at, next.id
    from priorities
    cross join lateral (
      select jobs.priority, jobs.run_at, jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is not null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
        and jobs.priority > priorities.priority
      order by jobs.priority, jobs.run_at, jobs.id
      limit 1
    ) as next
  )
  select
    coalesce(array_agg(distinct candidates.queue_name) filter (where candidates.n <= v_scan), '{}'),
    coalesce(bool_or(candidates.n > v_scan), false)
  into v_queues, v_capped
  from (
    select waiting.queue_name, waiting.n
    from (
      select scanned.queue_name, scanned.task_identifier, scanned.flags, row_number() over () as n
      from (
        select due.queue_name, due.task_identifier, due.flags
        from priorities
        cross join lateral (
          select jobs.queue_name, jobs.task_identifier, jobs.flags
          from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
          where jobs.priority = priorities.priority
            and (jobs.run_at, jobs.id) >= (priorities.run_at, priorities.id)
            and jobs.queue_name is not null
            and jobs.locked_at is null
            and jobs.attempts < jobs.max_attempts
            and jobs.run_at <= v_now
          order by jobs.run_at, jobs.id
          limit v_scan + 1
        ) as due
        limit v_scan + 1
      ) as scanned
    ) as waiting
    where waiting.n > v_scan
      or (
        waiting.task_identifier = any(v_tasks)
        and (v_forbidden is null or waiting.flags is null or not (waiting.flags ?| v_forbidden))
        and not exists (
          select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as running
          where running.queue_name = waiting.queue_name and (running.locked_at is not null or running.paused)
        )
      )
    limit _claim_jobs.batch_size
  ) as candidates;

  -- Queue by queue: each queue that is not running nor paused, its first
  -- runnable job, read from the queue-head index per priority in use in
  -- the queue (as in step 2, so that a queue's jobs not due yet are not
  -- walked); the first batch_size of those, in run order. This costs a few
  -- probes per queue, where the reading above costs a row per waiting job:
  -- it is the way when the waiting jobs that cannot run outnumber the
  -- queues. The probes for a queue's first job and its next priority name
  -- the queue by a range and order by it, which only the queue-head index
  -- serves (see step 5); the probe of a priority's due jobs names the queue
  -- and the priority, which that index alone has both of.
  if v_capped and cardinality(v_queues) < _claim_jobs.batch_size then
    select coalesce(array_agg(heads.queue_name), '{}')
    into v_queues
    from (
      select queues.queue_name
      from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
      cross join lateral (
        with recursive queue_priorities (priority, run_at, id) as (
          (
            select jobs.priority, jobs.run_at, jobs.id
            from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
            where jobs.queue_name >= queues.queue_name and jobs.queue_name <= queues.queue_name
              and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
            order by jobs.queue_name, jobs.priority, jobs.run_at, jobs.id
            limit 1
          )
          union all
          select next.priority, next.run_at, next.id
          from queue_priorities
          cross join lateral (
            select jobs.priority, jobs.run_at, jobs.id
            from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
            where (jobs.queue_name, jobs.priority) > (queues.queue_name, queue_priorities.priority)
              and jobs.queue_name <= queues.queue_name
              and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
            order by jobs.queue_name, jobs.priority, jobs.run_at, jobs.id
            limit 1
          ) as next
        )
        select first.priority, first.run_at, first.id
        from queue_priorities
        cross join lateral (
          select candidate.priority, candidate.run_at, candidate.id
          from :GRAPHILE_WORKER_SCHEMA._private_jobs as candidate
          where candidate.queue_name = queues.queue_name
            and candidate.priority = queue_priorities.priority
            and (candidate.run_at, candidate.id) >= (queue_priorities.run_at, queue_priorities.id)
            and candidate.run_at <= v_now
            and candidate.locked_at is null
            and candidate.attempts < candidate.max_attempts
            and candidate.task_identifier = any(v_tasks)
            and (v_forbidden is null or candidate.flags is null or not (candidate.flags ?| v_forbidden))
          order by candidate.run_at, candidate.id
          limit 1
        ) as first
        limit 1
      ) as head
      where queues.locked_at is null
        and not queues.paused
      order by head.priority, head.run_at, head.id
      limit _claim_jobs.batch_size
    ) as heads;
  end if;

  if cardinality(v_queues) > 0 then
    -- 3. A queue whose row cleanup removed while a job was being added to it
    --    gets its row back, so that its jobs can run; unless an adder is
    --    registering it right now (its lock is taken: the row is coming),
    --    for a fetch never waits for an adder (see _register_queues).
    insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name)
    select queue.name from unnest(v_queues) as queue(name)
    where case
      when exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues where queues.queue_name = queue.name
      ) then false
      else pg_try_advisory_xact_lock(:GRAPHILE_WORKER_SCHEMA._queue_lock_class(), hashtext(queue.name))
    end
    order by queue.name
    on conflict do nothing;

    -- 4. Take the queues no other worker is taking (and not paused, as
    --    they are now that their rows are locked).
    select coalesce(array_agg(free_queues.queue_name), '{}')
    into v_queues
    from (
      select queues.queue_name
      from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
      where queues.queue_name = any(v_queues)
        and queues.locked_at is null
        and not queues.paused
      for update of queues skip locked
    ) as free_queues;

    -- 5. Holding a queue, find its first eligible job (this statement sees
    --    every job committed before the queue was taken) and lock it. The
    --    lock re-checks every condition on the row as it is now, its queue
    --    included; a head someone else is changing waits for the next fetch.
    --    The head is read from the queue-head index, where the queue's jobs
    --    are together in run order: the queue is named by a range (between
    --    the name and itself) and the order leads with it, which only that
    --    index gives. With an equality, a generic plan may read the named
    --    queues' fetch index in run order instead, through the jobs of every
    --    other queue that come first (its estimate of a queue's share is an
    --    average).
    select coalesce(array_agg(locked_heads.id), '{}')
    into v_heads
    from (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      join (
        select queue.name, head.id
        from unnest(v_queues) as queue(name)
        cross join lateral (
          select candidate.id
          from :GRAPHILE_WORKER_SCHEMA._private_jobs as candidate
          where candidate.queue_name >= queue.name
            and candidate.queue_name <= queue.name
            and candidate.locked_at is null
            and candidate.attempts < candidate.max_attempts
            and candidate.run_at <= v_now
            and candidate.task_identifier = any(v_tasks)
            and (v_forbidden is null or candidate.flags is null or not (candidate.flags ?| v_forbidden))
          order by candidate.queue_name, candidate.priority, candidate.run_at, candidate.id
          limit 1
        ) as head
      ) as heads on heads.id = jobs.id
      where jobs.queue_name = heads.name
        and jobs.locked_at is null
        and jobs.attempts < jobs.max_attempts
        and jobs.run_at <= v_now
        and jobs.task_identifier = any(v_tasks)
        and (v_forbidden is null or jobs.flags is null or not (jobs.flags ?| v_forbidden))
      for update of jobs skip locked
    ) as locked_heads;
  end if;

  -- 6. In one statement: lock the first batch_size jobs outside named queues
  --    (skipping rows other workers hold, so that concurrent workers share
  --    the work), let them and the queue heads compete for the batch in run
  --    order, claim the winners, and take the queues of the heads among
  --    them (only queues locked in step 4; each head is in its own queue).
  --    The jobs outside named queues are read per priority as in step 2.
  return query
  with recursive priorities (priority, run_at, id) as (
    (
      select jobs.priority, jobs.run_at, jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
      order by jobs.priority, jobs.run_at, jobs.id
      limit 1
    )
    union all
    select next.priority, next.run_at, next.id
    from priorities
    cross join lateral (
      select jobs.priority, jobs.run_at, jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
        and jobs.priority > priorities.priority
      order by jobs.priority, jobs.run_at, jobs.id
      limit 1
    ) as next
  ),
  free as (
    select due.id, due.priority, due.run_at
    from priorities
    cross join lateral (
      select jobs.id, jobs.priority, jobs.run_at
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.priority = priorities.priority
        and (jobs.run_at, jobs.id) >= (priorities.run_at, priorities.id)
        and jobs.queue_name is null
        and jobs.locked_at is null
        and jobs.attempts < jobs.max_attempts
        and jobs.run_at <= v_now
        and jobs.task_identifier = any(v_tasks)
        and (v_forbidden is null or jobs.flags is null or not (jobs.flags ?| v_forbidden))
      order by jobs.run_at, jobs.id
      limit _claim_jobs.batch_size
      for update of jobs skip locked
    ) as due
    limit _claim_jobs.batch_size
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
    limit _claim_jobs.batch_size
  ),
  claimed as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set attempts = jobs.attempts + 1,
        locked_at = pg_catalog.now(),
        locked_by = _claim_jobs.worker_id,
        claim = _claim_jobs.claim,
        updated_at = pg_catalog.now()
    from chosen
    where jobs.id = chosen.id
    returning jobs.*
  ),
  taken_queues as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = pg_catalog.now(), locked_by = _claim_jobs.worker_id
    where cardinality(v_heads) > 0
      and queues.queue_name = any(v_queues)
      and queues.queue_name in (select claimed.queue_name from claimed where claimed.queue_name is not null)
  )
  select claimed.* from claimed
  order by claimed.priority, claimed.run_at, claimed.id;
end;
$$;
