--! Previous: sha1:92ba07e0cf4f6b8441a449b38531990aaa6ff901
--! Hash: sha1:c01e2011c360fb803f4c3f1891bbe52d21391fad
--! Message: trust

-- Trust: every function runs with search_path pinned to pg_catalog, pg_temp
-- (pg_temp last), so look-alike types, domains, functions and operators in
-- pg_temp or in a caller's schema change nothing; the worker protocol is
-- fenced by claim tokens (get_jobs_v2 and the *_v2 answers, worker_register,
-- worker_heartbeat_v2, worker_return_claim; the 0.1 functions keep working
-- for 0.1 runners during a rolling deploy, on the jobs they claimed);
-- named queues stay serial whatever races the fetch; keyed adds return
-- only what the caller sent; rows are locked in id order everywhere (no
-- deadlocks); cleanup locks nothing but the rows it deletes; the limits,
-- defaults and names live in one place (rules()).

alter table :GRAPHILE_WORKER_SCHEMA._private_jobs
  add column claim uuid,
  add column detached boolean not null default false;
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.claim is
  'The token of the fetch that locked the job (chosen by the worker, secret): completions, failures and give-backs must present it. Null for jobs locked through the 0.1 protocol.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.detached is
  'The job lost its key (to a newer job, or remove_job) while it was running: it finishes, but never runs again, even if its worker gives it back unstarted.';

-- A job detached by 0.1 (its last_error says so) stays detached.
update :GRAPHILE_WORKER_SCHEMA._private_jobs
set detached = true
where locked_at is not null
  and last_error = 'will not run again: its job_key was given to a newer job, or removed, while it was running';

alter table :GRAPHILE_WORKER_SCHEMA._private_workers
  add column heartbeat_interval interval not null default '30 seconds';
comment on column :GRAPHILE_WORKER_SCHEMA._private_workers.heartbeat_interval is
  'How often the worker promised to heartbeat: no sweep takes it for dead within twice this (0.1 workers: their default, 30 s).';

-- Jobs finished per minute, as workers report them with their heartbeats
-- (never a write per job): the throughput the administrative UI charts.
-- Minutes older than a week are deleted by sweep_stale_workers.
create table :GRAPHILE_WORKER_SCHEMA._private_throughput (
  minute timestamptz primary key,
  completed bigint not null default 0,
  failed bigint not null default 0
);
comment on table :GRAPHILE_WORKER_SCHEMA._private_throughput is
  'Jobs completed and failed per minute, summed from the workers'' heartbeats.';

-- The shared internals whose signatures change (claims).
drop function :GRAPHILE_WORKER_SCHEMA._complete_jobs(text, bigint[]);
drop function :GRAPHILE_WORKER_SCHEMA._return_jobs(text, bigint[]);

-- How long a lock is trusted without proof of life: jobs locked more recently
-- are running (admin functions leave them alone); older locks are released
-- (release_stale_locks). A constant the planner folds into each query.
create function :GRAPHILE_WORKER_SCHEMA._lock_lifetime()
returns interval
language sql
immutable
parallel safe
as $$
  select '4 hours'::pg_catalog.interval
$$;

-- How far ahead of the database clock a worker's `now` may be (get_jobs):
-- enough for machines whose clocks drift, not enough to read payloads of
-- jobs that are not due.
create function :GRAPHILE_WORKER_SCHEMA._max_clock_skew()
returns interval
language sql
immutable
parallel safe
as $$
  select '1 minute'::pg_catalog.interval
$$;

-- The most jobs one fetch may claim.
create function :GRAPHILE_WORKER_SCHEMA._max_batch_size()
returns integer
language sql
immutable
parallel safe
as $$
  select 10000
$$;

-- The longest task identifier, queue name or worker id, in characters.
create function :GRAPHILE_WORKER_SCHEMA._name_max_length()
returns integer
language sql
immutable
parallel safe
as $$
  select 128
$$;

-- The longest job key, in characters.
create function :GRAPHILE_WORKER_SCHEMA._key_max_length()
returns integer
language sql
immutable
parallel safe
as $$
  select 512
$$;

-- The job key modes add_job accepts, the default first.
create function :GRAPHILE_WORKER_SCHEMA._job_key_modes()
returns text[]
language sql
immutable
parallel safe
as $$
  select array['replace', 'preserve_run_at', 'unsafe_dedupe']::pg_catalog.text[]
$$;

-- The tasks cleanup knows, in the order it runs them when asked for several.
create function :GRAPHILE_WORKER_SCHEMA._cleanup_tasks()
returns text[]
language sql
immutable
parallel safe
as $$
  select array['DELETE_PERMAFAILED_JOBS', 'GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS']::pg_catalog.text[]
$$;

-- A row of _private_jobs as the public type job (without the private
-- columns). The planner inlines it: functions write `returning (_job_row(jobs)).*`.
create function :GRAPHILE_WORKER_SCHEMA._job_row(jobs :GRAPHILE_WORKER_SCHEMA._private_jobs)
returns :GRAPHILE_WORKER_SCHEMA.job
language sql
immutable
parallel safe
as $$
  select row(
    jobs.id, jobs.queue_name, jobs.task_identifier, jobs.payload, jobs.priority, jobs.run_at,
    jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key,
    jobs.locked_at, jobs.locked_by, jobs.revision, jobs.flags
  ):::GRAPHILE_WORKER_SCHEMA.job
$$;

-- The queue's limits, defaults and names in one document, so that clients
-- (the TypeScript package, the command line, workers in other languages)
-- check input by the same rules as the functions. Durations are in seconds.
create function :GRAPHILE_WORKER_SCHEMA.rules()
returns jsonb
language sql
immutable
parallel safe
security definer
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.jsonb_build_object(
    'lock_lifetime_seconds', pg_catalog.date_part('epoch', :GRAPHILE_WORKER_SCHEMA._lock_lifetime()),
    'max_clock_skew_seconds', pg_catalog.date_part('epoch', :GRAPHILE_WORKER_SCHEMA._max_clock_skew()),
    'max_batch_size', :GRAPHILE_WORKER_SCHEMA._max_batch_size(),
    'name_max_length', :GRAPHILE_WORKER_SCHEMA._name_max_length(),
    'key_max_length', :GRAPHILE_WORKER_SCHEMA._key_max_length(),
    'job_key_modes', pg_catalog.to_jsonb(:GRAPHILE_WORKER_SCHEMA._job_key_modes()),
    'cleanup_tasks', pg_catalog.to_jsonb(:GRAPHILE_WORKER_SCHEMA._cleanup_tasks()),
    'max_attempts_default', 25,
    'priority_min', -32768,
    'priority_max', 32767,
    'max_attempts_max', 32767,
    'sweep_threshold_default_seconds', 300,
    'recovery_delay_default_seconds', 30,
    'heartbeat_interval_default_seconds', 30
  )
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.rules is
  'The limits, defaults and names the functions enforce (durations in seconds), for clients to check input by.';

-- Refuses a missing or malformed worker id, naming the calling function.
create or replace function :GRAPHILE_WORKER_SCHEMA._check_worker_id(caller text, worker_id text)
returns void
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if worker_id is null then
    raise exception '%: worker_id must not be null', caller using errcode = '22004';
  end if;
  if worker_id = '' then
    raise exception '%: worker_id must not be empty', caller using errcode = '22023';
  end if;
  if length(worker_id) > :GRAPHILE_WORKER_SCHEMA._name_max_length() then
    raise exception '%: worker_id must be at most % characters (got %)',
      caller, :GRAPHILE_WORKER_SCHEMA._name_max_length(), length(worker_id)
      using errcode = '22001';
  end if;
  if worker_id ~ '[\x01-\x1f\x7f-\x9f]' then
    raise exception '%: worker_id must not contain control characters (got %)', caller, quote_literal(worker_id)
      using errcode = '22023';
  end if;
end;
$$;

-- The last_error of a running job whose key was taken by a newer job (or
-- removed): it finishes, but never runs again (its `detached` column says so).
create or replace function :GRAPHILE_WORKER_SCHEMA._detached_error()
returns text
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select 'will not run again: its job_key was given to a newer job, or removed, while it was running'::text
$$;

-- The first rule a job spec breaks, as 'sqlstate|argument|rule', or null.
-- A plain expression with every name schema-qualified and no SET clause, so
-- that the planner inlines it (into a scan over a whole batch) and no
-- search_path can change what it means. Only the queue's own functions,
-- whose search_path is pinned, may call it.
create or replace function :GRAPHILE_WORKER_SCHEMA._job_spec_problem(
  identifier text,
  queue_name text,
  job_key text,
  max_attempts smallint,
  flags text[]
)
returns text
language sql
stable
as $$
  select case
    when identifier is null then '22004|identifier|must not be null'
    when identifier operator(pg_catalog.=) '' then '22023|identifier|must not be empty'
    when pg_catalog.length(identifier) operator(pg_catalog.>) :GRAPHILE_WORKER_SCHEMA._name_max_length()
      then pg_catalog.format('22001|identifier|must be at most %s characters (got %s)',
        :GRAPHILE_WORKER_SCHEMA._name_max_length(), pg_catalog.length(identifier))
    when queue_name operator(pg_catalog.=) '' then '22023|queue_name|must not be empty'
    when pg_catalog.length(queue_name) operator(pg_catalog.>) :GRAPHILE_WORKER_SCHEMA._name_max_length()
      then pg_catalog.format('22001|queue_name|must be at most %s characters (got %s)',
        :GRAPHILE_WORKER_SCHEMA._name_max_length(), pg_catalog.length(queue_name))
    when job_key operator(pg_catalog.=) '' then '22023|job_key|must not be empty'
    when pg_catalog.length(job_key) operator(pg_catalog.>) :GRAPHILE_WORKER_SCHEMA._key_max_length()
      then pg_catalog.format('22001|job_key|must be at most %s characters (got %s)',
        :GRAPHILE_WORKER_SCHEMA._key_max_length(), pg_catalog.length(job_key))
    when max_attempts operator(pg_catalog.<) 1
      then pg_catalog.format('22023|max_attempts|must be at least 1 (got %s)', max_attempts)
    when pg_catalog.array_position(flags, null) is not null then '22004|flags|must not contain null'
    when pg_catalog.array_position(flags, '') is not null then '22023|flags|must not contain an empty string'
  end
$$;

-- The one implementation behind add_job and add_jobs.
--
-- job_key_mode is 'replace', 'preserve_run_at' or 'unsafe_dedupe'; caller
-- ('add_job' or 'add_jobs') names the entry point in error messages.
--
-- A keyed spec always ends in exactly one documented outcome, however workers
-- and other adders race it: the key's row is locked before it is judged, and
-- a key that moved between two statements is simply tried again. Existing
-- rows are locked in id order, as every function that locks several jobs
-- does, so that adders, workers and administrators never deadlock.
--
-- The rows returned disclose nothing the caller did not send: a keyed add
-- that lands on an existing job returns that job's id, key and revision, and
-- otherwise the caller's own values (its payload, not the merged batch).
create or replace function :GRAPHILE_WORKER_SCHEMA._add_jobs(
  specs :GRAPHILE_WORKER_SCHEMA.job_spec[],
  job_key_mode text,
  caller text
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_bad_ord bigint;
  v_any_key boolean;
  v_any_queue boolean;
  v_spec :GRAPHILE_WORKER_SCHEMA.job_spec;
  v_problem text;
  v_bad record;
  v_unkeyed :GRAPHILE_WORKER_SCHEMA.job[];
  v_keyed :GRAPHILE_WORKER_SCHEMA.job[] := '{}';
  v_done :GRAPHILE_WORKER_SCHEMA.job[];
  v_todo bigint[];
  v_rounds int := 0;
  v_changed int := 0;
begin
  -- 1. Refuse bad input before anything is written.
  if _add_jobs.specs is null then
    raise exception '%: specs must not be null', caller using errcode = '22004';
  end if;
  if cardinality(_add_jobs.specs) = 0 then
    raise exception '%: specs must contain at least one job', caller using errcode = '22023';
  end if;

  -- One pass over the batch: the first spec that breaks a rule, whether any
  -- spec has a key, whether any names a queue.
  select
    min(s.ord) filter (where :GRAPHILE_WORKER_SCHEMA._job_spec_problem(s.identifier, s.queue_name, s.job_key, s.max_attempts, s.flags) is not null),
    coalesce(bool_or(s.job_key is not null), false),
    coalesce(bool_or(s.queue_name is not null), false)
  into v_bad_ord, v_any_key, v_any_queue
  from unnest(_add_jobs.specs) with ordinality
    as s(identifier, payload, queue_name, run_at, max_attempts, job_key, priority, flags, ord);

  if v_bad_ord is not null then
    v_spec := _add_jobs.specs[v_bad_ord];
    v_problem := :GRAPHILE_WORKER_SCHEMA._job_spec_problem(
      v_spec.identifier, v_spec.queue_name, v_spec.job_key, v_spec.max_attempts, v_spec.flags);
    raise exception using
      errcode = split_part(v_problem, '|', 1),
      message = format('%s: %s%s %s', caller,
        case when caller = 'add_jobs' then format('specs[%s].', v_bad_ord) else '' end,
        split_part(v_problem, '|', 2),
        split_part(v_problem, '|', 3));
  end if;

  if v_any_key then
    select dup.job_key, dup.first_ord, dup.second_ord
    into v_bad
    from (
      select s.job_key, min(s.ord) as first_ord,
        (array_agg(s.ord order by s.ord))[2] as second_ord
      from unnest(_add_jobs.specs) with ordinality
        as s(identifier, payload, queue_name, run_at, max_attempts, job_key, priority, flags, ord)
      where s.job_key is not null
      group by s.job_key
      having count(*) > 1
    ) as dup
    order by dup.second_ord
    limit 1;
    if found then
      raise exception '%: specs[%].job_key % repeats specs[%].job_key; a batch may use each key once',
        caller, v_bad.second_ord, quote_literal(v_bad.job_key), v_bad.first_ord
        using errcode = '21000';
    end if;
  end if;

  -- 2. Register the task identifiers and named queues (in name order, so
  --    that concurrent adders wait for each other instead of deadlocking).
  --    The registry is for people; jobs carry both names themselves, and
  --    get_jobs recreates a queue row that cleanup removed meanwhile.
  insert into :GRAPHILE_WORKER_SCHEMA._private_tasks (identifier)
  select distinct s.identifier from unnest(_add_jobs.specs) as s
  order by 1
  on conflict do nothing;

  if v_any_queue then
    insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name)
    select distinct s.queue_name from unnest(_add_jobs.specs) as s
    where s.queue_name is not null
    order by 1
    on conflict do nothing;
  end if;

  -- 3. The common case: no keys, one insert, rows back in batch order.
  if not v_any_key then
    return query
    insert into :GRAPHILE_WORKER_SCHEMA._private_jobs
      (queue_name, task_identifier, payload, priority, run_at, max_attempts, flags)
    select s.queue_name, s.identifier, s.payload, s.priority, s.run_at, s.max_attempts, s.flags
    from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
    returning (:GRAPHILE_WORKER_SCHEMA._job_row(_private_jobs)).*;
    perform pg_notify('jobs:insert', json_build_object('count', cardinality(_add_jobs.specs))::text);
    return;
  end if;

  -- 4. Jobs without a key: one insert (ids follow batch order).
  with inserted as (
    insert into :GRAPHILE_WORKER_SCHEMA._private_jobs
      (queue_name, task_identifier, payload, priority, run_at, max_attempts, flags)
    select s.queue_name, s.identifier, s.payload, s.priority, s.run_at, s.max_attempts, s.flags
    from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
    where s.job_key is null
    returning (:GRAPHILE_WORKER_SCHEMA._job_row(_private_jobs)).*
  )
  select coalesce(array_agg(row(inserted.*):::GRAPHILE_WORKER_SCHEMA.job order by inserted.id), '{}')
  into v_unkeyed
  from inserted;

  -- 5. Keyed jobs: settle each key, retrying keys that moved under us.
  v_todo := array(
    select s.ord from unnest(_add_jobs.specs) with ordinality
      as s(identifier, payload, queue_name, run_at, max_attempts, job_key, priority, flags, ord)
    where s.job_key is not null
  );
  loop
    v_rounds := v_rounds + 1;
    if v_rounds > 100 then
      raise exception '%: job keys kept changing under concurrent updates; try again', caller
        using errcode = '40001';
    end if;

    -- 5a. A free key: insert a new job (in key order, so that concurrent
    --     batches wait for each other instead of deadlocking).
    with inserted as (
      insert into :GRAPHILE_WORKER_SCHEMA._private_jobs
        (queue_name, task_identifier, payload, priority, run_at, max_attempts, key, flags)
      select s.queue_name, s.identifier, s.payload, s.priority, s.run_at, s.max_attempts, s.job_key, s.flags
      from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
      join unnest(v_todo) as todo(ord) on todo.ord = s.ord
      order by s.job_key
      on conflict (key) where key is not null do nothing
      returning (:GRAPHILE_WORKER_SCHEMA._job_row(_private_jobs)).*
    )
    select coalesce(array_agg(row(inserted.*):::GRAPHILE_WORKER_SCHEMA.job), '{}')
    into v_done
    from inserted;
    v_keyed := v_keyed || v_done;
    v_changed := v_changed + cardinality(v_done);
    v_todo := array(
      select s.ord from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
      join unnest(v_todo) as todo(ord) on todo.ord = s.ord
      where s.job_key not in (select d.key from unnest(v_done) as d)
    );
    exit when cardinality(v_todo) = 0;

    -- 5b. Lock the jobs holding the keys, in id order.
    perform 1
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.key in (
      select s.job_key from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
      join unnest(v_todo) as todo(ord) on todo.ord = s.ord
    )
    order by jobs.id
    for update;

    if job_key_mode = 'unsafe_dedupe' then
      -- 5c. unsafe_dedupe: the existing job only counts one more revision;
      --     the caller learns its id, key and revision, and its own values.
      with bumped as (
        update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
        set revision = jobs.revision + 1
        from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
        join unnest(v_todo) as todo(ord) on todo.ord = s.ord
        where jobs.key = s.job_key
        returning jobs.id, s.queue_name, s.identifier, s.payload, s.priority, s.run_at, s.max_attempts,
          jobs.key, jobs.revision, s.flags
      )
      select coalesce(array_agg(row(
        bumped.id, bumped.queue_name, bumped.identifier, bumped.payload, bumped.priority, bumped.run_at,
        0::smallint, bumped.max_attempts, null::text, now(), now(), bumped.key, null::timestamptz, null::text,
        bumped.revision, bumped.flags
      ):::GRAPHILE_WORKER_SCHEMA.job), '{}')
      into v_done
      from bumped;
    else
      -- 5d. A waiting job (not running, not permanently failed) is updated in
      --     place; two array payloads are concatenated (batch jobs). The
      --     caller gets back the payload it sent.
      with updated as (
        update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
        set
          queue_name = s.queue_name,
          task_identifier = s.identifier,
          payload = case
            when json_typeof(jobs.payload) = 'array' and json_typeof(s.payload) = 'array'
              then (jobs.payload::jsonb || s.payload::jsonb)::json
            else s.payload
          end,
          priority = s.priority,
          run_at = case
            when job_key_mode = 'preserve_run_at' and jobs.attempts = 0 then jobs.run_at
            else s.run_at
          end,
          attempts = 0,
          max_attempts = s.max_attempts,
          last_error = null,
          updated_at = now(),
          revision = jobs.revision + 1,
          flags = s.flags
        from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
        join unnest(v_todo) as todo(ord) on todo.ord = s.ord
        where jobs.key = s.job_key
          and jobs.locked_at is null
          and jobs.attempts < jobs.max_attempts
        returning jobs.id, jobs.queue_name, jobs.task_identifier, s.payload, jobs.priority, jobs.run_at,
          jobs.attempts, jobs.max_attempts, jobs.key, jobs.revision, jobs.flags
      )
      select coalesce(array_agg(row(
        updated.id, updated.queue_name, updated.task_identifier, updated.payload, updated.priority, updated.run_at,
        updated.attempts, updated.max_attempts, null::text, now(), now(), updated.key, null::timestamptz,
        null::text, updated.revision, updated.flags
      ):::GRAPHILE_WORKER_SCHEMA.job), '{}')
      into v_done
      from updated;
      v_changed := v_changed + cardinality(v_done);

      -- 5e. A running or permanently failed job loses its key and will not be
      --     retried; the next round inserts the new job.
      update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      set key = null,
          attempts = jobs.max_attempts,
          last_error = case
            when jobs.locked_at is not null then :GRAPHILE_WORKER_SCHEMA._detached_error()
            else jobs.last_error
          end,
          detached = jobs.detached or jobs.locked_at is not null,
          updated_at = now()
      from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
      join unnest(v_todo) as todo(ord) on todo.ord = s.ord
      where jobs.key = s.job_key
        and jobs.key not in (select d.key from unnest(v_done) as d)
        and (jobs.locked_at is not null or jobs.attempts >= jobs.max_attempts);
    end if;

    v_keyed := v_keyed || v_done;
    v_todo := array(
      select s.ord from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
      join unnest(v_todo) as todo(ord) on todo.ord = s.ord
      where s.job_key not in (select d.key from unnest(v_done) as d)
    );
    exit when cardinality(v_todo) = 0;
  end loop;

  -- 6. Wake idle workers (unless only unsafe_dedupe revisions were counted),
  --    then return one row per spec, in batch order.
  v_changed := v_changed + cardinality(v_unkeyed);
  if v_changed > 0 then
    perform pg_notify('jobs:insert', json_build_object('count', v_changed)::text);
  end if;

  return query
  with numbered as (
    select s.ord, s.job_key,
      count(*) filter (where s.job_key is null) over (order by s.ord) as nth
    from unnest(_add_jobs.specs) with ordinality
      as s(identifier, payload, queue_name, run_at, max_attempts, job_key, priority, flags, ord)
  ),
  unkeyed as (
    select row_number() over () as nth, u as job
    from unnest(v_unkeyed) as u
  ),
  keyed as (
    select k.key, k as job
    from unnest(v_keyed) as k
  )
  select (coalesce(unkeyed.job, keyed.job)).*
  from numbered
  left join unkeyed on numbered.job_key is null and unkeyed.nth = numbered.nth
  left join keyed on keyed.key = numbered.job_key
  order by numbered.ord;
end;
$$;

-- Add one job (Graphile Worker's add_job, same signature). Returns the new,
-- updated or (unsafe_dedupe) existing job; never an empty row.
create or replace function :GRAPHILE_WORKER_SCHEMA.add_job(
  identifier text,
  payload json default null,
  queue_name text default null,
  run_at timestamptz default null,
  max_attempts integer default null,
  job_key text default null,
  priority integer default null,
  flags text[] default null,
  job_key_mode text default 'replace'
)
returns :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_job :GRAPHILE_WORKER_SCHEMA.job;
begin
  -- 1. The integer arguments must fit the columns; the mode must be known.
  if add_job.max_attempts < 1 then
    raise exception 'add_job: max_attempts must be at least 1 (got %)', add_job.max_attempts
      using errcode = '22023';
  end if;
  if add_job.max_attempts > 32767 then
    raise exception 'add_job: max_attempts must be at most 32767 (got %)', add_job.max_attempts
      using errcode = '22003';
  end if;
  if add_job.priority not between -32768 and 32767 then
    raise exception 'add_job: priority must be between -32768 and 32767 (got %)', add_job.priority
      using errcode = '22003';
  end if;
  if coalesce(add_job.job_key_mode, 'replace') <> all(:GRAPHILE_WORKER_SCHEMA._job_key_modes()) then
    raise exception 'add_job: job_key_mode must be one of % (got %)',
      array_to_string(:GRAPHILE_WORKER_SCHEMA._job_key_modes(), ', '), quote_literal(add_job.job_key_mode)
      using errcode = '22023';
  end if;

  -- 2. Everything else is the batch path's.
  select * into strict v_job
  from :GRAPHILE_WORKER_SCHEMA._add_jobs(
    array[row(
      add_job.identifier,
      add_job.payload,
      add_job.queue_name,
      add_job.run_at,
      add_job.max_attempts::smallint,
      add_job.job_key,
      add_job.priority::smallint,
      add_job.flags
    ):::GRAPHILE_WORKER_SCHEMA.job_spec],
    coalesce(add_job.job_key_mode, 'replace'),
    'add_job'
  );
  return v_job;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.add_job is
  'Adds a job, or updates the waiting job with the same job_key. See the README for the job_key_mode rules.';

-- Add a batch of jobs (Graphile Worker's add_jobs, same signature). Returns
-- one job per spec, in the order of specs.
create or replace function :GRAPHILE_WORKER_SCHEMA.add_jobs(
  specs :GRAPHILE_WORKER_SCHEMA.job_spec[],
  job_key_preserve_run_at boolean default false
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language sql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
  select *
  from :GRAPHILE_WORKER_SCHEMA._add_jobs(
    add_jobs.specs,
    case when add_jobs.job_key_preserve_run_at then 'preserve_run_at' else 'replace' end,
    'add_jobs'
  )
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.add_jobs is
  'Adds a batch of jobs in one statement; job_key_preserve_run_at applies preserve_run_at to every keyed spec.';

-- Remove the job with this key (Graphile Worker's remove_job). A waiting job
-- is deleted; a running one loses its key and will not be retried.
create or replace function :GRAPHILE_WORKER_SCHEMA.remove_job(job_key text)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if remove_job.job_key is null then
    raise exception 'remove_job: job_key must not be null' using errcode = '22004';
  end if;
  if remove_job.job_key = '' then
    raise exception 'remove_job: job_key must not be empty' using errcode = '22023';
  end if;

  -- 1. Not running (or its lock is stale): delete it.
  return query
  delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.key = remove_job.job_key
    and (jobs.locked_at is null or jobs.locked_at < now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
  returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
  if found then
    perform pg_notify('jobs:insert', json_build_object('count', -1)::text);
    return;
  end if;

  -- 2. Running: let it finish, but free the key and prevent a retry.
  return query
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set key = null,
      attempts = jobs.max_attempts,
      last_error = :GRAPHILE_WORKER_SCHEMA._detached_error(),
      detached = true,
      updated_at = now()
  where jobs.key = remove_job.job_key
    and jobs.locked_at is not null
  returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.remove_job is
  'Removes the waiting job with this key; a running one keeps running but loses its key and will not be retried.';

-- Deletes the jobs worker_id holds among job_ids and releases their queues;
-- returns the ids it deleted. Each job must still be held under the claim
-- given for it (claims[i] for job_ids[i]); with claims null, the 0.1
-- protocol's rule applies instead: jobs held by worker_id without a claim.
-- Shared by worker_complete_jobs, worker_complete_jobs_v2 and the
-- completions that ride along with get_jobs and get_jobs_v2.
--
-- Rows are deleted in id order (a nested loop over the sorted answers; the
-- planner settings below keep it one), as every function that locks several
-- jobs locks them, so that workers, adders and administrators never deadlock.
create function :GRAPHILE_WORKER_SCHEMA._complete_jobs(worker_id text, job_ids bigint[], claims uuid[])
returns setof bigint
language sql
volatile
set search_path = pg_catalog, pg_temp
set enable_hashjoin = off
set enable_mergejoin = off
set enable_seqscan = off
set enable_bitmapscan = off
as $$
  with completed as (
    delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    using (
      select answer.id, answer.claim
      from unnest(_complete_jobs.job_ids, _complete_jobs.claims) as answer(id, claim)
      order by answer.id
    ) as answers
    where jobs.id = answers.id
      and jobs.locked_by = _complete_jobs.worker_id
      and jobs.locked_at is not null
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

-- Refuses the answers of a worker (ids and the claims they were fetched
-- under) unless both lists are given, of the same length, without nulls.
create function :GRAPHILE_WORKER_SCHEMA._check_answers(
  caller text,
  ids_name text,
  job_ids bigint[],
  claims_name text,
  claims uuid[]
)
returns void
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if job_ids is null then
    raise exception '%: % must not be null', caller, ids_name using errcode = '22004';
  end if;
  if claims is null then
    raise exception '%: % must not be null (one claim per job id)', caller, claims_name using errcode = '22004';
  end if;
  if cardinality(claims) <> cardinality(job_ids) then
    raise exception '%: % must have one claim per job id (got % for % ids)',
      caller, claims_name, cardinality(claims), cardinality(job_ids)
      using errcode = '22023';
  end if;
  if array_position(job_ids, null) is not null then
    raise exception '%: % must not contain null', caller, ids_name using errcode = '22004';
  end if;
  if array_position(claims, null) is not null then
    raise exception '%: % must not contain null', caller, claims_name using errcode = '22004';
  end if;
end;
$$;

-- Gives back jobs worker_id holds among job_ids, unstarted: the attempt is
-- undone (unless the job was detached while running: it must never run
-- again), the job unlocked, its queue released. Returns the ids given back.
-- Claims are checked as in _complete_jobs (null: the 0.1 protocol's rule).
-- Shared by the give-back functions of both protocols.
create function :GRAPHILE_WORKER_SCHEMA._return_jobs(worker_id text, job_ids bigint[], claims uuid[])
returns setof bigint
language sql
volatile
set search_path = pg_catalog, pg_temp
set enable_hashjoin = off
set enable_mergejoin = off
set enable_seqscan = off
set enable_bitmapscan = off
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
      and jobs.locked_by = _return_jobs.worker_id
      and jobs.locked_at is not null
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

-- Records failures of jobs worker_id holds (claims as in _complete_jobs):
-- unlock, release the queue, keep the attempt, record the error, retry after
-- exp(least(attempts, 10)) seconds. A batch job whose failed items alone are
-- to be retried gets a new payload: either given whole (the 0.1 protocol's
-- replacement_payloads, one per job, null keeping the payload) or cut from
-- its own payload by the database (failed_items: a JSON array with one entry
-- per job, null or the 0-based positions of the items to keep), so that
-- every item keeps its exact JSON text. Returns the failed jobs as they are now.
create function :GRAPHILE_WORKER_SCHEMA._fail_jobs(
  worker_id text,
  job_ids bigint[],
  claims uuid[],
  error_messages text[],
  replacement_payloads json[],
  failed_items json
)
returns setof :GRAPHILE_WORKER_SCHEMA._private_jobs
language sql
volatile
set search_path = pg_catalog, pg_temp
set enable_hashjoin = off
set enable_mergejoin = off
set enable_seqscan = off
set enable_bitmapscan = off
as $$
  with failed as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set last_error = coalesce(failure.message, 'unknown error'),
        run_at = greatest(pg_catalog.now(), jobs.run_at)
          + exp(least(jobs.attempts, 10)) * interval '1 second',
        payload = case
          when failure.payload is not null then failure.payload
          when json_typeof(failure.keep) = 'array' and json_typeof(jobs.payload) = 'array' then (
            select coalesce(json_agg(item.value order by item.position), '[]'::json)
            from json_array_elements(jobs.payload) with ordinality as item(value, position)
            where (item.position - 1)::text in (select json_array_elements_text(failure.keep))
          )
          else jobs.payload
        end,
        locked_at = null,
        locked_by = null,
        claim = null,
        updated_at = pg_catalog.now()
    from (
      select answer.id, answer.claim, answer.message, answer.payload, answer.keep
      from unnest(
        _fail_jobs.job_ids,
        _fail_jobs.claims,
        _fail_jobs.error_messages,
        _fail_jobs.replacement_payloads,
        array(select entry.value from json_array_elements(_fail_jobs.failed_items) with ordinality as entry(value, n) order by entry.n)
      ) as answer(id, claim, message, payload, keep)
      order by answer.id
    ) as failure
    where jobs.id = failure.id
      and jobs.locked_by = _fail_jobs.worker_id
      and jobs.locked_at is not null
      and jobs.claim is not distinct from failure.claim
    returning jobs.*
  ),
  released as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.queue_name in (select failed.queue_name from failed)
      and queues.locked_by = _fail_jobs.worker_id
  )
  select failed.* from failed
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
-- by the worker that locked its row.
create function :GRAPHILE_WORKER_SCHEMA._claim_jobs(
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
begin
  -- 1. Refuse bad input, and a `now` ahead of the database clock (it would
  --    hand out jobs that are not due).
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

  -- 2. Named queues that are not running and have one of the first
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
      and jobs.task_identifier = any(_claim_jobs.task_identifiers)
      and (v_forbidden is null or jobs.flags is null or not (jobs.flags ?| v_forbidden))
      and not exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as running
        where running.queue_name = jobs.queue_name and running.locked_at is not null
      )
    order by jobs.priority, jobs.run_at, jobs.id
    limit _claim_jobs.batch_size
  ) as candidates;

  if cardinality(v_queues) > 0 then
    -- 3. A queue whose row cleanup removed while a job was being added to it
    --    gets its row back, so that its jobs can run.
    insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name)
    select queue.name from unnest(v_queues) as queue(name)
    where not exists (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues where queues.queue_name = queue.name
    )
    order by queue.name
    on conflict do nothing;

    -- 4. Take the queues no other worker is taking.
    select coalesce(array_agg(free_queues.queue_name), '{}')
    into v_queues
    from (
      select queues.queue_name
      from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
      where queues.queue_name = any(v_queues)
        and queues.locked_at is null
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
            and candidate.task_identifier = any(_claim_jobs.task_identifiers)
            and (v_forbidden is null or candidate.flags is null or not (candidate.flags ?| v_forbidden))
          order by candidate.priority, candidate.run_at, candidate.id
          limit 1
        ) as head
      ) as heads on heads.id = jobs.id
      where jobs.queue_name = heads.name
        and jobs.locked_at is null
        and jobs.attempts < jobs.max_attempts
        and jobs.run_at <= v_now
        and jobs.task_identifier = any(_claim_jobs.task_identifiers)
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
      and jobs.task_identifier = any(_claim_jobs.task_identifiers)
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

-- The worker's fetch, 0.1 protocol (0.1 runners keep calling it while a
-- deploy rolls; new workers call get_jobs_v2): locks and returns up to
-- batch_size runnable jobs, at most one per named queue (see _claim_jobs),
-- without a claim token. complete_job_ids: jobs this worker finished since
-- its last call, completed first, in the same round trip.
create or replace function :GRAPHILE_WORKER_SCHEMA.get_jobs(
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
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('get_jobs', get_jobs.worker_id);
  if cardinality(get_jobs.complete_job_ids) > 0 then
    perform :GRAPHILE_WORKER_SCHEMA._complete_jobs(get_jobs.worker_id, get_jobs.complete_job_ids, null);
  end if;
  return query
  select (:GRAPHILE_WORKER_SCHEMA._job_row(claimed)).*
  from :GRAPHILE_WORKER_SCHEMA._claim_jobs(
    'get_jobs', get_jobs.worker_id, null, get_jobs.task_identifiers, get_jobs.batch_size,
    get_jobs.forbidden_flags, get_jobs.now
  ) as claimed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.get_jobs is
  'Worker protocol 0.1: locks and returns up to batch_size runnable jobs for worker_id, at most one per named queue. New workers use get_jobs_v2.';

-- The worker's fetch: locks and returns up to batch_size runnable jobs
-- (run_at <= now, not locked, attempts left, identifier in
-- task_identifiers, no forbidden flag), in order of priority, run_at, id,
-- and at most one job per named queue, locking that queue (see
-- _claim_jobs). Each job's attempts go up by one.
--
-- claim: a token the worker chooses for this fetch, fresh and random each
-- time (a version 4 uuid). It is secret: completing, failing or giving back
-- a job takes the claim it was fetched under, so no other caller can answer
-- for this worker, and a run that outlived its claim (its worker was taken
-- for dead meanwhile) changes nothing. If the reply is lost, the worker
-- gives back what it claimed with worker_return_claim(worker_id, claim).
--
-- completed_job_ids, completed_claims: jobs this worker finished since its
-- last call, completed first (as worker_complete_jobs_v2 does) in the same
-- round trip; a queue they free can be fetched from at once. Completions
-- whose claim was no longer held change nothing and raise a WARNING that
-- names them.
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
as $$
declare
  v_completed integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('get_jobs_v2', get_jobs_v2.worker_id);
  if get_jobs_v2.claim is null then
    raise exception 'get_jobs_v2: claim must not be null (a fresh random uuid for each fetch)' using errcode = '22004';
  end if;

  -- 1. Completions riding along.
  if cardinality(get_jobs_v2.completed_job_ids) > 0 then
    perform :GRAPHILE_WORKER_SCHEMA._check_answers(
      'get_jobs_v2', 'completed_job_ids', get_jobs_v2.completed_job_ids, 'completed_claims', get_jobs_v2.completed_claims);
    select count(*) into v_completed
    from :GRAPHILE_WORKER_SCHEMA._complete_jobs(
      get_jobs_v2.worker_id, get_jobs_v2.completed_job_ids, get_jobs_v2.completed_claims);
    if v_completed < cardinality(get_jobs_v2.completed_job_ids) then
      raise warning 'get_jobs_v2: % of % completions by worker % were not applied: their claims are no longer held (the worker was taken for dead, or an administrator unlocked the jobs)',
        cardinality(get_jobs_v2.completed_job_ids) - v_completed, cardinality(get_jobs_v2.completed_job_ids),
        get_jobs_v2.worker_id;
    end if;
  end if;

  -- 2. The claim.
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

-- Worker protocol 0.1: the jobs succeeded. Deletes the ones this worker
-- still holds (locked through get_jobs, without a claim) and releases their
-- queues; returns the ids it deleted. New workers use worker_complete_jobs_v2.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_complete_jobs', worker_complete_jobs.worker_id);
  if worker_complete_jobs.job_ids is null then
    raise exception 'worker_complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;

  return query
  select :GRAPHILE_WORKER_SCHEMA._complete_jobs(worker_complete_jobs.worker_id, worker_complete_jobs.job_ids, null);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs is
  'Worker protocol 0.1: deletes the finished jobs this worker holds and releases their queues.';

-- Worker protocol: the jobs succeeded. Deletes each job this worker still
-- holds under the claim it was fetched with (claims[i] for job_ids[i]) and
-- releases its queue; returns the ids it deleted. An answer whose claim is
-- no longer held (the worker was taken for dead, an administrator unlocked
-- the job) changes nothing and is missing from the result.
create function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs_v2(worker_id text, job_ids bigint[], claims uuid[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_complete_jobs_v2', worker_complete_jobs_v2.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_answers(
    'worker_complete_jobs_v2', 'job_ids', worker_complete_jobs_v2.job_ids, 'claims', worker_complete_jobs_v2.claims);

  return query
  select :GRAPHILE_WORKER_SCHEMA._complete_jobs(
    worker_complete_jobs_v2.worker_id, worker_complete_jobs_v2.job_ids, worker_complete_jobs_v2.claims);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_complete_jobs_v2 is
  'Worker protocol: deletes the finished jobs this worker holds under the given claims and releases their queues; returns the ids deleted.';

-- Worker protocol 0.1: the jobs failed. For each job this worker still
-- holds (locked through get_jobs, without a claim): unlock it, release its
-- queue, keep the attempt, record the error, retry after
-- exp(least(attempts, 10)) seconds, and, when given, replace the payload (a
-- batch job whose failed items alone are retried). New workers use
-- worker_fail_jobs_v2.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs(
  worker_id text,
  job_ids bigint[],
  error_messages text[],
  replacement_payloads json[] default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
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
  select (:GRAPHILE_WORKER_SCHEMA._job_row(failed)).*
  from :GRAPHILE_WORKER_SCHEMA._fail_jobs(
    worker_fail_jobs.worker_id, worker_fail_jobs.job_ids, null, worker_fail_jobs.error_messages,
    worker_fail_jobs.replacement_payloads, null
  ) as failed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs is
  'Worker protocol 0.1: records failures of jobs this worker holds and schedules their retries with exponential backoff.';

-- Worker protocol: the jobs failed. For each job this worker still holds
-- under the claim it was fetched with (claims[i] for job_ids[i]): unlock it,
-- release its queue, keep the attempt, record error_messages[i], and retry
-- after exp(least(attempts, 10)) seconds. failed_items, for batch jobs
-- (array payloads) whose failed items alone are to be retried: a JSON array
-- with one entry per job, null to keep the whole payload, or the 0-based
-- positions of the items that failed; the database cuts them from the
-- stored payload, so every item keeps its exact JSON text. Answers whose
-- claim is no longer held change nothing and are missing from the result.
create function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs_v2(
  worker_id text,
  job_ids bigint[],
  claims uuid[],
  error_messages text[],
  failed_items json default null
)
returns table (id bigint, attempts smallint, max_attempts smallint, run_at timestamptz)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_fail_jobs_v2', worker_fail_jobs_v2.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_answers(
    'worker_fail_jobs_v2', 'job_ids', worker_fail_jobs_v2.job_ids, 'claims', worker_fail_jobs_v2.claims);
  if cardinality(worker_fail_jobs_v2.error_messages) is distinct from cardinality(worker_fail_jobs_v2.job_ids) then
    raise exception 'worker_fail_jobs_v2: error_messages must have one message per job id (got % for % ids)',
      coalesce(cardinality(worker_fail_jobs_v2.error_messages)::text, 'null'), cardinality(worker_fail_jobs_v2.job_ids)
      using errcode = '22023';
  end if;
  if worker_fail_jobs_v2.failed_items is not null and (
    json_typeof(worker_fail_jobs_v2.failed_items) <> 'array'
    or json_array_length(worker_fail_jobs_v2.failed_items) <> cardinality(worker_fail_jobs_v2.job_ids)
  ) then
    raise exception 'worker_fail_jobs_v2: failed_items must be a JSON array with one entry (null or a list of item positions) per job id'
      using errcode = '22023';
  end if;

  return query
  select failed.id, failed.attempts, failed.max_attempts, failed.run_at
  from :GRAPHILE_WORKER_SCHEMA._fail_jobs(
    worker_fail_jobs_v2.worker_id, worker_fail_jobs_v2.job_ids, worker_fail_jobs_v2.claims,
    worker_fail_jobs_v2.error_messages, null, worker_fail_jobs_v2.failed_items
  ) as failed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs_v2 is
  'Worker protocol: records failures of jobs this worker holds under the given claims and schedules their retries with exponential backoff.';

-- Worker protocol 0.1: give back jobs fetched but never started (a worker
-- shutting down). The attempt is undone; the queue is released. Acts on
-- jobs locked through get_jobs, without a claim. New workers use
-- worker_return_jobs_v2.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs(worker_id text, job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_return_jobs', worker_return_jobs.worker_id);
  if worker_return_jobs.job_ids is null then
    raise exception 'worker_return_jobs: job_ids must not be null' using errcode = '22004';
  end if;

  return query
  select :GRAPHILE_WORKER_SCHEMA._return_jobs(worker_return_jobs.worker_id, worker_return_jobs.job_ids, null);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs is
  'Worker protocol 0.1: gives back unstarted jobs this worker holds, undoing their attempt.';

-- Worker protocol: give back jobs fetched but never started (a worker
-- shutting down with a local queue). Each must still be held under the
-- claim it was fetched with (claims[i] for job_ids[i]). The attempt is
-- undone; the queue is released. Returns the ids given back.
create function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs_v2(worker_id text, job_ids bigint[], claims uuid[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_return_jobs_v2', worker_return_jobs_v2.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_answers(
    'worker_return_jobs_v2', 'job_ids', worker_return_jobs_v2.job_ids, 'claims', worker_return_jobs_v2.claims);

  return query
  select :GRAPHILE_WORKER_SCHEMA._return_jobs(
    worker_return_jobs_v2.worker_id, worker_return_jobs_v2.job_ids, worker_return_jobs_v2.claims);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_jobs_v2 is
  'Worker protocol: gives back unstarted jobs this worker holds under the given claims, undoing their attempt.';

-- Worker protocol 0.1: after a fetch whose reply was lost (the connection
-- broke after get_jobs committed), the worker holds jobs it never received.
-- It gives back every job it holds without a claim except those it knows
-- about; their attempt is undone, their queues released. New workers use
-- worker_return_claim.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_return_unknown_jobs(worker_id text, known_job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
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
        and jobs.claim is null
        and jobs.id <> all(worker_return_unknown_jobs.known_job_ids)
    ),
    null
  );
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_unknown_jobs is
  'Worker protocol 0.1: gives back the jobs this worker holds but never received (a lost fetch reply), except known_job_ids.';

-- Worker protocol: a fetch whose reply was lost (the connection broke after
-- get_jobs_v2 committed) left this worker holding jobs it never received.
-- Gives back every job it holds under that fetch's claim: the attempt is
-- undone, the queue released. Returns the ids given back.
create function :GRAPHILE_WORKER_SCHEMA.worker_return_claim(worker_id text, claim uuid)
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_return_claim', worker_return_claim.worker_id);
  if worker_return_claim.claim is null then
    raise exception 'worker_return_claim: claim must not be null' using errcode = '22004';
  end if;

  return query
  select :GRAPHILE_WORKER_SCHEMA._return_jobs(worker_return_claim.worker_id, held.ids, held.claims)
  from (
    select array_agg(jobs.id) as ids, array_agg(jobs.claim) as claims
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_by = worker_return_claim.worker_id
      and jobs.locked_at is not null
      and jobs.claim = worker_return_claim.claim
  ) as held
  where held.ids is not null;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_claim is
  'Worker protocol: gives back the jobs this worker holds under one claim (a fetch whose reply was lost), undoing their attempt.';

-- Releases locks older than the lock lifetime (4 hours), so that a lost lock
-- never blocks a job or a queue forever. The job's attempt stays counted; it
-- runs again now. Jobs are locked in id order (see _complete_jobs).
create or replace function :GRAPHILE_WORKER_SCHEMA.release_stale_locks()
returns table (jobs_released integer, queues_released integer)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return query
  with stale as (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime()
    order by jobs.id
    for update
  ),
  released_jobs as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set locked_at = null,
        locked_by = null,
        claim = null,
        run_at = greatest(jobs.run_at, pg_catalog.now()),
        last_error = format('lock held by worker %s since %s expired after %s',
          jobs.locked_by, jobs.locked_at, :GRAPHILE_WORKER_SCHEMA._lock_lifetime()),
        updated_at = pg_catalog.now()
    from stale
    where jobs.id = stale.id
    returning 1
  ),
  released_queues as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime()
    returning 1
  )
  select (select count(*)::integer from released_jobs), (select count(*)::integer from released_queues);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.release_stale_locks is
  'Releases job and queue locks older than the lock lifetime, 4 hours (the worker is presumed lost); returns how many.';

-- Refuses a heartbeat interval that is missing, not positive, or longer
-- than a day (a worker silent for days is not alive).
create function :GRAPHILE_WORKER_SCHEMA._check_heartbeat_interval(caller text, heartbeat_interval interval)
returns void
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if heartbeat_interval is null then
    raise exception '%: heartbeat_interval must not be null', caller using errcode = '22004';
  end if;
  if heartbeat_interval <= interval '0' or heartbeat_interval > interval '1 day' then
    raise exception '%: heartbeat_interval must be more than 0 and at most 1 day (got %)', caller, heartbeat_interval
      using errcode = '22023';
  end if;
end;
$$;

-- Records that a worker is alive (registering it when it is not) with the
-- interval it promises to heartbeat at; adds the jobs it finished since its
-- last heartbeat to the throughput of this minute. Returns whether it was
-- registered. Shared by both protocols' heartbeats.
create function :GRAPHILE_WORKER_SCHEMA._heartbeat(
  worker_id text,
  heartbeat_interval interval,
  metadata jsonb,
  jobs_completed bigint,
  jobs_failed bigint
)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_registered boolean;
begin
  update :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  set last_heartbeat_at = pg_catalog.now(),
      heartbeat_interval = _heartbeat.heartbeat_interval,
      metadata = coalesce(_heartbeat.metadata, workers.metadata)
  where workers.worker_id = _heartbeat.worker_id;
  v_registered := found;

  if not v_registered then
    insert into :GRAPHILE_WORKER_SCHEMA._private_workers as workers (worker_id, metadata, heartbeat_interval)
    values (_heartbeat.worker_id, _heartbeat.metadata, _heartbeat.heartbeat_interval)
    on conflict on constraint _private_workers_pkey do update
      set last_heartbeat_at = pg_catalog.now(),
          heartbeat_interval = excluded.heartbeat_interval,
          metadata = coalesce(excluded.metadata, workers.metadata);
  end if;

  if _heartbeat.jobs_completed > 0 or _heartbeat.jobs_failed > 0 then
    insert into :GRAPHILE_WORKER_SCHEMA._private_throughput as throughput (minute, completed, failed)
    values (date_trunc('minute', pg_catalog.now()), _heartbeat.jobs_completed, _heartbeat.jobs_failed)
    on conflict (minute) do update
      set completed = throughput.completed + excluded.completed,
          failed = throughput.failed + excluded.failed;
  end if;
  return v_registered;
end;
$$;

-- Frees what stopped workers held: every lock of the workers in `all_of`,
-- and the locks older than `cutoff` of the holders in `old_of`. Their jobs
-- are unlocked to run again no earlier than now + delay, with last_error
-- saying who recovered them and why; the interrupted attempt stays counted,
-- so a job that kills its worker every time ends permanently failed. Their
-- queues are unlocked. Jobs are locked in id order (see _complete_jobs).
-- With dry_run, nothing changes and the counts are what would be recovered.
-- Shared by sweep_stale_workers and worker_register.
create function :GRAPHILE_WORKER_SCHEMA._recover_workers(
  all_of text[],
  old_of text[],
  cutoff timestamptz,
  delay interval,
  recovered_by text,
  what_happened text,
  dry_run boolean default false
)
returns table (jobs integer, queues integer)
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_jobs integer;
  v_queues integer;
begin
  if _recover_workers.dry_run then
    select count(*)::integer into v_jobs
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_by = any(_recover_workers.all_of)
      or (jobs.locked_by = any(_recover_workers.old_of) and jobs.locked_at < _recover_workers.cutoff);
    select count(*)::integer into v_queues
    from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    where queues.locked_by = any(_recover_workers.all_of)
      or (queues.locked_by = any(_recover_workers.old_of) and queues.locked_at < _recover_workers.cutoff);
    return query select v_jobs, v_queues;
    return;
  end if;

  with held as (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_by = any(_recover_workers.all_of)
      or (jobs.locked_by = any(_recover_workers.old_of) and jobs.locked_at < _recover_workers.cutoff)
    order by jobs.id
    for update
  ),
  recovered as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set locked_at = null,
        locked_by = null,
        claim = null,
        run_at = greatest(jobs.run_at, pg_catalog.now() + _recover_workers.delay),
        last_error = format(
          'recovered by %s: worker %s %s while running this job (locked at %s); the attempt counts',
          _recover_workers.recovered_by, jobs.locked_by, _recover_workers.what_happened, jobs.locked_at),
        updated_at = pg_catalog.now()
    from held
    where jobs.id = held.id
    returning 1
  )
  select count(*)::integer into v_jobs from recovered;

  with unlocked as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.locked_by = any(_recover_workers.all_of)
      or (queues.locked_by = any(_recover_workers.old_of) and queues.locked_at < _recover_workers.cutoff)
    returning 1
  )
  select count(*)::integer into v_queues from unlocked;

  return query select v_jobs, v_queues;
end;
$$;

-- Worker protocol 0.1: registers a worker or records that it is alive. Its
-- heartbeat interval is taken to be the 0.1 runner's, 30 seconds. Returns
-- false when the worker was not registered: its first heartbeat, or its
-- first after a sweep declared it dead and recovered its jobs. New workers
-- use worker_register and worker_heartbeat_v2.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat(worker_id text, metadata jsonb default null)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_heartbeat', worker_heartbeat.worker_id);
  return :GRAPHILE_WORKER_SCHEMA._heartbeat(worker_heartbeat.worker_id, interval '30 seconds', worker_heartbeat.metadata, 0, 0);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat is
  'Worker protocol 0.1: registers the worker or refreshes its heartbeat; false means it was not registered.';

-- Worker protocol: records that a worker is alive. heartbeat_interval is
-- how often it will heartbeat: no sweep takes it for dead while its last
-- heartbeat is younger than twice that. jobs_completed and jobs_failed are
-- the jobs it finished since its previous heartbeat (the throughput that
-- operators see). Returns false when the worker was not registered: a sweep
-- took it for dead and recovered its jobs, so the runs it still has in
-- flight are stale (their answers will change nothing); it is registered
-- again.
create function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat_v2(
  worker_id text,
  heartbeat_interval interval,
  metadata jsonb default null,
  jobs_completed bigint default 0,
  jobs_failed bigint default 0
)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_heartbeat_v2', worker_heartbeat_v2.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_heartbeat_interval('worker_heartbeat_v2', worker_heartbeat_v2.heartbeat_interval);
  if worker_heartbeat_v2.jobs_completed is null or worker_heartbeat_v2.jobs_completed < 0 then
    raise exception 'worker_heartbeat_v2: jobs_completed must be a count, 0 or more (got %)',
      coalesce(worker_heartbeat_v2.jobs_completed::text, 'null') using errcode = '22023';
  end if;
  if worker_heartbeat_v2.jobs_failed is null or worker_heartbeat_v2.jobs_failed < 0 then
    raise exception 'worker_heartbeat_v2: jobs_failed must be a count, 0 or more (got %)',
      coalesce(worker_heartbeat_v2.jobs_failed::text, 'null') using errcode = '22023';
  end if;
  return :GRAPHILE_WORKER_SCHEMA._heartbeat(
    worker_heartbeat_v2.worker_id, worker_heartbeat_v2.heartbeat_interval, worker_heartbeat_v2.metadata,
    worker_heartbeat_v2.jobs_completed, worker_heartbeat_v2.jobs_failed);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat_v2 is
  'Worker protocol: refreshes the worker''s heartbeat and the interval it promises; reports jobs finished since the last one; false means a sweep had taken it for dead.';

-- Worker protocol: a worker starting under worker_id. A worker id may be
-- stable across restarts (a pod's name): whatever it still holds from an
-- earlier life is recovered first (jobs unlocked to run again at once, the
-- interrupted attempt counted, as sweep_stale_workers does; queues
-- unlocked). An id that is registered and alive (its last heartbeat younger
-- than twice the interval it promised) is refused with SQLSTATE 55006: two
-- processes must not share one id. Returns what was recovered.
create function :GRAPHILE_WORKER_SCHEMA.worker_register(
  worker_id text,
  heartbeat_interval interval,
  metadata jsonb default null
)
returns table (jobs_recovered integer, queues_unlocked integer)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_alive record;
  v_jobs integer;
  v_queues integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_register', worker_register.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_heartbeat_interval('worker_register', worker_register.heartbeat_interval);

  -- 1. An id in use by a live worker is refused.
  select workers.last_heartbeat_at, workers.heartbeat_interval
  into v_alive
  from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  where workers.worker_id = worker_register.worker_id
  for update;
  if found and v_alive.last_heartbeat_at >= pg_catalog.now() - 2 * v_alive.heartbeat_interval then
    raise exception 'worker_register: worker id % is in use: its last heartbeat was % ago, within twice its heartbeat interval (%)',
      quote_literal(worker_register.worker_id), date_trunc('second', pg_catalog.now() - v_alive.last_heartbeat_at),
      v_alive.heartbeat_interval
      using errcode = '55006',
        hint = 'Another process runs under this id, or this one restarted moments ago: try again after twice the heartbeat interval, or choose another id.';
  end if;

  -- 2. Recover what an earlier life left locked.
  select recovered.jobs, recovered.queues into v_jobs, v_queues
  from :GRAPHILE_WORKER_SCHEMA._recover_workers(
    array[worker_register.worker_id], '{}', null, interval '0', 'worker_register', 'restarted'
  ) as recovered;

  -- 3. Register.
  insert into :GRAPHILE_WORKER_SCHEMA._private_workers as workers (worker_id, metadata, heartbeat_interval)
  values (worker_register.worker_id, worker_register.metadata, worker_register.heartbeat_interval)
  on conflict on constraint _private_workers_pkey do update
    set started_at = pg_catalog.now(),
        last_heartbeat_at = pg_catalog.now(),
        heartbeat_interval = excluded.heartbeat_interval,
        metadata = excluded.metadata;

  return query select v_jobs, v_queues;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_register is
  'Worker protocol: registers a starting worker, recovering what its id held from an earlier life; refuses an id a live worker uses.';

-- A worker stopping cleanly removes itself from the registry.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_deregister(worker_id text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
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
create or replace function :GRAPHILE_WORKER_SCHEMA.list_active_workers(threshold interval default '5 minutes')
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
set search_path = pg_catalog, pg_temp
as $$
begin
  if list_active_workers.threshold is null or list_active_workers.threshold <= interval '0'
    or list_active_workers.threshold > interval '100 years' then
    raise exception 'list_active_workers: threshold must be a positive interval of at most 100 years (got %)',
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
-- workers whose heartbeat is older than sweep_threshold and older than
-- twice the heartbeat interval they promised (so no caller can take a live
-- worker for dead, whatever threshold it passes), and lock holders (of jobs
-- or queues) that are not registered and whose locks are older than
-- sweep_threshold. What they held is recovered by _recover_workers: jobs run
-- again no earlier than now + recovery_delay, the interrupted attempt
-- counted; queues unlocked. The dead workers' rows are removed. Only one
-- sweep runs at a time: a sweep that finds another running returns
-- another_sweep_running = true and does nothing. In a dry run nothing
-- changes and the counts are what would be recovered.
create or replace function :GRAPHILE_WORKER_SCHEMA.sweep_stale_workers(
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
set search_path = pg_catalog, pg_temp
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
  if v_threshold is null or v_threshold <= interval '0' or v_threshold > interval '100 years' then
    raise exception 'sweep_stale_workers: sweep_threshold must be a positive interval of at most 100 years (got %)',
      coalesce(v_threshold::text, 'null') using errcode = '22023';
  end if;
  if v_delay is null or v_delay < interval '0' or v_delay > interval '100 years' then
    raise exception 'sweep_stale_workers: recovery_delay must be an interval from 0 to 100 years (got %)',
      coalesce(v_delay::text, 'null') using errcode = '22023';
  end if;
  v_cutoff := pg_catalog.now() - v_threshold;

  -- 1. One sweep at a time.
  perform 1 from :GRAPHILE_WORKER_SCHEMA._private_sweeps for update skip locked;
  if not found then
    return query select '{}'::text[], 0, 0, true;
    return;
  end if;

  -- 2. Registered workers that stopped heartbeating, by the threshold and
  --    by their own promise (a worker heartbeating this very moment holds
  --    its row and is not dead).
  select coalesce(array_agg(dead.worker_id order by dead.worker_id), '{}')
  into v_registered
  from (
    select workers.worker_id
    from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.last_heartbeat_at < v_cutoff
      and workers.last_heartbeat_at < pg_catalog.now() - 2 * workers.heartbeat_interval
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

  -- 4. Recover (or, in a dry run, count) what they held.
  select recovered.jobs, recovered.queues into v_jobs, v_queues
  from :GRAPHILE_WORKER_SCHEMA._recover_workers(
    v_registered, v_unregistered, v_cutoff, v_delay, 'sweep_stale_workers', 'stopped', v_dry_run
  ) as recovered;

  if not v_dry_run then
    delete from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.worker_id = any(v_registered);

    update :GRAPHILE_WORKER_SCHEMA._private_sweeps
    set last_swept_at = pg_catalog.now(),
        last_result = jsonb_build_object(
          'dead_worker_ids', to_jsonb(v_registered || v_unregistered),
          'jobs_recovered', v_jobs,
          'queues_unlocked', v_queues);

    -- The throughput history keeps a week.
    delete from :GRAPHILE_WORKER_SCHEMA._private_throughput as throughput
    where throughput.minute < pg_catalog.now() - interval '7 days';
  end if;

  return query select v_registered || v_unregistered, v_jobs, v_queues, false;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.sweep_stale_workers is
  'Recovers the jobs and queues of workers that stopped (stale heartbeat by the threshold and by their own interval, or unregistered with old locks); one sweep at a time.';

-- Admin: mark jobs as completed, which deletes them; failed and
-- permanently failed ones too. Jobs locked within the lock lifetime
-- (running) are left alone. Returns the deleted jobs. Jobs are locked in id
-- order (see _complete_jobs).
create or replace function :GRAPHILE_WORKER_SCHEMA.complete_jobs(job_ids bigint[])
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if complete_jobs.job_ids is null then
    raise exception 'complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  return query
  with chosen as (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(complete_jobs.job_ids)
      and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
    order by jobs.id
    for update
  )
  delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  using chosen
  where jobs.id = chosen.id
  returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.complete_jobs is
  'Admin: deletes the given jobs unless they are running; returns the deleted jobs.';

-- Admin: mark jobs as permanently failed (attempts = max_attempts) with a
-- reason. Jobs locked within the lock lifetime (running) are left alone.
-- Returns the updated jobs. Jobs are locked in id order (see _complete_jobs).
create or replace function :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs(
  job_ids bigint[],
  error_message text default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if permanently_fail_jobs.job_ids is null then
    raise exception 'permanently_fail_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  return query
  with chosen as (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(permanently_fail_jobs.job_ids)
      and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
    order by jobs.id
    for update
  )
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set last_error = coalesce(permanently_fail_jobs.error_message, 'Manually marked as failed'),
      attempts = jobs.max_attempts,
      locked_at = null,
      locked_by = null,
      claim = null,
      updated_at = pg_catalog.now()
  from chosen
  where jobs.id = chosen.id
  returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs is
  'Admin: sets attempts = max_attempts and last_error on the given jobs unless they are running; returns them.';

-- Admin: change when and how the given jobs run. Each null argument leaves
-- its field unchanged (run now: run_at := now()). Jobs locked within the
-- lock lifetime (running) are left alone. Returns the updated jobs. Jobs
-- are locked in id order (see _complete_jobs).
create or replace function :GRAPHILE_WORKER_SCHEMA.reschedule_jobs(
  job_ids bigint[],
  run_at timestamptz default null,
  priority integer default null,
  attempts integer default null,
  max_attempts integer default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if reschedule_jobs.job_ids is null then
    raise exception 'reschedule_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  if reschedule_jobs.priority not between -32768 and 32767 then
    raise exception 'reschedule_jobs: priority must be between -32768 and 32767 (got %)', reschedule_jobs.priority
      using errcode = '22003';
  end if;
  if reschedule_jobs.attempts not between 0 and 32767 then
    raise exception 'reschedule_jobs: attempts must be between 0 and 32767 (got %)', reschedule_jobs.attempts
      using errcode = case when reschedule_jobs.attempts < 0 then '22023' else '22003' end;
  end if;
  if reschedule_jobs.max_attempts not between 1 and 32767 then
    raise exception 'reschedule_jobs: max_attempts must be between 1 and 32767 (got %)', reschedule_jobs.max_attempts
      using errcode = case when reschedule_jobs.max_attempts < 1 then '22023' else '22003' end;
  end if;

  return query
  with chosen as (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(reschedule_jobs.job_ids)
      and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
    order by jobs.id
    for update
  )
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set run_at = coalesce(reschedule_jobs.run_at, jobs.run_at),
      priority = coalesce(reschedule_jobs.priority::smallint, jobs.priority),
      attempts = coalesce(reschedule_jobs.attempts::smallint, jobs.attempts),
      max_attempts = coalesce(reschedule_jobs.max_attempts::smallint, jobs.max_attempts),
      locked_at = null,
      locked_by = null,
      claim = null,
      updated_at = pg_catalog.now()
  from chosen
  where jobs.id = chosen.id
  returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.reschedule_jobs is
  'Admin: updates run_at, priority, attempts, max_attempts (null leaves a field unchanged) of the given jobs unless they are running.';

-- Admin: clear every lock (on jobs and on named queues) held by the given
-- worker ids, which must belong to workers that are gone. Nothing else
-- changes. A run of such a worker that is still going on can no longer
-- answer: its claims are gone. Jobs are locked in id order (see
-- _complete_jobs).
create or replace function :GRAPHILE_WORKER_SCHEMA.force_unlock_workers(worker_ids text[])
returns void
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if force_unlock_workers.worker_ids is null then
    raise exception 'force_unlock_workers: worker_ids must not be null' using errcode = '22004';
  end if;
  with held as (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_by = any(force_unlock_workers.worker_ids)
    order by jobs.id
    for update
  )
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set locked_at = null, locked_by = null, claim = null
  from held
  where jobs.id = held.id;
  update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
  set locked_at = null, locked_by = null
  where queues.locked_by = any(force_unlock_workers.worker_ids);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.force_unlock_workers is
  'Admin: clears the job and queue locks held by the given (crashed) worker ids.';

-- Admin: database cleanup.
--   DELETE_PERMAFAILED_JOBS: delete unlocked jobs with no attempts left;
--   GC_JOB_QUEUES: delete named queues that are unlocked and have no jobs;
--   GC_TASK_IDENTIFIERS: delete task identifiers that have no jobs, except
--     task_identifiers_to_keep.
-- Nothing is locked beyond the rows deleted, so fetching, completing and
-- adding go on meanwhile, at any table size. That is safe at any isolation
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
        delete from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
        where queues.locked_at is null
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
          );
      when 'GC_TASK_IDENTIFIERS' then
        -- One pass over the jobs, whatever the number of identifiers.
        delete from :GRAPHILE_WORKER_SCHEMA._private_tasks as known
        where known.identifier <> all(coalesce(cleanup.task_identifiers_to_keep, '{}'))
          and known.identifier not in (
            select distinct jobs.task_identifier from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
          );
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

-- Refreshes the planner's statistics on the jobs table, as the owner, so
-- that a role allowed to enqueue can follow a large batch with it.
create or replace function :GRAPHILE_WORKER_SCHEMA.analyze_jobs()
returns void
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  analyze :GRAPHILE_WORKER_SCHEMA._private_jobs;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.analyze_jobs is
  'Runs ANALYZE on the jobs table (worth it after adding 10,000 jobs or more).';

-- Nothing in the schema is callable or readable by default: grant each
-- capability to the roles that need it (see the README's "Privileges").
revoke all on all functions in schema :GRAPHILE_WORKER_SCHEMA from public;
