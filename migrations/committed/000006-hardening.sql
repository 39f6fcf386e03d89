--! Previous: sha1:6ef70c67630cbb0f0adad819751771e9c48a1860
--! Hash: sha1:4931da295a79689d7d5e1160b0dfa00a22b1f66d
--! Message: hardening

-- Trust, continued: what attacking 000004 found.
-- * Worker ids are not secret, so nothing another caller can do under a
--   live worker's id may let a sweep take it for dead: a heartbeat never
--   shortens the interval a worker registered; a deregistered worker keeps
--   its row (stopped_at) until its heartbeat is stale; its id is registered
--   again at once only if it holds nothing, never with a shorter interval.
-- * get_jobs_v2 requires a registered worker (every claim has a heartbeat
--   the sweep goes by); a worker re-registered by its heartbeat gives up
--   what its id still held, as its false result says.
-- * worker_fail_jobs_v2 refuses failed_items entries that are not lists of
--   item positions.
-- * Adders register named queues after their jobs, so a fetch recreating a
--   queue row never waits for an adder that waits for it (40P01); cleanup
--   skips rows others hold instead of waiting (and making others wait).
-- * The worker id check no longer depends on standard_conforming_strings.

alter table :GRAPHILE_WORKER_SCHEMA._private_workers
  add column stopped_at timestamptz;
comment on column :GRAPHILE_WORKER_SCHEMA._private_workers.heartbeat_interval is
  'How often the worker promised to heartbeat: no sweep takes it for dead within twice this (0.1 workers: their default, 30 s). It may grow while the worker lives, never shrink.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_workers.stopped_at is
  'When the worker deregistered. Its row stays until its heartbeat is stale (then the sweep removes it), so that no one can use a deregistration to take a live worker for dead or to register its id with a shorter interval.';

-- The class of the advisory locks that serialize calls settling one job key
-- (_lock_job_keys): two-number advisory locks under a class of their own
-- stay apart from the one-number locks applications commonly take.
create or replace function :GRAPHILE_WORKER_SCHEMA._job_key_lock_class()
returns integer
language sql
immutable
parallel safe
as $$
  select 1244707541
$$;

-- The class of the advisory locks that guard the creation of a named
-- queue's row (_register_queues, _claim_jobs).
create or replace function :GRAPHILE_WORKER_SCHEMA._queue_lock_class()
returns integer
language sql
immutable
parallel safe
as $$
  select 1244707542
$$;

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
  if worker_id ~ E'[\\x01-\\x1f\\x7f-\\x9f]' then
    raise exception '%: worker_id must not contain control characters (got %)', caller, quote_literal(worker_id)
      using errcode = '22023';
  end if;
end;
$$;

-- Takes a transaction-level advisory lock for each job key (nulls ignored),
-- in one global order (of the keys' hashes), so that two calls settling the
-- same key (keyed adds, remove_job) run one after the other, and never wait
-- for each other's uncommitted rows in an order that could deadlock.
create or replace function :GRAPHILE_WORKER_SCHEMA._lock_job_keys(keys text[])
returns void
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform pg_advisory_xact_lock(:GRAPHILE_WORKER_SCHEMA._job_key_lock_class(), hashed.h)
  from (
    select distinct hashtext(k.key) as h
    from unnest(_lock_job_keys.keys) as k(key)
    where k.key is not null
    order by 1
  ) as hashed;
end;
$$;

-- Registers the named queues of a batch. Each queue name is first locked
-- (a transaction-level advisory lock, in one global order), and a fetch
-- that recreates a queue row cleanup removed only tries that lock (see
-- _claim_jobs): so a fetch never waits for an adder's uncommitted queue row
-- while that adder waits for the jobs the fetch holds.
create or replace function :GRAPHILE_WORKER_SCHEMA._register_queues(specs :GRAPHILE_WORKER_SCHEMA.job_spec[])
returns void
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform pg_advisory_xact_lock(:GRAPHILE_WORKER_SCHEMA._queue_lock_class(), hashed.h)
  from (
    select distinct hashtext(s.queue_name) as h
    from unnest(_register_queues.specs) as s
    where s.queue_name is not null
    order by 1
  ) as hashed;

  insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name)
  select distinct s.queue_name from unnest(_register_queues.specs) as s
  where s.queue_name is not null
  order by 1
  on conflict do nothing;
end;
$$;

-- The one implementation behind add_job and add_jobs.
--
-- job_key_mode is 'replace', 'preserve_run_at' or 'unsafe_dedupe'; caller
-- ('add_job' or 'add_jobs') names the entry point in error messages.
--
-- A keyed spec always ends in exactly one documented outcome, however workers
-- and other adders race it: the key's row is locked before it is judged, and
-- a key that moved between two statements is simply tried again. Adders
-- holding a key wait for each other on its key lock (_lock_job_keys);
-- existing rows are locked in id order, as every function that locks
-- several jobs does, before any insert that could wait for them; named
-- queues are registered under a lock a fetch only tries. So adders,
-- workers and administrators never deadlock.
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

  -- 2. Register the task identifiers (in name order, so that concurrent
  --    adders wait for each other instead of deadlocking). The registry is
  --    for people; jobs carry their identifier themselves.
  insert into :GRAPHILE_WORKER_SCHEMA._private_tasks (identifier)
  select distinct s.identifier from unnest(_add_jobs.specs) as s
  order by 1
  on conflict do nothing;

  -- 3. Register the named queues (see _register_queues), before any job
  --    is written.
  if v_any_queue then
    perform :GRAPHILE_WORKER_SCHEMA._register_queues(_add_jobs.specs);
  end if;

  -- 4. The common case: no keys, one insert, rows back in batch order.
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

  -- 5. Jobs without a key: one insert (ids follow batch order).
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

  -- 6. Keyed jobs. Adders (and remove_job) holding a key are serialized by
  --    its key lock, so an insert never waits for another adder's row;
  --    the jobs holding the keys are locked before anything is inserted,
  --    so it never waits for a worker either. A key that moved anyway (a
  --    worker completed its job meanwhile) is tried again.
  perform :GRAPHILE_WORKER_SCHEMA._lock_job_keys(array(select s.job_key from unnest(_add_jobs.specs) as s));
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

    -- 6a. Lock the jobs holding the keys, in id order.
    perform 1
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.key in (
      select s.job_key from :GRAPHILE_WORKER_SCHEMA._job_specs(_add_jobs.specs) as s
      join unnest(v_todo) as todo(ord) on todo.ord = s.ord
    )
    order by jobs.id
    for update;

    if job_key_mode = 'unsafe_dedupe' then
      -- 6b. unsafe_dedupe: the existing job only counts one more revision;
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
      -- 6c. A waiting job (not running, not permanently failed) is updated in
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

      -- 6d. A running or permanently failed job loses its key and will not be
      --     retried; 6e inserts the new job.
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

    -- 6e. A free key (none had it, or its job was just detached): insert a
    --     new job, in key order.
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
  end loop;

  -- 7. Wake idle workers (unless only unsafe_dedupe revisions were counted),
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

-- Remove the job with this key (Graphile Worker's remove_job). A waiting job
-- is deleted; a running one loses its key and will not be retried. The job
-- is locked before it is judged, so a worker finishing it meanwhile cannot
-- make the call do nothing.
create or replace function :GRAPHILE_WORKER_SCHEMA.remove_job(job_key text)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_job record;
begin
  if remove_job.job_key is null then
    raise exception 'remove_job: job_key must not be null' using errcode = '22004';
  end if;
  if remove_job.job_key = '' then
    raise exception 'remove_job: job_key must not be empty' using errcode = '22023';
  end if;

  -- 1. The job holding the key, locked (adders of the key wait for us).
  perform :GRAPHILE_WORKER_SCHEMA._lock_job_keys(array[remove_job.job_key]);
  select jobs.id,
    jobs.locked_at is null or jobs.locked_at < now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime() as removable
  into v_job
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.key = remove_job.job_key
  for update;
  if not found then
    return;
  end if;

  -- 2. Not running (or its lock is stale): delete it.
  if v_job.removable then
    return query
    delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = v_job.id
    returning (:GRAPHILE_WORKER_SCHEMA._job_row(jobs)).*;
    perform pg_notify('jobs:insert', json_build_object('count', -1)::text);
    return;
  end if;

  -- 3. Running: let it finish, but free the key and prevent a retry.
  return query
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set key = null,
      attempts = jobs.max_attempts,
      last_error = :GRAPHILE_WORKER_SCHEMA._detached_error(),
      detached = true,
      updated_at = now()
  where jobs.id = v_job.id
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
-- Rows are deleted in id order, as every function that locks several jobs
-- locks them, so that workers, adders and administrators never deadlock:
-- the sorted answers drive a nested loop (the planner settings below keep it
-- one) over the primary key, the only index its conditions can use (the
-- holder is compared through coalesce so that the index on locked_by, in
-- lock order, is never chosen). Each row is written as it is locked, in one
-- pass: a completion must stay cheap.
create or replace function :GRAPHILE_WORKER_SCHEMA._complete_jobs(worker_id text, job_ids bigint[], claims uuid[])
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

-- Gives back jobs worker_id holds among job_ids, unstarted: the attempt is
-- undone (unless the job was detached while running: it must never run
-- again), the job unlocked, its queue released. Returns the ids given back.
-- Claims are checked, and jobs written in id order, as in _complete_jobs
-- (claims null: the 0.1 protocol's rule).
-- Shared by the give-back functions of both protocols.
create or replace function :GRAPHILE_WORKER_SCHEMA._return_jobs(worker_id text, job_ids bigint[], claims uuid[])
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

-- Records failures of jobs worker_id holds (claims as in _complete_jobs):
-- unlock, release the queue, keep the attempt, record the error, retry after
-- exp(least(attempts, 10)) seconds. A batch job whose failed items alone are
-- to be retried gets a new payload: either given whole (the 0.1 protocol's
-- replacement_payloads, one per job, null keeping the payload) or cut from
-- its own payload by the database (failed_items: a JSON array with one entry
-- per job, null or the 0-based positions of the items to keep), so that
-- every item keeps its exact JSON text. Returns the failed jobs as they are now.
-- Jobs are written in id order, as in _complete_jobs.
create or replace function :GRAPHILE_WORKER_SCHEMA._fail_jobs(
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
set enable_seqscan = off
set enable_bitmapscan = off
set enable_hashjoin = off
set enable_mergejoin = off
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
      and coalesce(jobs.locked_by, '') = _fail_jobs.worker_id
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
-- last call, completed first (as worker_complete_jobs_v2 does) in the same
-- round trip; a queue they free can be fetched from at once. Completions
-- whose claim was no longer held change nothing and raise a WARNING that
-- names them.
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

-- Worker protocol: the jobs failed. For each job this worker still holds
-- under the claim it was fetched with (claims[i] for job_ids[i]): unlock it,
-- release its queue, keep the attempt, record error_messages[i], and retry
-- after exp(least(attempts, 10)) seconds. failed_items, for batch jobs
-- (array payloads) whose failed items alone are to be retried: a JSON array
-- with one entry per job, null to keep the whole payload, or the 0-based
-- positions of the items that failed; the database cuts them from the
-- stored payload, so every item keeps its exact JSON text. Answers whose
-- claim is no longer held change nothing and are missing from the result.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs_v2(
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
declare
  v_bad record;
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
  select entry.n, entry.value::text as value
  into v_bad
  from json_array_elements(worker_fail_jobs_v2.failed_items) with ordinality as entry(value, n)
  where case json_typeof(entry.value)
    when 'null' then false
    when 'array' then exists (
      select 1 from json_array_elements(entry.value) as item(position)
      where json_typeof(item.position) <> 'number' or item.position::text !~ '^(0|[1-9][0-9]*)$')
    else true
  end
  order by entry.n
  limit 1;
  if found then
    raise exception 'worker_fail_jobs_v2: failed_items entry % must be null or an array of item positions, integers from 0 (got %)',
      v_bad.n, v_bad.value
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

-- Releases locks older than the lock lifetime (4 hours), so that a lost lock
-- never blocks a job or a queue forever. The job's attempt stays counted; it
-- runs again now. Jobs are all locked, in id order, before any is changed
-- (see _complete_jobs).
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
    select array_agg(locked.id) as ids
    from (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime()
      order by jobs.id
      for update
    ) as locked
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
    where jobs.id = any((select stale.ids from stale)::bigint[])
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

-- Records that a worker is alive (registering it when it is not) with the
-- interval it promises to heartbeat at; adds the jobs it finished since its
-- last heartbeat to the throughput of this minute. Returns whether it was
-- registered (a worker that deregistered but still heartbeats is alive).
-- The interval of a registered worker may grow, never shrink: worker ids are
-- not secret, so a shorter one from anyone would let a sweep take a live
-- worker for dead sooner than it promised. Shared by both protocols'
-- heartbeats.
create or replace function :GRAPHILE_WORKER_SCHEMA._heartbeat(
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
      heartbeat_interval = greatest(workers.heartbeat_interval, _heartbeat.heartbeat_interval),
      metadata = coalesce(_heartbeat.metadata, workers.metadata),
      stopped_at = null
  where workers.worker_id = _heartbeat.worker_id;
  v_registered := found;

  if not v_registered then
    insert into :GRAPHILE_WORKER_SCHEMA._private_workers as workers (worker_id, metadata, heartbeat_interval)
    values (_heartbeat.worker_id, _heartbeat.metadata, _heartbeat.heartbeat_interval)
    on conflict on constraint _private_workers_pkey do update
      set last_heartbeat_at = pg_catalog.now(),
          heartbeat_interval = greatest(workers.heartbeat_interval, excluded.heartbeat_interval),
          metadata = coalesce(excluded.metadata, workers.metadata),
          stopped_at = null;
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
create or replace function :GRAPHILE_WORKER_SCHEMA._recover_workers(
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
    select array_agg(locked.id) as ids
    from (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.locked_by = any(_recover_workers.all_of)
        or (jobs.locked_by = any(_recover_workers.old_of) and jobs.locked_at < _recover_workers.cutoff)
      order by jobs.id
      for update
    ) as locked
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
    where jobs.id = any((select held.ids from held)::bigint[])
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

-- Worker protocol: records that a worker is alive. heartbeat_interval is
-- how often it will heartbeat: no sweep takes it for dead while its last
-- heartbeat is younger than twice that (the interval may grow while the
-- worker lives, never shrink). jobs_completed and jobs_failed are the jobs
-- it finished since its previous heartbeat (the throughput that operators
-- see). Returns false when the worker was not registered: a sweep took it
-- for dead and recovered its jobs, so the runs it still has in flight are
-- stale (their answers will change nothing); it is registered again, and
-- whatever its id still holds (a fetch that raced the sweep) is recovered
-- too, so that this stays true.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat_v2(
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
  if :GRAPHILE_WORKER_SCHEMA._heartbeat(
    worker_heartbeat_v2.worker_id, worker_heartbeat_v2.heartbeat_interval, worker_heartbeat_v2.metadata,
    worker_heartbeat_v2.jobs_completed, worker_heartbeat_v2.jobs_failed)
  then
    return true;
  end if;
  perform :GRAPHILE_WORKER_SCHEMA._recover_workers(
    array[worker_heartbeat_v2.worker_id], '{}', null, interval '0', 'worker_heartbeat_v2', 'was taken for dead');
  return false;
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
-- processes must not share one id. An earlier life that deregistered
-- holding nothing may be followed at once, but the interval it promised
-- stands until its heartbeat is stale (the new one may only be longer):
-- worker ids are not secret, and a shorter one would let a sweep take that
-- life, if it is still running, for dead. Returns what was recovered.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_register(
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
  v_earlier record;
  v_interval interval := worker_register.heartbeat_interval;
  v_jobs integer;
  v_queues integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_register', worker_register.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_heartbeat_interval('worker_register', worker_register.heartbeat_interval);

  -- 1. An id in use by a live worker is refused: one that has not stopped,
  --    or that stopped but still holds jobs or queues (they are recovered
  --    once its heartbeat is stale).
  select workers.last_heartbeat_at, workers.heartbeat_interval, workers.stopped_at
  into v_earlier
  from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  where workers.worker_id = worker_register.worker_id
  for update;
  if found and v_earlier.last_heartbeat_at >= pg_catalog.now() - 2 * v_earlier.heartbeat_interval then
    if v_earlier.stopped_at is null
      or exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
        where jobs.locked_by = worker_register.worker_id and jobs.locked_at is not null)
      or exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
        where queues.locked_by = worker_register.worker_id and queues.locked_at is not null)
    then
      raise exception 'worker_register: worker id % is in use: its last heartbeat was % ago, within twice its heartbeat interval (%)',
        quote_literal(worker_register.worker_id), date_trunc('second', pg_catalog.now() - v_earlier.last_heartbeat_at),
        v_earlier.heartbeat_interval
        using errcode = '55006',
          hint = 'Another process runs under this id, or this one restarted moments ago: try again after twice the heartbeat interval, or choose another id.';
    end if;
    v_interval := greatest(v_earlier.heartbeat_interval, worker_register.heartbeat_interval);
  end if;

  -- 2. Recover what an earlier life left locked.
  select recovered.jobs, recovered.queues into v_jobs, v_queues
  from :GRAPHILE_WORKER_SCHEMA._recover_workers(
    array[worker_register.worker_id], '{}', null, interval '0', 'worker_register', 'restarted'
  ) as recovered;

  -- 3. Register.
  insert into :GRAPHILE_WORKER_SCHEMA._private_workers as workers (worker_id, metadata, heartbeat_interval)
  values (worker_register.worker_id, worker_register.metadata, v_interval)
  on conflict on constraint _private_workers_pkey do update
    set started_at = pg_catalog.now(),
        last_heartbeat_at = pg_catalog.now(),
        heartbeat_interval = excluded.heartbeat_interval,
        metadata = excluded.metadata,
        stopped_at = null;

  return query select v_jobs, v_queues;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_register is
  'Worker protocol: registers a starting worker, recovering what its id held from an earlier life; refuses an id a live worker uses.';

-- A worker stopping cleanly leaves the registry: it is no longer listed,
-- and its id may be registered again at once if it holds nothing. Its row
-- stays, marked stopped, until its heartbeat is stale (the sweep then
-- removes it): worker ids are not secret, so a deregistration by anyone
-- must not let a sweep take a live worker for dead, nor let its id be
-- registered again with a shorter heartbeat interval.
create or replace function :GRAPHILE_WORKER_SCHEMA.worker_deregister(worker_id text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_deregister', worker_deregister.worker_id);
  update :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  set stopped_at = pg_catalog.now()
  where workers.worker_id = worker_deregister.worker_id
    and workers.stopped_at is null;
  return found;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_deregister is
  'Worker registry: the worker stopped; returns whether it was registered.';

-- Every registered worker (not those that deregistered), with whether its
-- heartbeat is older than threshold (by the database clock).
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
  where workers.stopped_at is null
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
-- counted; queues unlocked. The dead workers' rows are removed, and so are
-- those of workers that deregistered holding nothing once they are stale
-- by the same rule (not reported: they stopped cleanly). Only one
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
  v_stopped text[];
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
  --    its row and is not dead); apart, those among them that deregistered
  --    holding nothing.
  select
    coalesce(array_agg(stale.worker_id order by stale.worker_id) filter (where not stale.clean), '{}'),
    coalesce(array_agg(stale.worker_id order by stale.worker_id) filter (where stale.clean), '{}')
  into v_registered, v_stopped
  from (
    select workers.worker_id,
      workers.stopped_at is not null
        and not exists (
          select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
          where jobs.locked_by = workers.worker_id and jobs.locked_at is not null)
        and not exists (
          select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
          where queues.locked_by = workers.worker_id and queues.locked_at is not null)
        as clean
    from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.last_heartbeat_at < v_cutoff
      and workers.last_heartbeat_at < pg_catalog.now() - 2 * workers.heartbeat_interval
    for update of workers skip locked
  ) as stale;

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
    where workers.worker_id = any(v_registered || v_stopped);

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
declare
  v_ids bigint[];
begin
  if complete_jobs.job_ids is null then
    raise exception 'complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  -- Lock every job first, in id order, then change them.
  select coalesce(array_agg(locked.id), '{}') into v_ids
  from (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(complete_jobs.job_ids)
      and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
    order by jobs.id
    for update
  ) as locked;
  return query
  delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.id = any(v_ids)
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
declare
  v_ids bigint[];
begin
  if permanently_fail_jobs.job_ids is null then
    raise exception 'permanently_fail_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  -- Lock every job first, in id order, then change them.
  select coalesce(array_agg(locked.id), '{}') into v_ids
  from (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(permanently_fail_jobs.job_ids)
      and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
    order by jobs.id
    for update
  ) as locked;
  return query
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set last_error = coalesce(permanently_fail_jobs.error_message, 'Manually marked as failed'),
      attempts = jobs.max_attempts,
      locked_at = null,
      locked_by = null,
      claim = null,
      updated_at = pg_catalog.now()
  where jobs.id = any(v_ids)
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
declare
  v_ids bigint[];
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

  -- Lock every job first, in id order, then change them.
  select coalesce(array_agg(locked.id), '{}') into v_ids
  from (
    select jobs.id
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id = any(reschedule_jobs.job_ids)
      and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - :GRAPHILE_WORKER_SCHEMA._lock_lifetime())
    order by jobs.id
    for update
  ) as locked;
  return query
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set run_at = coalesce(reschedule_jobs.run_at, jobs.run_at),
      priority = coalesce(reschedule_jobs.priority::smallint, jobs.priority),
      attempts = coalesce(reschedule_jobs.attempts::smallint, jobs.attempts),
      max_attempts = coalesce(reschedule_jobs.max_attempts::smallint, jobs.max_attempts),
      locked_at = null,
      locked_by = null,
      claim = null,
      updated_at = pg_catalog.now()
  where jobs.id = any(v_ids)
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
    select array_agg(locked.id) as ids
    from (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.locked_by = any(force_unlock_workers.worker_ids)
      order by jobs.id
      for update
    ) as locked
  )
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set locked_at = null, locked_by = null, claim = null
  where jobs.id = any((select held.ids from held)::bigint[]);
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

revoke all on function :GRAPHILE_WORKER_SCHEMA._job_key_lock_class() from public;
revoke all on function :GRAPHILE_WORKER_SCHEMA._queue_lock_class() from public;
revoke all on function :GRAPHILE_WORKER_SCHEMA._lock_job_keys(text[]) from public;
revoke all on function :GRAPHILE_WORKER_SCHEMA._register_queues(:GRAPHILE_WORKER_SCHEMA.job_spec[]) from public;
