--! Previous: -
--! Hash: sha1:52bb167a5bd7fbd546aba77f5d6bd9082807f973
--! Message: foundation

-- Foundation: tables, the jobs view, and enqueueing (add_job, add_jobs, remove_job).

-- The schema every object of the queue lives in. The name is a placeholder,
-- replaced (quoted) by the migrator, so any schema name works.
create schema if not exists :GRAPHILE_WORKER_SCHEMA;

-- One job of an add_jobs batch (Graphile Worker's job_spec).
create type :GRAPHILE_WORKER_SCHEMA.job_spec as (
  identifier text,
  payload json,
  queue_name text,
  run_at timestamptz,
  max_attempts smallint,
  job_key text,
  priority smallint,
  flags text[]
);

-- A job as the public functions return it: the columns of _private_jobs,
-- in the same order (a pgTAP test keeps the two in step).
create type :GRAPHILE_WORKER_SCHEMA.job as (
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
  flags jsonb
);

-- The migration ledger: one row per applied migration of this package.
create table :GRAPHILE_WORKER_SCHEMA.migrations (
  id integer primary key,
  name text not null,
  hash text not null,
  applied_at timestamptz not null default now()
);
comment on table :GRAPHILE_WORKER_SCHEMA.migrations is
  'Migrations of this package applied to this schema, written by the package''s migrator.';
comment on column :GRAPHILE_WORKER_SCHEMA.migrations.hash is
  'The graphile-migrate hash of the migration file; a different hash in the package means the file was altered after it was applied.';

-- Every task identifier that has had a job. Jobs carry their identifier
-- themselves, so this registry can be garbage-collected (cleanup task
-- GC_TASK_IDENTIFIERS) while workers run.
create table :GRAPHILE_WORKER_SCHEMA._private_tasks (
  identifier text primary key
    constraint _private_tasks_identifier_check check (length(identifier) between 1 and 128)
);
comment on table :GRAPHILE_WORKER_SCHEMA._private_tasks is
  'Task identifiers that have had jobs.';

-- Named queues. A queue row is the lock that makes its jobs run one at a
-- time: a worker locks the queue together with the job it takes from it.
create table :GRAPHILE_WORKER_SCHEMA._private_job_queues (
  queue_name text primary key
    constraint _private_job_queues_queue_name_check check (length(queue_name) between 1 and 128),
  locked_at timestamptz,
  locked_by text
);
comment on table :GRAPHILE_WORKER_SCHEMA._private_job_queues is
  'Named queues; a locked queue has a job running.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_job_queues.locked_by is
  'The worker id running this queue''s current job.';

-- The jobs. Columns are in the order of the public type `job`, so a row of
-- this table is returned as a job without a projection.
create table :GRAPHILE_WORKER_SCHEMA._private_jobs (
  id bigint primary key generated always as identity,
  queue_name text
    constraint _private_jobs_queue_name_check check (length(queue_name) between 1 and 128),
  task_identifier text not null
    constraint _private_jobs_task_identifier_check check (length(task_identifier) between 1 and 128),
  payload json not null default '{}'::json,
  priority smallint not null default 0,
  run_at timestamptz not null default now(),
  attempts smallint not null default 0
    constraint _private_jobs_attempts_check check (attempts >= 0),
  max_attempts smallint not null default 25
    constraint _private_jobs_max_attempts_check check (max_attempts >= 1),
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  key text
    constraint _private_jobs_key_check check (length(key) between 1 and 512),
  locked_at timestamptz,
  locked_by text,
  revision integer not null default 0,
  flags jsonb
);

-- At most one job per key.
create unique index _private_jobs_key on :GRAPHILE_WORKER_SCHEMA._private_jobs (key)
  where key is not null;

-- The fetch, in run order, over jobs that can run now or later: locked and
-- permanently failed rows are not in these indexes, so they never slow it
-- down. Jobs outside named queues and jobs in them are indexed apart, so
-- that neither kind has to be scanned past to find the other.
create index _private_jobs_fetch on :GRAPHILE_WORKER_SCHEMA._private_jobs (priority, run_at, id)
  where queue_name is null and locked_at is null and attempts < max_attempts;
create index _private_jobs_fetch_queued on :GRAPHILE_WORKER_SCHEMA._private_jobs (priority, run_at, id)
  where queue_name is not null and locked_at is null and attempts < max_attempts;

-- The first waiting job of a named queue.
create index _private_jobs_queue_head on :GRAPHILE_WORKER_SCHEMA._private_jobs (queue_name, priority, run_at, id)
  where queue_name is not null and locked_at is null and attempts < max_attempts;

-- Running jobs, by holder: completion, recovery and stale-lock release.
create index _private_jobs_locked on :GRAPHILE_WORKER_SCHEMA._private_jobs (locked_by, locked_at)
  where locked_at is not null;

-- Permanently failed jobs, for cleanup.
create index _private_jobs_permanently_failed on :GRAPHILE_WORKER_SCHEMA._private_jobs (id)
  where attempts >= max_attempts;

comment on table :GRAPHILE_WORKER_SCHEMA._private_jobs is
  'The jobs. Read them through the jobs view; change them through the functions.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.queue_name is
  'Jobs of one named queue run one at a time, in order; null runs in parallel with everything.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.priority is
  'Lower runs first.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.attempts is
  'Attempts started so far; a job with attempts = max_attempts is permanently failed.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.key is
  'Job key: adding a job with an existing key updates or replaces that job.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.locked_by is
  'The worker id running this job.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.revision is
  'How many times the job was updated by a keyed add.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.flags is
  'The job''s flags as a set: an object whose keys are the flags.';

-- The public view of the jobs, without payloads.
create view :GRAPHILE_WORKER_SCHEMA.jobs as
  select
    jobs.id,
    jobs.queue_name,
    jobs.task_identifier,
    jobs.priority,
    jobs.run_at,
    jobs.attempts,
    jobs.max_attempts,
    jobs.last_error,
    jobs.created_at,
    jobs.updated_at,
    jobs.key,
    jobs.locked_at,
    jobs.locked_by,
    jobs.revision,
    jobs.flags
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs;
comment on view :GRAPHILE_WORKER_SCHEMA.jobs is
  'Every job, without its payload.';

-- The last_error of a running job whose key was taken by a newer job (or
-- removed): it finishes, but must never run again, even if its worker gives
-- it back unstarted (worker_return_jobs does not undo such a job's attempt).
create function :GRAPHILE_WORKER_SCHEMA._detached_error()
returns text
language sql
immutable
set search_path to ''
as $$
  select 'will not run again: its job_key was given to a newer job, or removed, while it was running'::text
$$;

-- The first rule a job spec breaks, as 'sqlstate|argument|rule', or null.
-- A plain expression with every name schema-qualified and no SET clause, so
-- that the planner inlines it (into a scan over a whole batch) and no
-- search_path can change what it means.
create function :GRAPHILE_WORKER_SCHEMA._job_spec_problem(
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
    when pg_catalog.length(identifier) operator(pg_catalog.>) 128
      then pg_catalog.format('22001|identifier|must be at most 128 characters (got %s)', pg_catalog.length(identifier))
    when queue_name operator(pg_catalog.=) '' then '22023|queue_name|must not be empty'
    when pg_catalog.length(queue_name) operator(pg_catalog.>) 128
      then pg_catalog.format('22001|queue_name|must be at most 128 characters (got %s)', pg_catalog.length(queue_name))
    when job_key operator(pg_catalog.=) '' then '22023|job_key|must not be empty'
    when pg_catalog.length(job_key) operator(pg_catalog.>) 512
      then pg_catalog.format('22001|job_key|must be at most 512 characters (got %s)', pg_catalog.length(job_key))
    when max_attempts operator(pg_catalog.<) 1
      then pg_catalog.format('22023|max_attempts|must be at least 1 (got %s)', max_attempts)
    when pg_catalog.array_position(flags, null) is not null then '22004|flags|must not contain null'
    when pg_catalog.array_position(flags, '') is not null then '22023|flags|must not contain an empty string'
  end
$$;

-- The specs of a batch with defaults applied and flags as a set, numbered
-- from 1 in batch order. Every name is schema-qualified and there is no SET
-- clause, so that the planner inlines it into the statement that reads it
-- (no copy of a large batch) and no search_path can change what it means.
create function :GRAPHILE_WORKER_SCHEMA._job_specs(specs :GRAPHILE_WORKER_SCHEMA.job_spec[])
returns table (
  ord bigint,
  identifier text,
  payload json,
  queue_name text,
  run_at timestamptz,
  max_attempts smallint,
  job_key text,
  priority smallint,
  flags jsonb
)
language sql
stable
as $$
  select
    s.ord,
    s.identifier,
    coalesce(s.payload, '{}'::pg_catalog.json),
    s.queue_name,
    coalesce(s.run_at, pg_catalog.now()),
    coalesce(s.max_attempts, 25::pg_catalog.int2),
    s.job_key,
    coalesce(s.priority, 0::pg_catalog.int2),
    case when s.flags is not null then
      (select pg_catalog.jsonb_object_agg(f.flag, true) from pg_catalog.unnest(s.flags) as f(flag))
    end
  from pg_catalog.unnest(_job_specs.specs) with ordinality
    as s(identifier, payload, queue_name, run_at, max_attempts, job_key, priority, flags, ord)
$$;

-- The one implementation behind add_job and add_jobs.
--
-- job_key_mode is 'replace', 'preserve_run_at' or 'unsafe_dedupe'; caller
-- ('add_job' or 'add_jobs') names the entry point in error messages.
--
-- A keyed spec always ends in exactly one documented outcome, however workers
-- and other adders race it: the key's row is locked before it is judged, and
-- a key that moved between two statements is simply tried again.
create function :GRAPHILE_WORKER_SCHEMA._add_jobs(
  specs :GRAPHILE_WORKER_SCHEMA.job_spec[],
  job_key_mode text,
  caller text
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
set search_path to ''
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

  -- 2. Register the task identifiers and named queues. (These inserts also
  --    hold the table locks that keep cleanup from deleting them under us.)
  insert into :GRAPHILE_WORKER_SCHEMA._private_tasks (identifier)
  select distinct s.identifier from unnest(_add_jobs.specs) as s
  on conflict do nothing;

  if v_any_queue then
    insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name)
    select distinct s.queue_name from unnest(_add_jobs.specs) as s
    where s.queue_name is not null
    on conflict do nothing;
  end if;

  -- 3. The common case: no keys, one insert, rows back in batch order.
  if not v_any_key then
    return query
    insert into :GRAPHILE_WORKER_SCHEMA._private_jobs
      (queue_name, task_identifier, payload, priority, run_at, max_attempts, flags)
    select s.queue_name, s.identifier, s.payload, s.priority, s.run_at, s.max_attempts, s.flags
    from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
    returning *;
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
    returning *
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
      returning *
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

    if job_key_mode = 'unsafe_dedupe' then
      -- 5b. unsafe_dedupe: the existing job only counts one more revision.
      with bumped as (
        update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
        set revision = jobs.revision + 1
        from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
        join unnest(v_todo) as todo(ord) on todo.ord = s.ord
        where jobs.key = s.job_key
        returning jobs.*
      )
      select coalesce(array_agg(row(bumped.*):::GRAPHILE_WORKER_SCHEMA.job), '{}')
      into v_done
      from bumped;
    else
      -- 5c. Lock the jobs holding the keys, in key order.
      perform 1
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.key in (
        select s.job_key from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
        join unnest(v_todo) as todo(ord) on todo.ord = s.ord
      )
      order by jobs.key
      for update;

      -- 5d. A waiting job (not running, not permanently failed) is updated in
      --     place; two array payloads are concatenated (batch jobs).
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
        returning jobs.*
      )
      select coalesce(array_agg(row(updated.*):::GRAPHILE_WORKER_SCHEMA.job), '{}')
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
create function :GRAPHILE_WORKER_SCHEMA.add_job(
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
set search_path to ''
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
  if coalesce(add_job.job_key_mode, 'replace') not in ('replace', 'preserve_run_at', 'unsafe_dedupe') then
    raise exception 'add_job: job_key_mode must be one of replace, preserve_run_at, unsafe_dedupe (got %)',
      quote_literal(add_job.job_key_mode)
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
create function :GRAPHILE_WORKER_SCHEMA.add_jobs(
  specs :GRAPHILE_WORKER_SCHEMA.job_spec[],
  job_key_preserve_run_at boolean default false
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language sql
volatile
security definer
set search_path to ''
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
create function :GRAPHILE_WORKER_SCHEMA.remove_job(job_key text)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path to ''
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
    and (jobs.locked_at is null or jobs.locked_at < now() - interval '4 hours')
  returning *;
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
      updated_at = now()
  where jobs.key = remove_job.job_key
    and jobs.locked_at is not null
  returning *;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.remove_job is
  'Removes the waiting job with this key; a running one keeps running but loses its key and will not be retried.';

-- Nothing in the schema is callable or readable by default: grant each
-- capability to the roles that need it (see the README's "Privileges").
revoke all on all functions in schema :GRAPHILE_WORKER_SCHEMA from public;
