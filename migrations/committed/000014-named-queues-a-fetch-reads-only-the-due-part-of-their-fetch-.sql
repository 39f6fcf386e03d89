--! Previous: sha1:24c62197b82d0a0351068a2791b143b016e51d8c
--! Hash: sha1:3f2b476a3164329d9945c880442f28f9be452786
--! Message: named queues: a fetch reads only the due part of their fetch index

-- Named queues: a fetch reads only the due part of their fetch index too.
-- Migration 000013 taught get_jobs_v2 to read the fetch index of jobs outside
-- named queues per priority in use, up to the first job not due yet. The
-- named-queue side still walked every job not due yet on each fetch: the
-- probe that tells get_jobs_v2 whether a named queue has a runnable job, and
-- _claim_jobs (the named-queue path of get_jobs_v2, and all of get_jobs),
-- which chose its queues and its jobs outside named queues the old way.
-- They now read both fetch indexes per priority in use. Same jobs, same
-- order, same answers.

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
  --    there, for a later priority may hold due jobs).
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
  select coalesce(array_agg(distinct candidates.queue_name), '{}')
  into v_queues
  from (
    select due.queue_name
    from priorities
    cross join lateral (
      select jobs.queue_name
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.priority = priorities.priority
        and (jobs.run_at, jobs.id) >= (priorities.run_at, priorities.id)
        and jobs.queue_name is not null
        and jobs.locked_at is null
        and jobs.attempts < jobs.max_attempts
        and jobs.run_at <= v_now
        and jobs.task_identifier = any(v_tasks)
        and (v_forbidden is null or jobs.flags is null or not (jobs.flags ?| v_forbidden))
        and not exists (
          select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as running
          where running.queue_name = jobs.queue_name and (running.locked_at is not null or running.paused)
        )
      order by jobs.run_at, jobs.id
      limit _claim_jobs.batch_size
    ) as due
    limit _claim_jobs.batch_size
  ) as candidates;

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

create or replace function :GRAPHILE_WORKER_SCHEMA.get_jobs_v2(
  worker_id text,
  claim uuid,
  task_identifiers text[],
  batch_size integer default 1,
  forbidden_flags text[] default null,
  now timestamptz default null,
  completed_job_ids bigint[] default null,
  completed_claims uuid[] default null
)
returns table (
  id bigint,
  queue_name text,
  task_identifier text,
  payload json,
  priority smallint,
  run_at timestamptz,
  attempts smallint,
  max_attempts smallint,
  last_error text,
  created_at timestamptz,
  key text,
  revision integer,
  flags jsonb,
  locked_at timestamptz
)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
-- Plans are made once per session (array arguments would otherwise make
-- PL/pgSQL plan again for every call); the answers drive a nested loop over
-- the primary key in id order (see _complete_jobs).
set plan_cache_mode = force_generic_plan
set enable_seqscan = off
set enable_bitmapscan = off
set enable_hashjoin = off
set enable_mergejoin = off
-- A claim touches a batch of rows; compiling it (the estimates of a generic
-- plan over a big table pass jit_above_cost) costs tens of milliseconds
-- every call.
set jit = off
as $$
declare
  v_now timestamptz := coalesce(get_jobs_v2.now, pg_catalog.now());
  v_forbidden text[] := nullif(get_jobs_v2.forbidden_flags, '{}');
  v_sent integer := coalesce(cardinality(get_jobs_v2.completed_job_ids), 0);
  v_applied integer;
  v_tasks text[] := get_jobs_v2.task_identifiers;
  v_registered boolean;
  v_paused boolean;
  v_queued boolean;
begin
  -- 1. Refuse bad input. The checks are written out here, and _check_fetch,
  --    which says what is wrong, runs only when one fails: nested calls
  --    cost more than the checks themselves. One statement answers whether
  --    the worker is registered, whether any task is paused and whether a
  --    named queue has a runnable job (see 2).
  if v_sent > 0 then
    perform :GRAPHILE_WORKER_SCHEMA._check_answers(
      'get_jobs_v2', 'completed_job_ids', get_jobs_v2.completed_job_ids, 'completed_claims', get_jobs_v2.completed_claims);
  end if;
  select
    exists (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
      where workers.worker_id = get_jobs_v2.worker_id
    ),
    exists (select 1 from :GRAPHILE_WORKER_SCHEMA._private_tasks as tasks where tasks.paused),
    -- Read like the claim (see 2): per priority in use in named queues,
    -- from its first job, up to the first job not due yet.
    exists (
      with recursive queued_priorities (priority, run_at, id) as (
        (
          select jobs.priority, jobs.run_at, jobs.id
          from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
          where jobs.queue_name is not null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
          order by jobs.priority, jobs.run_at, jobs.id
          limit 1
        )
        union all
        select next.priority, next.run_at, next.id
        from queued_priorities
        cross join lateral (
          select jobs.priority, jobs.run_at, jobs.id
          from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
          where jobs.queue_name is not null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
            and jobs.priority > queued_priorities.priority
          order by jobs.priority, jobs.run_at, jobs.id
          limit 1
        ) as next
      )
      select 1
      from queued_priorities
      cross join lateral (
        select 1
        from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
        where jobs.priority = queued_priorities.priority
          and (jobs.run_at, jobs.id) >= (queued_priorities.run_at, queued_priorities.id)
          and jobs.queue_name is not null
          and jobs.locked_at is null
          and jobs.attempts < jobs.max_attempts
          and jobs.run_at <= v_now
          and jobs.task_identifier = any(get_jobs_v2.task_identifiers)
          and not exists (
            select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
            where queues.queue_name = jobs.queue_name and queues.paused
          )
        order by jobs.run_at, jobs.id
        limit 1
      ) as due
    )
  into v_registered, v_paused, v_queued;
  if get_jobs_v2.worker_id is null
    or get_jobs_v2.worker_id = ''
    or length(get_jobs_v2.worker_id) > :GRAPHILE_WORKER_SCHEMA._name_max_length()
    or get_jobs_v2.worker_id ~ E'[\\x01-\\x1f\\x7f-\\x9f]'
    or get_jobs_v2.claim is null
    or get_jobs_v2.task_identifiers is null
    or get_jobs_v2.batch_size is null
    or get_jobs_v2.batch_size not between 1 and :GRAPHILE_WORKER_SCHEMA._max_batch_size()
    or v_now > pg_catalog.now() + :GRAPHILE_WORKER_SCHEMA._max_clock_skew()
    or not v_registered
  then
    perform :GRAPHILE_WORKER_SCHEMA._check_fetch(
      'get_jobs_v2', get_jobs_v2.worker_id, true, get_jobs_v2.claim, get_jobs_v2.task_identifiers,
      get_jobs_v2.batch_size, v_now);
  end if;

  -- Paused tasks are left out of the task list (one probe of an empty
  -- index when nothing is paused). A named queue's job found above for a
  -- paused task only sends the fetch the general way, which skips it.
  if v_paused then
    v_tasks := array(
      select wanted.identifier from unnest(get_jobs_v2.task_identifiers) as wanted(identifier)
      where not exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_tasks as tasks
        where tasks.identifier = wanted.identifier and tasks.paused
      ));
  end if;

  -- 2. No named queue (but paused ones) has a runnable job: the claim is
  --    one statement, and completions that ride along go in it. Without
  --    completions the statement leaves their parts out: for a fetch of one
  --    job, empty parts cost a third of the rest.
  if not v_queued and v_sent = 0 then
    return query
    with recursive
    -- The priorities that have jobs outside named queues, lowest first,
    -- each with its first job in the fetch index (everything before it is
    -- gone): one index probe at a time, only as far as the claim needs.
    priorities (priority, run_at, id) as (
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
    -- Per priority, the due jobs in run order, from its first job on: the
    -- scan stops at the first job not due yet instead of reading every
    -- later one.
    free as (
      select due.id
      from priorities
      cross join lateral (
        select jobs.id
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
        limit get_jobs_v2.batch_size
        for update of jobs skip locked
      ) as due
      limit get_jobs_v2.batch_size
    ),
    claimed as (
      update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      set attempts = jobs.attempts + 1,
          locked_at = pg_catalog.now(),
          locked_by = get_jobs_v2.worker_id,
          claim = get_jobs_v2.claim,
          updated_at = pg_catalog.now()
      from free
      where jobs.id = free.id
      returning jobs.id, jobs.queue_name, jobs.task_identifier, jobs.payload, jobs.priority, jobs.run_at,
        jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.key, jobs.revision,
        jobs.flags, jobs.locked_at
    )
    select claimed.id, claimed.queue_name, claimed.task_identifier, claimed.payload, claimed.priority,
      claimed.run_at, claimed.attempts, claimed.max_attempts, claimed.last_error, claimed.created_at,
      claimed.key, claimed.revision, claimed.flags, claimed.locked_at
    from claimed
    order by claimed.priority, claimed.run_at, claimed.id;
    return;
  end if;
  if not v_queued then
    return query
    with recursive completed as (
      delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      using (
        select answer.id, answer.claim
        from unnest(get_jobs_v2.completed_job_ids, get_jobs_v2.completed_claims) as answer(id, claim)
        order by answer.id
      ) as answers
      where jobs.id = answers.id
        and coalesce(jobs.locked_by, '') = get_jobs_v2.worker_id
        and jobs.claim = answers.claim
      returning jobs.id, jobs.queue_name
    ),
    released as (
      update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
      set locked_at = null, locked_by = null
      where queues.queue_name in (select completed.queue_name from completed)
        and queues.locked_by = get_jobs_v2.worker_id
    ),
    -- The priorities that have jobs outside named queues, lowest first,
    -- each with its first job in the fetch index (everything before it is
    -- gone): one index probe at a time, only as far as the claim needs.
    priorities (priority, run_at, id) as (
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
    -- Per priority, the due jobs in run order, from its first job on: the
    -- scan stops at the first job not due yet instead of reading every
    -- later one.
    free as (
      select due.id
      from priorities
      cross join lateral (
        select jobs.id
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
        limit get_jobs_v2.batch_size
        for update of jobs skip locked
      ) as due
      limit get_jobs_v2.batch_size
    ),
    claimed as (
      update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      set attempts = jobs.attempts + 1,
          locked_at = pg_catalog.now(),
          locked_by = get_jobs_v2.worker_id,
          claim = get_jobs_v2.claim,
          updated_at = pg_catalog.now()
      from free
      where jobs.id = free.id
      returning jobs.id, jobs.queue_name, jobs.task_identifier, jobs.payload, jobs.priority, jobs.run_at,
        jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.key, jobs.revision,
        jobs.flags, jobs.locked_at
    )
    select claimed.id, claimed.queue_name, claimed.task_identifier, claimed.payload, claimed.priority,
      claimed.run_at, claimed.attempts, claimed.max_attempts, claimed.last_error, claimed.created_at,
      claimed.key, claimed.revision, claimed.flags, claimed.locked_at
    from claimed
    -- Once, whether or not anything was claimed.
    where (select :GRAPHILE_WORKER_SCHEMA._report_stale_completions(
      'get_jobs_v2', get_jobs_v2.worker_id, v_sent, (select count(*) from completed)))
    order by claimed.priority, claimed.run_at, claimed.id;
    return;
  end if;

  -- 3. Otherwise: the completions first, then the claim with named queues.
  if v_sent > 0 then
    select count(*) into v_applied
    from :GRAPHILE_WORKER_SCHEMA._complete_jobs(
      get_jobs_v2.worker_id, get_jobs_v2.completed_job_ids, get_jobs_v2.completed_claims);
    perform :GRAPHILE_WORKER_SCHEMA._report_stale_completions('get_jobs_v2', get_jobs_v2.worker_id, v_sent, v_applied);
  end if;
  return query
  select claimed.id, claimed.queue_name, claimed.task_identifier, claimed.payload, claimed.priority,
    claimed.run_at, claimed.attempts, claimed.max_attempts, claimed.last_error, claimed.created_at,
    claimed.key, claimed.revision, claimed.flags, claimed.locked_at
  from :GRAPHILE_WORKER_SCHEMA._claim_jobs(
    'get_jobs_v2', get_jobs_v2.worker_id, get_jobs_v2.claim, get_jobs_v2.task_identifiers,
    get_jobs_v2.batch_size, get_jobs_v2.forbidden_flags, get_jobs_v2.now
  ) as claimed;
end;
$$;
