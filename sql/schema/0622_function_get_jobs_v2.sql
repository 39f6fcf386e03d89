-- The worker's fetch: locks and returns up to batch_size runnable jobs
-- (run_at <= now, not locked, attempts left, identifier in
-- task_identifiers, no forbidden flag), in order of priority, run_at, id,
-- and at most one job per named queue, locking that queue (see
-- _claim_jobs). Each job's attempts go up by one.
--
-- The worker must be registered (worker_register), so that every claim has
-- a holder whose heartbeat the sweep goes by; a worker that a sweep took
-- for dead is refused (SQLSTATE 55000) until it registers again.
--
-- claim: a token the worker chooses for this fetch, fresh and random each
-- time (a version 4 uuid). It is secret: completing, failing or giving back
-- a job takes the claim it was fetched under, so no other caller can answer
-- for this worker, and a run that outlived its claim (its worker was taken
-- for dead meanwhile) changes nothing. If the reply is lost, the worker
-- gives back what it claimed with worker_return_claim(worker_id, claim).
--
-- completed_job_ids, completed_claims: jobs this worker finished since its
-- last call, completed (as worker_complete_jobs_v2 does) in the same round
-- trip; completions whose claim was no longer held change nothing and raise
-- a WARNING that counts them.
--
-- Paused tasks and paused queues (pause_task, pause_queue) are never
-- fetched from: their jobs stay waiting.
--
-- The common case is one statement: when no named queue that is not paused
-- has a runnable job (one index probe says so when named queues hold no
-- job; while they do, a second statement reads them per priority, due part
-- only), the completions and the claim of jobs outside named queues run
-- together. Otherwise the completions go first (a queue they free can be
-- fetched from at once) and _claim_jobs takes the named queues' heads with
-- the rest.
create function :GRAPHILE_WORKER_SCHEMA.get_jobs_v2(
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
  --    the worker is registered, whether any task is paused and whether
  --    named queues hold any job; only then does a second one ask whether
  --    one of those can run now (see 2).
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
    -- Whether named queues hold a job that can run now or later: one probe
    -- (their fetch index is empty when they are not used).
    exists (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is not null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
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

  -- Named queues hold jobs: whether one can run now, read like the claim
  -- (see 2): per priority in use, from its first job, up to the first job
  -- not due yet, so that jobs not due yet are never walked.
  if v_queued then
    select exists (
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
    into v_queued;
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
comment on function :GRAPHILE_WORKER_SCHEMA.get_jobs_v2 is
  'Worker protocol: locks and returns up to batch_size runnable jobs for worker_id under a claim token it chose, at most one per named queue; completes the given finished jobs first.';
