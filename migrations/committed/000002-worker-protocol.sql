--! Previous: sha1:52bb167a5bd7fbd546aba77f5d6bd9082807f973
--! Hash: sha1:5d6470cb1730fc4d8d5a622c8b13f1beae3c91ea
--! Message: worker protocol

-- The worker protocol (get_jobs, worker_complete_jobs, worker_fail_jobs,
-- worker_return_jobs, release_stale_locks) and crash recovery (the worker
-- registry and sweep_stale_workers).

-- The worker registry: running workers heartbeat here, so that the jobs of
-- a worker that stopped can be recovered (sweep_stale_workers) without
-- waiting for the 4-hour lock expiry.
create table :GRAPHILE_WORKER_SCHEMA._private_workers (
  worker_id text primary key
    constraint _private_workers_worker_id_check check (length(worker_id) between 1 and 128),
  started_at timestamptz not null default now(),
  last_heartbeat_at timestamptz not null default now(),
  metadata jsonb
);
comment on table :GRAPHILE_WORKER_SCHEMA._private_workers is
  'Registered workers and their last heartbeat (database clock).';
comment on column :GRAPHILE_WORKER_SCHEMA._private_workers.metadata is
  'What the worker says about itself (host, pid, tasks).';

-- One row: locked by the running sweep (so only one runs at a time) and
-- remembering the last one.
create table :GRAPHILE_WORKER_SCHEMA._private_sweeps (
  singleton boolean primary key default true
    constraint _private_sweeps_singleton_check check (singleton),
  last_swept_at timestamptz,
  last_result jsonb
);
insert into :GRAPHILE_WORKER_SCHEMA._private_sweeps (singleton) values (true);
comment on table :GRAPHILE_WORKER_SCHEMA._private_sweeps is
  'The stale-worker sweep: its row lock keeps sweeps one at a time; it records the last sweep.';

-- Refuses a missing or malformed worker id, naming the calling function.
create function :GRAPHILE_WORKER_SCHEMA._check_worker_id(caller text, worker_id text)
returns void
language plpgsql
immutable
set search_path to ''
as $$
begin
  if worker_id is null then
    raise exception '%: worker_id must not be null', caller using errcode = '22004';
  end if;
  if worker_id = '' then
    raise exception '%: worker_id must not be empty', caller using errcode = '22023';
  end if;
  if length(worker_id) > 128 then
    raise exception '%: worker_id must be at most 128 characters (got %)', caller, length(worker_id)
      using errcode = '22001';
  end if;
end;
$$;

-- Deletes the jobs worker_id holds among job_ids and releases their queues;
-- returns the ids it deleted. Shared by worker_complete_jobs and get_jobs.
create function :GRAPHILE_WORKER_SCHEMA._complete_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language sql
volatile
set search_path to ''
as $$
  with completed as (
    delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(_complete_jobs.job_ids)
      and jobs.locked_by = _complete_jobs.worker_id
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

-- Worker protocol: the jobs succeeded. Deletes the ones this worker still
-- holds and releases their queues; returns the ids it deleted.
create function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_complete_jobs', worker_complete_jobs.worker_id);
  if worker_complete_jobs.job_ids is null then
    raise exception 'worker_complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;

  return query
  select :GRAPHILE_WORKER_SCHEMA._complete_jobs(worker_complete_jobs.worker_id, worker_complete_jobs.job_ids);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs is
  'Worker protocol: deletes the finished jobs this worker holds and releases their queues.';

-- Worker protocol: the jobs failed. For each job this worker still holds:
-- unlock it, release its queue, keep the attempt, record the error, retry
-- after exp(least(attempts, 10)) seconds, and, when given, replace the
-- payload (a batch job whose failed items alone are retried).
create function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs(
  worker_id text,
  job_ids bigint[],
  error_messages text[],
  replacement_payloads json[] default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_fail_jobs', worker_fail_jobs.worker_id);
  if worker_fail_jobs.job_ids is null then
    raise exception 'worker_fail_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  if cardinality(worker_fail_jobs.error_messages) is distinct from cardinality(worker_fail_jobs.job_ids) then
    raise exception 'worker_fail_jobs: error_messages must have one message per job id (got % for % ids)',
      coalesce(cardinality(worker_fail_jobs.error_messages)::text, 'null'), cardinality(worker_fail_jobs.job_ids)
      using errcode = '22023';
  end if;
  if worker_fail_jobs.replacement_payloads is not null
    and cardinality(worker_fail_jobs.replacement_payloads) <> cardinality(worker_fail_jobs.job_ids) then
    raise exception 'worker_fail_jobs: replacement_payloads must have one entry (or null) per job id (got % for % ids)',
      cardinality(worker_fail_jobs.replacement_payloads), cardinality(worker_fail_jobs.job_ids)
      using errcode = '22023';
  end if;

  return query
  with failed as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set last_error = coalesce(failure.message, 'unknown error'),
        run_at = greatest(pg_catalog.now(), jobs.run_at)
          + exp(least(jobs.attempts, 10)) * interval '1 second',
        payload = coalesce(failure.payload, jobs.payload),
        locked_at = null,
        locked_by = null,
        updated_at = pg_catalog.now()
    from unnest(worker_fail_jobs.job_ids, worker_fail_jobs.error_messages, worker_fail_jobs.replacement_payloads)
      as failure(id, message, payload)
    where jobs.id = failure.id
      and jobs.locked_by = worker_fail_jobs.worker_id
    returning jobs.*
  ),
  released as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.queue_name in (select failed.queue_name from failed)
      and queues.locked_by = worker_fail_jobs.worker_id
  )
  select failed.* from failed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs is
  'Worker protocol: records failures of jobs this worker holds and schedules their retries with exponential backoff.';

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
  select :GRAPHILE_WORKER_SCHEMA._return_jobs(worker_return_jobs.worker_id, worker_return_jobs.job_ids);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs is
  'Worker protocol: gives back unstarted jobs this worker holds, undoing their attempt.';

-- Worker protocol: after a fetch whose reply was lost (the connection broke
-- after get_jobs committed), the worker holds jobs it never received. It
-- gives back every job it holds except those it knows about; their attempt
-- is undone, their queues released.
create function :GRAPHILE_WORKER_SCHEMA.worker_return_unknown_jobs(worker_id text, known_job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_return_unknown_jobs', worker_return_unknown_jobs.worker_id);
  if worker_return_unknown_jobs.known_job_ids is null then
    raise exception 'worker_return_unknown_jobs: known_job_ids must not be null' using errcode = '22004';
  end if;

  return query
  select :GRAPHILE_WORKER_SCHEMA._return_jobs(
    worker_return_unknown_jobs.worker_id,
    array(
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.locked_by = worker_return_unknown_jobs.worker_id
        and jobs.locked_at is not null
        and jobs.id <> all(worker_return_unknown_jobs.known_job_ids)
    )
  );
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_unknown_jobs is
  'Worker protocol: gives back the jobs this worker holds but never received (a lost fetch reply), except known_job_ids.';

-- Releases locks older than 4 hours, so that a lost lock never blocks a job
-- or a queue forever. The job's attempt stays counted; it runs again now.
create function :GRAPHILE_WORKER_SCHEMA.release_stale_locks()
returns table (jobs_released integer, queues_released integer)
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  return query
  with released_jobs as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set locked_at = null,
        locked_by = null,
        run_at = greatest(jobs.run_at, pg_catalog.now()),
        last_error = format('lock held by worker %s since %s expired after 4 hours', jobs.locked_by, jobs.locked_at),
        updated_at = pg_catalog.now()
    where jobs.locked_at < pg_catalog.now() - interval '4 hours'
    returning 1
  ),
  released_queues as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.locked_at < pg_catalog.now() - interval '4 hours'
    returning 1
  )
  select (select count(*)::integer from released_jobs), (select count(*)::integer from released_queues);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.release_stale_locks is
  'Releases job and queue locks older than 4 hours (the worker is presumed lost); returns how many.';

-- Registers a worker or records that it is alive. Returns false when the
-- worker was not registered: its first heartbeat, or its first after a
-- sweep declared it dead and recovered its jobs.
create function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat(worker_id text, metadata jsonb default null)
returns boolean
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_heartbeat', worker_heartbeat.worker_id);

  update :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  set last_heartbeat_at = pg_catalog.now(),
      metadata = coalesce(worker_heartbeat.metadata, workers.metadata)
  where workers.worker_id = worker_heartbeat.worker_id;
  if found then
    return true;
  end if;

  insert into :GRAPHILE_WORKER_SCHEMA._private_workers as workers (worker_id, metadata)
  values (worker_heartbeat.worker_id, worker_heartbeat.metadata)
  on conflict on constraint _private_workers_pkey do update
    set last_heartbeat_at = pg_catalog.now(),
        metadata = coalesce(excluded.metadata, workers.metadata);
  return false;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat is
  'Worker registry: registers the worker or refreshes its heartbeat; false means it was not registered.';

-- A worker stopping cleanly removes itself from the registry.
create function :GRAPHILE_WORKER_SCHEMA.worker_deregister(worker_id text)
returns boolean
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_deregister', worker_deregister.worker_id);
  delete from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  where workers.worker_id = worker_deregister.worker_id;
  return found;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_deregister is
  'Worker registry: removes the worker; returns whether it was registered.';

-- Every registered worker, with whether its heartbeat is older than
-- threshold (by the database clock).
create function :GRAPHILE_WORKER_SCHEMA.list_active_workers(threshold interval default '5 minutes')
returns table (
  worker_id text,
  started_at timestamptz,
  last_heartbeat_at timestamptz,
  metadata jsonb,
  is_stale boolean
)
language plpgsql
stable
security definer
set search_path to ''
as $$
begin
  if list_active_workers.threshold is null or list_active_workers.threshold <= interval '0' then
    raise exception 'list_active_workers: threshold must be a positive interval (got %)',
      coalesce(list_active_workers.threshold::text, 'null')
      using errcode = '22023';
  end if;
  return query
  select workers.worker_id, workers.started_at, workers.last_heartbeat_at, workers.metadata,
    workers.last_heartbeat_at < pg_catalog.now() - list_active_workers.threshold
  from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  order by workers.started_at, workers.worker_id;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.list_active_workers is
  'Worker registry: every registered worker, flagged stale when its heartbeat is older than threshold.';

-- Crash recovery without waiting 4 hours. Dead workers are registered
-- workers whose heartbeat is older than sweep_threshold, and lock holders
-- (of jobs or queues) that are not registered and whose locks are older
-- than sweep_threshold. Their jobs are unlocked and will run again no
-- earlier than now + recovery_delay, with last_error saying why; the
-- interrupted attempt stays counted, so a job that kills its worker every
-- time ends permanently failed. Their queues are unlocked; the dead
-- workers' rows are removed. Only one sweep runs at a time: a sweep that
-- finds another running returns another_sweep_running = true and does nothing.
-- In a dry run nothing changes and the counts are what would be recovered.
create function :GRAPHILE_WORKER_SCHEMA.sweep_stale_workers(
  sweep_threshold interval default '5 minutes',
  recovery_delay interval default '30 seconds',
  dry_run boolean default false
)
returns table (
  dead_worker_ids text[],
  jobs_recovered integer,
  queues_unlocked integer,
  another_sweep_running boolean
)
language plpgsql
volatile
security definer
set search_path to ''
as $$
declare
  v_threshold interval := sweep_stale_workers.sweep_threshold;
  v_delay interval := sweep_stale_workers.recovery_delay;
  v_dry_run boolean := coalesce(sweep_stale_workers.dry_run, false);
  v_cutoff timestamptz;
  v_registered text[];
  v_unregistered text[];
  v_jobs integer;
  v_queues integer;
begin
  if v_threshold is null or v_threshold <= interval '0' then
    raise exception 'sweep_stale_workers: sweep_threshold must be a positive interval (got %)',
      coalesce(v_threshold::text, 'null') using errcode = '22023';
  end if;
  if v_delay is null or v_delay < interval '0' then
    raise exception 'sweep_stale_workers: recovery_delay must not be negative (got %)',
      coalesce(v_delay::text, 'null') using errcode = '22023';
  end if;
  v_cutoff := pg_catalog.now() - v_threshold;

  -- 1. One sweep at a time.
  perform 1 from :GRAPHILE_WORKER_SCHEMA._private_sweeps for update skip locked;
  if not found then
    return query select '{}'::text[], 0, 0, true;
    return;
  end if;

  -- 2. Registered workers that stopped heartbeating (a worker heartbeating
  --    this very moment holds its row and is not dead).
  select coalesce(array_agg(dead.worker_id order by dead.worker_id), '{}')
  into v_registered
  from (
    select workers.worker_id
    from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.last_heartbeat_at < v_cutoff
    for update of workers skip locked
  ) as dead;

  -- 3. Unregistered holders of locks older than the threshold.
  select coalesce(array_agg(distinct holders.locked_by order by holders.locked_by), '{}')
  into v_unregistered
  from (
    select jobs.locked_by from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at < v_cutoff
    union
    select queues.locked_by from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    where queues.locked_at < v_cutoff
  ) as holders
  where holders.locked_by is not null
    and not exists (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
      where workers.worker_id = holders.locked_by
    );

  -- 4. Recover (or, in a dry run, count) their jobs and queues: every lock of
  --    a dead registered worker, the old locks of an unregistered holder.
  if v_dry_run then
    select count(*)::integer into v_jobs
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_by = any(v_registered)
      or (jobs.locked_by = any(v_unregistered) and jobs.locked_at < v_cutoff);
    select count(*)::integer into v_queues
    from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    where queues.locked_by = any(v_registered)
      or (queues.locked_by = any(v_unregistered) and queues.locked_at < v_cutoff);
  else
    with recovered as (
      update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      set locked_at = null,
          locked_by = null,
          run_at = greatest(jobs.run_at, pg_catalog.now() + v_delay),
          last_error = format(
            'recovered by sweep_stale_workers: worker %s stopped while running this job (locked at %s); the attempt counts',
            jobs.locked_by, jobs.locked_at),
          updated_at = pg_catalog.now()
      where jobs.locked_by = any(v_registered)
        or (jobs.locked_by = any(v_unregistered) and jobs.locked_at < v_cutoff)
      returning 1
    )
    select count(*)::integer into v_jobs from recovered;

    with unlocked as (
      update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
      set locked_at = null, locked_by = null
      where queues.locked_by = any(v_registered)
        or (queues.locked_by = any(v_unregistered) and queues.locked_at < v_cutoff)
      returning 1
    )
    select count(*)::integer into v_queues from unlocked;

    delete from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.worker_id = any(v_registered);

    update :GRAPHILE_WORKER_SCHEMA._private_sweeps
    set last_swept_at = pg_catalog.now(),
        last_result = jsonb_build_object(
          'dead_worker_ids', to_jsonb(v_registered || v_unregistered),
          'jobs_recovered', v_jobs,
          'queues_unlocked', v_queues);
  end if;

  return query select v_registered || v_unregistered, v_jobs, v_queues, false;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.sweep_stale_workers is
  'Recovers the jobs and queues of workers that stopped (stale heartbeat, or unregistered with old locks); one sweep at a time.';

-- Nothing in the schema is callable or readable by default: grant each
-- capability to the roles that need it (see the README's "Privileges").
revoke all on all functions in schema :GRAPHILE_WORKER_SCHEMA from public;
