--! Previous: sha1:fcb0acfb0eb25e0710cf2d47cdab3f315242f521
--! Hash: sha1:0788a57674e3fe79634501bc77d8591aff01db6e
--! Message: administration ui

-- The read API (counts by state, job lists with search and keyset pages,
-- one job, queues, workers) and pause/resume of named queues and tasks,
-- enforced in the fetch (get_jobs, get_jobs_v2).

-- Paused queues and tasks.
alter table :GRAPHILE_WORKER_SCHEMA._private_job_queues
  add column paused boolean not null default false;
comment on column :GRAPHILE_WORKER_SCHEMA._private_job_queues.paused is
  'Paused (pause_queue): no worker takes this queue''s jobs until resume_queue; a job already running finishes. A paused queue is never garbage-collected.';
alter table :GRAPHILE_WORKER_SCHEMA._private_tasks
  add column paused boolean not null default false;
-- Paused tasks: the fetch looks here first (an empty index when none is).
create index _private_tasks_paused on :GRAPHILE_WORKER_SCHEMA._private_tasks (identifier)
  where paused;
comment on column :GRAPHILE_WORKER_SCHEMA._private_tasks.paused is
  'Paused (pause_task): no worker fetches this task''s jobs until resume_task. A paused task is never garbage-collected.';

-- A job as the read API lists it: the columns of the jobs view (no
-- payload) and its state (see _job_state).
create type :GRAPHILE_WORKER_SCHEMA.job_summary as (
  id bigint,
  queue_name text,
  task_identifier text,
  priority smallint,
  run_at timestamptz,
  attempts smallint,
  max_attempts smallint,
  last_error text,
  created_at timestamptz,
  updated_at timestamptz,
  key text,
  locked_at timestamptz,
  locked_by text,
  revision integer,
  flags jsonb,
  state text
);
comment on type :GRAPHILE_WORKER_SCHEMA.job_summary is
  'A job without its payload, with its state: ready, scheduled, running, failed or permanently_failed.';

-- The state of a job, as the read API reports it. Every job is in exactly
-- one: running (locked), permanently_failed (no attempts left), failed (an
-- attempt failed; it will be retried at run_at), ready (never attempted,
-- due) or scheduled (never attempted, due later). The planner inlines it.
create function :GRAPHILE_WORKER_SCHEMA._job_state(
  locked_at timestamptz,
  attempts smallint,
  max_attempts smallint,
  run_at timestamptz,
  now timestamptz
)
returns text
language sql
immutable
parallel safe
as $$
  select case
    when locked_at is not null then 'running'
    when attempts >= max_attempts then 'permanently_failed'
    when attempts > 0 then 'failed'
    when run_at <= now then 'ready'
    else 'scheduled'
  end
$$;

-- The job states of the read API, in the order they are listed (see
-- _job_state).
create function :GRAPHILE_WORKER_SCHEMA._job_states()
returns text[]
language sql
immutable
parallel safe
as $$
  select array['ready', 'scheduled', 'running', 'failed', 'permanently_failed']
$$;

-- Refuses a missing, empty or too long queue name or task identifier
-- (argument names which), naming the calling function.
create function :GRAPHILE_WORKER_SCHEMA._check_name(caller text, argument text, name text)
returns void
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if _check_name.name is null then
    raise exception '%: % must not be null', caller, argument using errcode = '22004';
  end if;
  if _check_name.name = '' then
    raise exception '%: % must not be empty', caller, argument using errcode = '22023';
  end if;
  if length(_check_name.name) > :GRAPHILE_WORKER_SCHEMA._name_max_length() then
    raise exception '%: % must be at most % characters (got %)',
      caller, argument, :GRAPHILE_WORKER_SCHEMA._name_max_length(), length(_check_name.name)
      using errcode = '22001';
  end if;
end;
$$;

-- The claim behind get_jobs and get_jobs_v2: locks and returns up to
-- batch_size runnable jobs (run_at <= now, not locked, attempts left,
-- identifier in task_identifiers, no forbidden flag), in order of priority,
-- run_at, id, at most one per named queue, locking that queue. Each job's
-- attempts go up by one; it is locked by worker_id under claim (null for the
-- 0.1 protocol). Safe for any number of concurrent workers, and against
-- every writer that races it: each condition is checked again on the row
-- once it is locked (a keyed add may have moved it to another queue, a
-- reschedule may have moved it to the future), and a queue is taken only
-- by the worker that locked its row. Paused tasks and paused queues
-- (pause_task, pause_queue) are never fetched from.
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
  select coalesce(array_agg(distinct candidates.queue_name), '{}')
  into v_queues
  from (
    select jobs.queue_name
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.queue_name is not null
      and jobs.locked_at is null
      and jobs.attempts < jobs.max_attempts
      and jobs.run_at <= v_now
      and jobs.task_identifier = any(v_tasks)
      and (v_forbidden is null or jobs.flags is null or not (jobs.flags ?| v_forbidden))
      and not exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as running
        where running.queue_name = jobs.queue_name and (running.locked_at is not null or running.paused)
      )
    order by jobs.priority, jobs.run_at, jobs.id
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
          where candidate.queue_name = queue.name
            and candidate.locked_at is null
            and candidate.attempts < candidate.max_attempts
            and candidate.run_at <= v_now
            and candidate.task_identifier = any(v_tasks)
            and (v_forbidden is null or candidate.flags is null or not (candidate.flags ?| v_forbidden))
          order by candidate.priority, candidate.run_at, candidate.id
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
  return query
  with free as (
    select jobs.id, jobs.priority, jobs.run_at
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.queue_name is null
      and jobs.locked_at is null
      and jobs.attempts < jobs.max_attempts
      and jobs.run_at <= v_now
      and jobs.task_identifier = any(v_tasks)
      and (v_forbidden is null or jobs.flags is null or not (jobs.flags ?| v_forbidden))
    order by jobs.priority, jobs.run_at, jobs.id
    limit _claim_jobs.batch_size
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
-- has a runnable job (one index probe says so), the completions and the claim of jobs outside
-- named queues run together. Otherwise the completions go first (a queue
-- they free can be fetched from at once) and _claim_jobs takes the named
-- queues' heads with the rest.
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
as $$
declare
  v_now timestamptz := coalesce(get_jobs_v2.now, pg_catalog.now());
  v_forbidden text[] := nullif(get_jobs_v2.forbidden_flags, '{}');
  v_sent integer := coalesce(cardinality(get_jobs_v2.completed_job_ids), 0);
  v_applied integer;
  v_tasks text[] := get_jobs_v2.task_identifiers;
begin
  -- 1. Refuse bad input.
  if v_sent > 0 then
    perform :GRAPHILE_WORKER_SCHEMA._check_answers(
      'get_jobs_v2', 'completed_job_ids', get_jobs_v2.completed_job_ids, 'completed_claims', get_jobs_v2.completed_claims);
  end if;
  perform :GRAPHILE_WORKER_SCHEMA._check_fetch(
    'get_jobs_v2', get_jobs_v2.worker_id, true, get_jobs_v2.claim, get_jobs_v2.task_identifiers,
    get_jobs_v2.batch_size, v_now);

  -- Paused tasks are left out of the task list (one probe of an empty
  -- index when nothing is paused).
  if exists (select 1 from :GRAPHILE_WORKER_SCHEMA._private_tasks as tasks where tasks.paused) then
    v_tasks := array(
      select wanted.identifier from unnest(get_jobs_v2.task_identifiers) as wanted(identifier)
      where not exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_tasks as tasks
        where tasks.identifier = wanted.identifier and tasks.paused
      ));
  end if;

  -- 2. No named queue (but paused ones) has a runnable job: complete and
  --    claim in one statement.
  if not exists (
    select 1
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.queue_name is not null
      and jobs.locked_at is null
      and jobs.attempts < jobs.max_attempts
      and jobs.run_at <= v_now
      and jobs.task_identifier = any(v_tasks)
      and not exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
        where queues.queue_name = jobs.queue_name and queues.paused
      )
  ) then
    return query
    with completed as (
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
    free as (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is null
        and jobs.locked_at is null
        and jobs.attempts < jobs.max_attempts
        and jobs.run_at <= v_now
        and jobs.task_identifier = any(v_tasks)
        and (v_forbidden is null or jobs.flags is null or not (jobs.flags ?| v_forbidden))
      order by jobs.priority, jobs.run_at, jobs.id
      limit get_jobs_v2.batch_size
      for update of jobs skip locked
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

-- Admin: database cleanup.
--   DELETE_PERMAFAILED_JOBS: delete unlocked jobs with no attempts left;
--   GC_JOB_QUEUES: delete named queues that are unlocked, not paused and
--     have no jobs;
--   GC_TASK_IDENTIFIERS: delete task identifiers that are not paused and
--     have no jobs, except task_identifiers_to_keep.
-- Nothing is locked beyond the rows deleted, and a row someone else holds
-- is left for the next cleanup instead of waited for: fetching, completing
-- and adding go on meanwhile, at any table size, even while cleanup runs
-- beside a long transaction. That is safe at any isolation
-- level because neither registry is needed to run a job: jobs carry their
-- task identifier and queue name, and get_jobs recreates a queue row that
-- was deleted while a job was being added to it.
create or replace function :GRAPHILE_WORKER_SCHEMA.cleanup(
  tasks text[],
  task_identifiers_to_keep text[] default '{}'
)
returns table (task text, deleted integer)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_unknown text;
  v_task text;
  v_deleted integer;
begin
  if cleanup.tasks is null then
    raise exception 'cleanup: tasks must not be null' using errcode = '22004';
  end if;
  select t into v_unknown
  from unnest(cleanup.tasks) as t
  where t is null or t <> all(:GRAPHILE_WORKER_SCHEMA._cleanup_tasks())
  limit 1;
  if found then
    raise exception 'cleanup: unknown task %; the tasks are %',
      coalesce(quote_literal(v_unknown), 'null'), array_to_string(:GRAPHILE_WORKER_SCHEMA._cleanup_tasks(), ', ')
      using errcode = '22023';
  end if;

  -- In _cleanup_tasks' order: permanently failed jobs go first, so that
  -- their queues and identifiers can be collected in the same call.
  foreach v_task in array array(
    select known.name from unnest(:GRAPHILE_WORKER_SCHEMA._cleanup_tasks()) with ordinality as known(name, n)
    where known.name = any(cleanup.tasks) order by known.n)
  loop
    case v_task
      when 'DELETE_PERMAFAILED_JOBS' then
        with chosen as (
          select jobs.id
          from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
          where jobs.attempts >= jobs.max_attempts
            and jobs.locked_at is null
          order by jobs.id
          for update skip locked
        )
        delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
        using chosen
        where jobs.id = chosen.id;
      when 'GC_JOB_QUEUES' then
        -- Every job is waiting (in the queue-head index), running, or
        -- permanently failed (both in small partial indexes): three lookups
        -- instead of a scan of the whole table.
        with chosen as (
          select queues.queue_name
          from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
          where queues.locked_at is null
            and not queues.paused
            and not exists (
              select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
              where jobs.queue_name = queues.queue_name
                and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
            )
            and not exists (
              select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
              where jobs.queue_name = queues.queue_name and jobs.locked_at is not null
            )
            and not exists (
              select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
              where jobs.queue_name = queues.queue_name and jobs.attempts >= jobs.max_attempts
            )
          for update skip locked
        )
        delete from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
        using chosen
        where queues.queue_name = chosen.queue_name;
      when 'GC_TASK_IDENTIFIERS' then
        -- One pass over the jobs, whatever the number of identifiers.
        with chosen as (
          select known.identifier
          from :GRAPHILE_WORKER_SCHEMA._private_tasks as known
          where known.identifier <> all(coalesce(cleanup.task_identifiers_to_keep, '{}'))
            and not known.paused
            and known.identifier not in (
              select distinct jobs.task_identifier from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
            )
          for update skip locked
        )
        delete from :GRAPHILE_WORKER_SCHEMA._private_tasks as known
        using chosen
        where known.identifier = chosen.identifier;
    end case;
    get diagnostics v_deleted = row_count;
    task := v_task;
    deleted := v_deleted;
    return next;
  end loop;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.cleanup is
  'Admin: DELETE_PERMAFAILED_JOBS, GC_JOB_QUEUES, GC_TASK_IDENTIFIERS (keeping task_identifiers_to_keep); returns rows deleted per task.';

-- Read API: how many jobs each task has in each queue (null: outside named
-- queues) and state (ready, scheduled, running, failed, permanently_failed;
-- see _job_state), in no particular order.
--
-- Cheap at any table size, and no write: the table is read in three regions
-- that partial indexes cover (running jobs; permanently failed jobs; the
-- waiting rest: ready, scheduled, failed). A region of at most 1,000 jobs is
-- counted exactly; a larger one is estimated from a random sample of about
-- 300 of the table's pages (estimated = true: each count is the sampled
-- count scaled up, and a group too small to be sampled is missing).
create function :GRAPHILE_WORKER_SCHEMA.job_counts()
returns table (
  task_identifier text,
  queue_name text,
  state text,
  count bigint,
  estimated boolean
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
-- Reads that the planner costs high but that stop early: compiling them
-- (JIT) would take longer than running them. Each region is read through
-- its partial index (the planner cannot tell how few rows match
-- attempts >= max_attempts, and would scan the table for them).
set jit = off
set enable_seqscan = off
set enable_bitmapscan = off
as $$
declare
  v_cap constant integer := 1000;
  v_sample_pages constant integer := 300;
  v_now timestamptz := pg_catalog.now();
  v_running integer;
  v_permanently_failed integer;
  v_waiting integer;
  v_pages float8;
  v_percent float8;
begin
  -- 1. The size of each region, counted up to the cap.
  select count(*) into v_running from (
    select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null
    limit v_cap + 1
  ) as region;
  -- (Running jobs on their last attempt count here too: the index alone
  -- answers, and the count only chooses how to count.)
  select count(*) into v_permanently_failed from (
    select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.attempts >= jobs.max_attempts
    limit v_cap + 1
  ) as region;
  select
    (select count(*) from (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
      limit v_cap + 1) as region)
    + (select count(*) from (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is not null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
      limit v_cap + 1) as region)
  into v_waiting;

  -- 2. Small regions, exactly.
  if v_running <= v_cap then
    return query
    select jobs.task_identifier, jobs.queue_name, 'running'::text, count(*), false
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null
    group by jobs.task_identifier, jobs.queue_name;
  end if;
  if v_permanently_failed <= v_cap then
    return query
    select jobs.task_identifier, jobs.queue_name, 'permanently_failed'::text, count(*), false
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.attempts >= jobs.max_attempts and jobs.locked_at is null
    group by jobs.task_identifier, jobs.queue_name;
  end if;
  if v_waiting <= v_cap then
    return query
    select waiting.task_identifier, waiting.queue_name,
      :GRAPHILE_WORKER_SCHEMA._job_state(null, waiting.attempts, waiting.max_attempts, waiting.run_at, v_now),
      count(*), false
    from (
      select jobs.task_identifier, jobs.queue_name, jobs.attempts, jobs.max_attempts, jobs.run_at
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
      union all
      select jobs.task_identifier, jobs.queue_name, jobs.attempts, jobs.max_attempts, jobs.run_at
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name is not null and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
    ) as waiting
    group by 1, 2, 3;
  end if;

  -- 3. Large regions, from a sample of pages (all of them in a small table:
  --    then the counts are exact).
  if v_running > v_cap or v_permanently_failed > v_cap or v_waiting > v_cap then
    select pg_catalog.pg_relation_size(tables.oid) / pg_catalog.current_setting('block_size')::float8
    into v_pages
    from pg_catalog.pg_class as tables
    where tables.relname = '_private_jobs'
      and tables.relnamespace = (
        select types.typnamespace from pg_catalog.pg_type as types
        where types.oid = pg_catalog.pg_typeof(null:::GRAPHILE_WORKER_SCHEMA.job_summary));
    v_percent := least(100, 100 * v_sample_pages / greatest(v_pages, 1));
    return query
    select sample.task_identifier, sample.queue_name, sample.state,
      greatest(1, round(count(*) * 100 / v_percent))::bigint, v_percent < 100
    from (
      select jobs.task_identifier, jobs.queue_name,
        :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now) as state
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs tablesample system (v_percent)
    ) as sample
    where case sample.state
      when 'running' then v_running > v_cap
      when 'permanently_failed' then v_permanently_failed > v_cap
      else v_waiting > v_cap
    end
    group by 1, 2, 3;
  end if;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.job_counts is
  'Read API: jobs per task, queue and state; exact for states with at most 1,000 jobs, estimated from a sample of pages beyond (estimated = true).';

-- Read API: jobs without their payload, newest first, a page at a time:
-- after_id is the last id of the previous page (keyset: a page never
-- shifts as jobs come and go). Every filter is optional:
--   state: ready, scheduled, running, failed or permanently_failed (see
--     _job_state);
--   task_identifier, queue_name: equal to;
--   search: the job's id (equal to), or text found (case-insensitive) in
--     its task identifier, queue name, key or last error; and in its
--     payload when the caller's login role (session_user) may call
--     get_job(bigint), which returns payloads: a role without it learns
--     nothing about payloads, not even by searching them.
-- page_size: 1 to 500.
--
-- Cheap at any table size: a filtered page looks for matches below
-- after_id for 50 ms at most (running jobs excepted: they have an index of
-- their own). When the time is up before the page is full, the page ends
-- with a marker row: state 'continue', id the after_id to look further
-- with, every other column null. A page without a marker that is not full
-- is the last one.
create function :GRAPHILE_WORKER_SCHEMA.list_jobs(
  state text default null,
  task_identifier text default null,
  queue_name text default null,
  search text default null,
  after_id bigint default null,
  page_size integer default 50
)
returns setof :GRAPHILE_WORKER_SCHEMA.job_summary
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
-- Reads that the planner costs high but that stop early: compiling them
-- (JIT) would take longer than running them.
set jit = off
as $$
declare
  v_now timestamptz := pg_catalog.now();
  v_search text := lower(nullif(list_jobs.search, ''));
  v_search_id bigint;
  v_payload boolean := false;
  v_chunk constant bigint := 10000;
  v_budget constant interval := '50 milliseconds';
  v_oldest bigint;
  v_top bigint;
  v_bottom bigint;
  v_rows integer;
  v_found integer := 0;
  v_started timestamptz;
begin
  -- 1. Refuse bad input.
  if list_jobs.state is not null and list_jobs.state <> all(:GRAPHILE_WORKER_SCHEMA._job_states()) then
    raise exception 'list_jobs: state must be null or one of % (got %)',
      array_to_string(:GRAPHILE_WORKER_SCHEMA._job_states(), ', '), quote_literal(list_jobs.state)
      using errcode = '22023';
  end if;
  if list_jobs.page_size is null or list_jobs.page_size not between 1 and 500 then
    raise exception 'list_jobs: page_size must be between 1 and 500 (got %)', coalesce(list_jobs.page_size::text, 'null')
      using errcode = '22023';
  end if;
  if length(list_jobs.search) > 1000 then
    raise exception 'list_jobs: search must be at most 1000 characters (got %)', length(list_jobs.search)
      using errcode = '22001';
  end if;

  -- 2. What the search looks at.
  if v_search ~ '^[0-9]{1,18}$' then
    v_search_id := v_search::bigint;
  end if;
  if v_search is not null then
    select pg_catalog.has_function_privilege(session_user, procs.oid, 'execute')
    into v_payload
    from pg_catalog.pg_proc as procs
    where procs.proname = 'get_job'
      and procs.pronargs = 1
      and procs.pronamespace = (
        select types.typnamespace from pg_catalog.pg_type as types
        where types.oid = pg_catalog.pg_typeof(null:::GRAPHILE_WORKER_SCHEMA.job_summary));
    v_payload := coalesce(v_payload, false);
  end if;

  -- 3. Running jobs (few): through their own index.
  if list_jobs.state = 'running' then
    return query
    select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at, jobs.attempts,
    jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key, jobs.locked_at,
    jobs.locked_by, jobs.revision, jobs.flags,
    :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now)
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null
      and (list_jobs.after_id is null or jobs.id < list_jobs.after_id)
      and (list_jobs.task_identifier is null or jobs.task_identifier = list_jobs.task_identifier)
      and (list_jobs.queue_name is null or jobs.queue_name = list_jobs.queue_name)
      and (v_search is null
        or jobs.id = v_search_id
        or strpos(lower(jobs.task_identifier), v_search) > 0
        or strpos(lower(jobs.queue_name), v_search) > 0
        or strpos(lower(jobs.key), v_search) > 0
        or strpos(lower(jobs.last_error), v_search) > 0
        or (v_payload and strpos(lower(jobs.payload::text), v_search) > 0))
    order by jobs.id desc
    limit list_jobs.page_size;
    return;
  end if;

  -- 4. No filter: the newest jobs below after_id.
  if list_jobs.state is null and list_jobs.task_identifier is null and list_jobs.queue_name is null
    and v_search is null then
    return query
    select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at, jobs.attempts,
    jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key, jobs.locked_at,
    jobs.locked_by, jobs.revision, jobs.flags,
    :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now)
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where list_jobs.after_id is null or jobs.id < list_jobs.after_id
    order by jobs.id desc
    limit list_jobs.page_size;
    return;
  end if;

  -- 5. Filtered: the matches, 10,000 ids at a time below after_id (or the
  --    newest job), for 50 ms at most. A page that is not full when the
  --    time is up ends with the marker row (state 'continue', id: where
  --    to go on from).
  select min(jobs.id), max(jobs.id) + 1 into v_oldest, v_top
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs;
  v_top := coalesce(list_jobs.after_id, v_top);
  v_started := clock_timestamp();
  while v_top > v_oldest loop
    v_bottom := v_top - v_chunk;
    return query
    select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at, jobs.attempts,
      jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key, jobs.locked_at,
      jobs.locked_by, jobs.revision, jobs.flags,
      :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now)
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id < v_top
      and jobs.id >= v_bottom
      and (list_jobs.state is null
        or :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now)
          = list_jobs.state)
      and (list_jobs.task_identifier is null or jobs.task_identifier = list_jobs.task_identifier)
      and (list_jobs.queue_name is null or jobs.queue_name = list_jobs.queue_name)
      and (v_search is null
        or jobs.id = v_search_id
        or strpos(lower(jobs.task_identifier), v_search) > 0
        or strpos(lower(jobs.queue_name), v_search) > 0
        or strpos(lower(jobs.key), v_search) > 0
        or strpos(lower(jobs.last_error), v_search) > 0
        or (v_payload and strpos(lower(jobs.payload::text), v_search) > 0))
    order by jobs.id desc
    limit list_jobs.page_size - v_found;
    get diagnostics v_rows = row_count;
    v_found := v_found + v_rows;
    exit when v_found >= list_jobs.page_size or v_bottom <= v_oldest;
    if clock_timestamp() - v_started > v_budget then
      return query
      select v_bottom, null::text, null::text, null::smallint, null::timestamptz, null::smallint, null::smallint,
        null::text, null::timestamptz, null::timestamptz, null::text, null::timestamptz, null::text, null::integer,
        null::jsonb, 'continue'::text;
      return;
    end if;
    v_top := v_bottom;
  end loop;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.list_jobs is
  'Read API: jobs without payload, newest first, filtered by state, task, queue and a text search, keyset-paginated by after_id (the last id of the previous page); page_size 1 to 500; a filtered page looks for 50 ms at most and then ends with a marker row (state continue, id: the after_id to go on with).';

-- Read API: one job, payload included, with its state (see _job_state); no
-- row when there is no such job. Grant it only to roles that may read
-- payloads (get_job_summary is the same without the payload).
create function :GRAPHILE_WORKER_SCHEMA.get_job(job_id bigint)
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
  updated_at timestamptz,
  key text,
  locked_at timestamptz,
  locked_by text,
  revision integer,
  flags jsonb,
  state text
)
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.payload, jobs.priority, jobs.run_at,
    jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key,
    jobs.locked_at, jobs.locked_by, jobs.revision, jobs.flags,
    :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, pg_catalog.now())
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.id = get_job.job_id
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.get_job is
  'Read API: one job with its payload and state; no row if there is none.';

-- Read API: one job without its payload (for roles that may not read
-- payloads), with its state; no row when there is no such job.
create function :GRAPHILE_WORKER_SCHEMA.get_job_summary(job_id bigint)
returns setof :GRAPHILE_WORKER_SCHEMA.job_summary
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at, jobs.attempts,
    jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key, jobs.locked_at,
    jobs.locked_by, jobs.revision, jobs.flags,
    :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, pg_catalog.now())
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.id = get_job_summary.job_id
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.get_job_summary is
  'Read API: one job without its payload, with its state; no row if there is none.';

-- Read API: every named queue, by name: its waiting jobs (not running, with
-- attempts left, due or not; counted up to 1,000: waiting_capped says the
-- queue has more; job_counts estimates beyond), its running jobs, who holds it and since when, whether
-- it is paused, and its head (the waiting job it runs next).
create function :GRAPHILE_WORKER_SCHEMA.list_queues()
returns table (
  queue_name text,
  waiting bigint,
  running bigint,
  locked_by text,
  locked_at timestamptz,
  paused boolean,
  head_job_id bigint,
  waiting_capped boolean
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
-- Reads that the planner costs high but that stop early: compiling them
-- (JIT) would take longer than running them.
set jit = off
set enable_bitmapscan = off
as $$
declare
  v_cap constant integer := 1000;
begin
  return query
  select queues.queue_name, least(waiting.n, v_cap), coalesce(running.n, 0), queues.locked_by,
    queues.locked_at, queues.paused, head.id, waiting.n > v_cap
  from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
  cross join lateral (
    select count(*) as n from (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.queue_name = queues.queue_name
        and jobs.locked_at is null
        and jobs.attempts < jobs.max_attempts
      limit v_cap + 1
    ) as queued
  ) as waiting
  left join lateral (
    select count(*) as n
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null
      and jobs.locked_by = queues.locked_by
      and jobs.queue_name = queues.queue_name
  ) as running on true
  left join lateral (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.queue_name = queues.queue_name
      and jobs.locked_at is null
      and jobs.attempts < jobs.max_attempts
    order by jobs.priority, jobs.run_at, jobs.id
    limit 1
  ) as head on true
  order by queues.queue_name;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.list_queues is
  'Read API: named queues with their waiting (up to 1,000) and running jobs, lock holder, paused flag and head job.';

-- Read API: the workers: every registered one (deregistered ones too, until
-- the sweep removes them: stopped_at is set), and every worker id that
-- holds a lock without being registered (0.1 runners, or workers swept
-- away). stale: a sweep with this threshold would take it for dead (its
-- heartbeat, or for an unregistered holder its oldest lock, is older than
-- the threshold, and a registered worker's heartbeat older than twice its
-- interval). jobs_locked, queues_locked: the locks it holds.
create function :GRAPHILE_WORKER_SCHEMA.list_workers(threshold interval default '5 minutes')
returns table (
  worker_id text,
  registered boolean,
  started_at timestamptz,
  last_heartbeat_at timestamptz,
  heartbeat_interval interval,
  stopped_at timestamptz,
  metadata jsonb,
  stale boolean,
  jobs_locked bigint,
  queues_locked bigint,
  oldest_locked_at timestamptz
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
-- Reads that the planner costs high but that stop early: compiling them
-- (JIT) would take longer than running them.
set jit = off
as $$
begin
  if list_workers.threshold is null or list_workers.threshold <= interval '0'
    or list_workers.threshold > interval '100 years' then
    raise exception 'list_workers: threshold must be a positive interval of at most 100 years (got %)',
      coalesce(list_workers.threshold::text, 'null')
      using errcode = '22023';
  end if;
  return query
  with locks as (
    select jobs.locked_by as holder, jobs.locked_at, 1 as job, 0 as queue
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null and jobs.locked_by is not null
    union all
    select queues.locked_by, queues.locked_at, 0, 1
    from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    where queues.locked_at is not null and queues.locked_by is not null
  ),
  holders as (
    select locks.holder, sum(locks.job)::bigint as jobs, sum(locks.queue)::bigint as queues,
      min(locks.locked_at) as oldest
    from locks
    group by locks.holder
  )
  select coalesce(workers.worker_id, holders.holder), workers.worker_id is not null,
    workers.started_at, workers.last_heartbeat_at, workers.heartbeat_interval, workers.stopped_at,
    workers.metadata,
    case
      when workers.worker_id is not null then
        workers.last_heartbeat_at < pg_catalog.now() - list_workers.threshold
        and workers.last_heartbeat_at < pg_catalog.now() - 2 * workers.heartbeat_interval
      else holders.oldest < pg_catalog.now() - list_workers.threshold
    end,
    coalesce(holders.jobs, 0), coalesce(holders.queues, 0), holders.oldest
  from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  full join holders on holders.holder = workers.worker_id
  order by 1;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.list_workers is
  'Read API: registered workers and unregistered lock holders, with heartbeats, registered interval, the locks they hold, and whether a sweep with threshold would take them for dead.';

-- Admin: pauses a named queue: no worker fetches its jobs (get_jobs, get_jobs_v2)
-- until resume_queue; they stay waiting. A job already running finishes.
-- A named queue without jobs can be paused ahead of them. Returns whether this
-- call paused it (false: it was paused already). Takes effect for fetches
-- that start after it commits.
create function :GRAPHILE_WORKER_SCHEMA.pause_queue(queue_name text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_changed integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_name('pause_queue', 'queue_name', pause_queue.queue_name);
  insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues as known (queue_name, paused)
  values (pause_queue.queue_name, true)
  on conflict on constraint _private_job_queues_pkey do update set paused = true
  where not known.paused;
  get diagnostics v_changed = row_count;
  return v_changed > 0;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.pause_queue is
  'Admin: pauses a named queue (no worker fetches its jobs until resume_queue); returns whether it was not paused before.';

-- Admin: resumes a named queue paused by pause_queue, and wakes the workers
-- (as add_job does). Returns whether this call resumed it (false: it was
-- not paused).
create function :GRAPHILE_WORKER_SCHEMA.resume_queue(queue_name text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_changed integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_name('resume_queue', 'queue_name', resume_queue.queue_name);
  update :GRAPHILE_WORKER_SCHEMA._private_job_queues as known
  set paused = false
  where known.queue_name = resume_queue.queue_name
    and known.paused;
  get diagnostics v_changed = row_count;
  if v_changed > 0 then
    perform pg_notify('jobs:insert', json_build_object('count', 0)::text);
  end if;
  return v_changed > 0;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.resume_queue is
  'Admin: resumes a paused named queue and wakes the workers; returns whether it was paused.';

-- Admin: pauses a task: no worker fetches its jobs (get_jobs, get_jobs_v2)
-- until resume_task; they stay waiting. A job already running finishes.
-- A task without jobs can be paused ahead of them. Returns whether this
-- call paused it (false: it was paused already). Takes effect for fetches
-- that start after it commits.
create function :GRAPHILE_WORKER_SCHEMA.pause_task(task_identifier text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_changed integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_name('pause_task', 'task_identifier', pause_task.task_identifier);
  insert into :GRAPHILE_WORKER_SCHEMA._private_tasks as known (identifier, paused)
  values (pause_task.task_identifier, true)
  on conflict on constraint _private_tasks_pkey do update set paused = true
  where not known.paused;
  get diagnostics v_changed = row_count;
  return v_changed > 0;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.pause_task is
  'Admin: pauses a task (no worker fetches its jobs until resume_task); returns whether it was not paused before.';

-- Admin: resumes a task paused by pause_task, and wakes the workers
-- (as add_job does). Returns whether this call resumed it (false: it was
-- not paused).
create function :GRAPHILE_WORKER_SCHEMA.resume_task(task_identifier text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_changed integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_name('resume_task', 'task_identifier', resume_task.task_identifier);
  update :GRAPHILE_WORKER_SCHEMA._private_tasks as known
  set paused = false
  where known.identifier = resume_task.task_identifier
    and known.paused;
  get diagnostics v_changed = row_count;
  if v_changed > 0 then
    perform pg_notify('jobs:insert', json_build_object('count', 0)::text);
  end if;
  return v_changed > 0;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.resume_task is
  'Admin: resumes a paused task and wakes the workers; returns whether it was paused.';

-- Nothing in the schema is callable or readable by default: grant each
-- capability to the roles that need it (see the README's "Privileges").
revoke all on all functions in schema :GRAPHILE_WORKER_SCHEMA from public;
