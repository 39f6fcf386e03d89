-- Fire every schedule that is due at `now`: add each fire time's job and
-- move the schedule on, in this transaction (a rollback undoes both).
-- Returns the jobs added, each with its schedule, fire time and whether it
-- was a late (backfilled) fire.
--
-- Exactly one job per (schedule, fire time), with no leader: any number of
-- concurrent callers (runners on their loop, pg_cron, psql) split the due
-- schedules between them, each locking the ones no other caller holds
-- (`for update skip locked`). An idle tick is one probe of the index on the
-- enabled schedules' next_fire_at.
--
-- A fire time handled within the grace (rules(): a minute) is on time.
-- Later ones were missed, and the schedule's catch_up decides: none skips
-- them; latest adds one job for the most recent due fire time if it is
-- within catch_up_window; all adds one for every due fire time within
-- catch_up_window (at most _max_fires_per_tick() per schedule and call;
-- the next call goes on). Jobs run at their fire time and carry
-- `_cron: {ts, backfilled}` (backfilled: later than the grace).
--
-- For a crontab's schedules, Graphile Worker's _private_known_crontabs is
-- kept as its own scheduler keeps it: a fire time at or before an item's
-- last_execution is skipped, and last_execution moves to the latest fire.
--
-- now: the time to fire up to (default: the database clock); a `now` ahead
-- of the database clock by more than rules()' max clock skew is refused, so
-- no caller can fire schedules early.
create function :GRAPHILE_WORKER_SCHEMA.tick_schedules(now timestamptz default now())
returns table (
  schedule_id text,
  fire_at timestamptz,
  backfilled boolean,
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
)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := coalesce(tick_schedules.now, pg_catalog.now());
  v_grace constant interval := :GRAPHILE_WORKER_SCHEMA._schedule_grace();
  v_cap constant integer := :GRAPHILE_WORKER_SCHEMA._max_fires_per_tick();
  v_done text[] := '{}';
  v_batch :GRAPHILE_WORKER_SCHEMA._private_schedules[];
  v_schedule :GRAPHILE_WORKER_SCHEMA._private_schedules;
  v_known_ids text[];
  v_known_last timestamptz[];
  v_known timestamptz;
  v_reach interval;
  v_fire timestamptz;
  v_next timestamptz;
  v_low timestamptz;
  v_high timestamptz;
  v_probe timestamptz;
  v_fires timestamptz[];
  -- One entry per fire time of the batch:
  v_fire_schedule integer[];
  v_fire_at timestamptz[];
  v_fire_backfilled boolean[];
  v_fire_spec :GRAPHILE_WORKER_SCHEMA.job_spec[];
  v_fire_job :GRAPHILE_WORKER_SCHEMA.job[];
  -- One entry per schedule of the batch:
  v_next_fire_at timestamptz[];
  v_last_fire_at timestamptz[];
  v_last_job_id bigint[];
  v_unkeyed integer[];
  v_spec_jobs :GRAPHILE_WORKER_SCHEMA.job[];
  v_i integer;
  v_job :GRAPHILE_WORKER_SCHEMA.job;
begin
  -- 1. Refuse a `now` ahead of the database clock.
  if v_now > pg_catalog.now() + :GRAPHILE_WORKER_SCHEMA._max_clock_skew() then
    raise exception 'tick_schedules: now must not be ahead of the database clock by more than % (got %, the database says %)',
      :GRAPHILE_WORKER_SCHEMA._max_clock_skew(), v_now, pg_catalog.now()
      using errcode = '22023';
  end if;

  loop
    -- 2. Lock a batch of due schedules no other tick holds.
    select coalesce(array_agg(due order by due.next_fire_at, due.id), '{}')
    into v_batch
    from (
      select *
      from :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
      where schedules.enabled
        and schedules.next_fire_at <= v_now
        and schedules.id <> all(v_done)
      order by schedules.next_fire_at
      limit 500
      for update skip locked
    ) as due;
    exit when cardinality(v_batch) = 0;
    v_done := v_done || array(select b.id from unnest(v_batch) as b);

    -- 3. The crontab schedules' last executions, locked (in identifier
    --    order) against Graphile Worker's scheduler and each other.
    select coalesce(array_agg(known.identifier order by known.identifier), '{}'),
           coalesce(array_agg(known.last_execution order by known.identifier), '{}')
    into v_known_ids, v_known_last
    from (
      select k.identifier, k.last_execution
      from :GRAPHILE_WORKER_SCHEMA._private_known_crontabs as k
      where k.identifier in (select b.id from unnest(v_batch) as b where b.source is not null)
      order by k.identifier
      for update
    ) as known;

    -- 4. Each schedule's fire times, and where its timetable goes on from.
    v_fire_schedule := '{}';
    v_fire_at := '{}';
    v_fire_backfilled := '{}';
    v_fire_spec := '{}';
    v_next_fire_at := '{}';
    for s in 1..cardinality(v_batch) loop
      v_schedule := v_batch[s];
      v_reach := case when v_schedule.catch_up = 'none' then v_grace
                      else greatest(v_grace, v_schedule.catch_up_window) end;
      v_fire := v_schedule.next_fire_at;
      if v_fire < v_now - v_reach then
        v_fire := :GRAPHILE_WORKER_SCHEMA._next_fire(v_schedule.fields, v_schedule.time_zone,
          v_now - v_reach - interval '1 microsecond');
      end if;
      v_fires := '{}';
      if v_schedule.catch_up = 'latest' then
        -- The most recent fire time at or before now: halve the span
        -- between a known one and now until none can lie between.
        if v_fire <= v_now then
          v_low := v_fire;
          v_high := v_now;
          while v_high - v_low > interval '2 minutes' loop
            v_probe := :GRAPHILE_WORKER_SCHEMA._next_fire(v_schedule.fields, v_schedule.time_zone,
              v_low + (v_high - v_low) / 2);
            if v_probe <= v_high then
              v_low := v_probe;
            else
              v_high := v_low + (v_high - v_low) / 2;
            end if;
          end loop;
          loop
            v_next := :GRAPHILE_WORKER_SCHEMA._next_fire(v_schedule.fields, v_schedule.time_zone, v_low);
            exit when v_next is null or v_next > v_now;
            v_low := v_next;
          end loop;
          v_fires := array[v_low];
          v_fire := v_next;
        end if;
      else
        while v_fire <= v_now and cardinality(v_fires) < v_cap loop
          v_fires := v_fires || v_fire;
          v_fire := :GRAPHILE_WORKER_SCHEMA._next_fire(v_schedule.fields, v_schedule.time_zone, v_fire);
        end loop;
      end if;
      -- v_fire is now the first fire time not handled.
      v_next_fire_at := v_next_fire_at || v_fire;

      if v_schedule.source is not null then
        v_known := v_known_last[array_position(v_known_ids, v_schedule.id)];
        if v_known is not null then
          v_fires := array(select f from unnest(v_fires) as f where f > v_known);
        end if;
      end if;

      foreach v_fire in array v_fires loop
        v_fire_schedule := v_fire_schedule || s;
        v_fire_at := v_fire_at || v_fire;
        v_fire_backfilled := v_fire_backfilled || (v_now - v_fire > v_grace);
        v_fire_spec := v_fire_spec
          || :GRAPHILE_WORKER_SCHEMA._schedule_job(v_schedule, v_fire, v_fire, v_now - v_fire > v_grace);
      end loop;
    end loop;

    -- 5. The jobs, through add_jobs' path. Task and queue names are
    --    registered first, in name order, and keyed jobs are added one at
    --    a time in key order, so that concurrent ticks (and adders) wait
    --    for each other instead of deadlocking.
    v_fire_job := array_fill(null:::GRAPHILE_WORKER_SCHEMA.job, array[cardinality(v_fire_at)]);
    if cardinality(v_fire_at) > 0 then
      insert into :GRAPHILE_WORKER_SCHEMA._private_tasks (identifier)
      select distinct spec.identifier from unnest(v_fire_spec) as spec
      order by 1
      on conflict do nothing;
      insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name)
      select distinct spec.queue_name from unnest(v_fire_spec) as spec
      where spec.queue_name is not null
      order by 1
      on conflict do nothing;

      v_unkeyed := array(
        select f.n from unnest(v_fire_spec) with ordinality as f(identifier, payload, queue_name, run_at,
          max_attempts, job_key, priority, flags, n)
        where f.job_key is null
        order by f.n
      );
      if cardinality(v_unkeyed) > 0 then
        select array_agg(row(added.id, added.queue_name, added.task_identifier, added.payload, added.priority,
            added.run_at, added.attempts, added.max_attempts, added.last_error, added.created_at, added.updated_at,
            added.key, added.locked_at, added.locked_by, added.revision, added.flags
          ):::GRAPHILE_WORKER_SCHEMA.job order by added.n)
        into v_spec_jobs
        from :GRAPHILE_WORKER_SCHEMA._add_jobs(
          array(select v_fire_spec[u] from unnest(v_unkeyed) with ordinality as x(u, o) order by x.o),
          'replace',
          'tick_schedules'
        ) with ordinality as added(id, queue_name, task_identifier, payload, priority, run_at, attempts,
          max_attempts, last_error, created_at, updated_at, key, locked_at, locked_by, revision, flags, n);
        for u in 1..cardinality(v_unkeyed) loop
          v_fire_job[v_unkeyed[u]] := v_spec_jobs[u];
        end loop;
      end if;

      for v_i in
        select f.n from unnest(v_fire_spec) with ordinality as f(identifier, payload, queue_name, run_at,
          max_attempts, job_key, priority, flags, n)
        where f.job_key is not null
        order by f.job_key, f.run_at
      loop
        select * into strict v_job
        from :GRAPHILE_WORKER_SCHEMA._add_jobs(
          array[v_fire_spec[v_i]],
          coalesce((v_batch[v_fire_schedule[v_i]]).job_key_mode, 'replace'),
          'tick_schedules'
        );
        v_fire_job[v_i] := v_job;
      end loop;
    end if;

    -- 6. Move each schedule on: its next fire time, its latest fire and job.
    v_last_fire_at := array_fill(null::timestamptz, array[cardinality(v_batch)]);
    v_last_job_id := array_fill(null::bigint, array[cardinality(v_batch)]);
    for f in 1..cardinality(v_fire_at) loop
      if v_last_fire_at[v_fire_schedule[f]] is null or v_fire_at[f] > v_last_fire_at[v_fire_schedule[f]] then
        v_last_fire_at[v_fire_schedule[f]] := v_fire_at[f];
        v_last_job_id[v_fire_schedule[f]] := (v_fire_job[f]).id;
      end if;
    end loop;
    update :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
    set next_fire_at = moved.next_fire_at,
        last_fire_at = coalesce(moved.last_fire_at, schedules.last_fire_at),
        last_job_id = coalesce(moved.last_job_id, schedules.last_job_id)
    from unnest(array(select b.id from unnest(v_batch) as b), v_next_fire_at, v_last_fire_at, v_last_job_id)
      as moved(id, next_fire_at, last_fire_at, last_job_id)
    where schedules.id = moved.id;

    -- 7. Graphile Worker's record of the crontab schedules' latest fires.
    insert into :GRAPHILE_WORKER_SCHEMA._private_known_crontabs as known (identifier, known_since, last_execution)
    select (v_batch[v_fire_schedule[f.i]]).id, pg_catalog.now(), max(v_fire_at[f.i])
    from generate_subscripts(v_fire_at, 1) as f(i)
    where (v_batch[v_fire_schedule[f.i]]).source is not null
    group by 1
    order by 1
    on conflict (identifier) do update
    set last_execution = excluded.last_execution
    where known.last_execution is null or known.last_execution < excluded.last_execution;

    -- 8. What was added.
    return query
    select (v_batch[v_fire_schedule[f.i]]).id, v_fire_at[f.i], v_fire_backfilled[f.i], (v_fire_job[f.i]).*
    from generate_subscripts(v_fire_at, 1) as f(i)
    order by f.i;
  end loop;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.tick_schedules is
  'Fires the recurring jobs due at now (default: the database clock), exactly once per fire time however many callers tick at once; returns the jobs added.';
