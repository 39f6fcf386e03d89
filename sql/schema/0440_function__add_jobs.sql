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
create function :GRAPHILE_WORKER_SCHEMA._add_jobs(
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
