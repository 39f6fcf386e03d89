-- Make the schedules of crontab `source` those of `items` (a JSON array of
-- objects whose keys are upsert_schedule's arguments but enabled; id
-- defaults to task_identifier, as a Graphile Worker crontab item's
-- identifier defaults to its task). Idempotent, and safe to run from every
-- worker of a fleet as it starts: returns one row per schedule it changed
-- (change: added, updated, restored, disabled) and nothing when the
-- crontab is as before.
--
-- - A new item becomes a schedule of the source. If Graphile Worker's
--   _private_known_crontabs knows its id (a database adopted from Graphile
--   Worker), its timetable goes on from that item's last execution (or from
--   when it became known), so the switch neither repeats a fire nor loses
--   one: fire times missed meanwhile are due at once, for catch_up to
--   decide. Otherwise it first fires at its first fire time after now, and
--   the id is recorded as known.
-- - A changed item is updated (its timetable starts afresh from now if its
--   cron or time zone changed); an item that had left the crontab and is
--   back is enabled again (restored), from now.
-- - A schedule of the source whose item is gone is disabled, not deleted
--   (disabled), keeping its history.
-- - A schedule an operator paused stays paused.
-- An id that names a schedule of another source, or one made with
-- upsert_schedule, is refused.
create function :GRAPHILE_WORKER_SCHEMA.sync_crontab(source text, items json)
returns table (id text, change text)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_keys constant text[] := array['id', 'cron', 'task_identifier', 'payload', 'time_zone', 'queue_name',
    'priority', 'max_attempts', 'flags', 'job_key', 'job_key_mode', 'catch_up', 'catch_up_window'];
  v_item json;
  v_n bigint;
  v_prefix text;
  v_bad text;
  v_numbers numeric[];
  v_integers integer[];
  v_window interval;
  v_spec :GRAPHILE_WORKER_SCHEMA._private_schedules;
  v_specs :GRAPHILE_WORKER_SCHEMA._private_schedules[] := '{}';
  v_ids text[];
  v_dup record;
  v_old :GRAPHILE_WORKER_SCHEMA._private_schedules;
  v_known :GRAPHILE_WORKER_SCHEMA._private_known_crontabs;
  v_from timestamptz;
  v_last timestamptz;
  v_restored boolean;
  v_retimed boolean;
begin
  -- 1. Refuse bad input before anything is written.
  if sync_crontab.source is null then
    raise exception 'sync_crontab: source must not be null' using errcode = '22004';
  end if;
  if sync_crontab.source = '' then
    raise exception 'sync_crontab: source must not be empty' using errcode = '22023';
  end if;
  if length(sync_crontab.source) > :GRAPHILE_WORKER_SCHEMA._name_max_length() then
    raise exception 'sync_crontab: source must be at most % characters (got %)',
      :GRAPHILE_WORKER_SCHEMA._name_max_length(), length(sync_crontab.source)
      using errcode = '22001';
  end if;
  if sync_crontab.items is null then
    raise exception 'sync_crontab: items must not be null' using errcode = '22004';
  end if;
  if json_typeof(sync_crontab.items) <> 'array' then
    raise exception 'sync_crontab: items must be a JSON array of crontab items (got %)', json_typeof(sync_crontab.items)
      using errcode = '22023';
  end if;

  for v_item, v_n in
    select e.item, e.n from json_array_elements(sync_crontab.items) with ordinality as e(item, n)
  loop
    v_prefix := format('items[%s].', v_n);
    if json_typeof(v_item) <> 'object' then
      raise exception 'sync_crontab: items[%] must be a JSON object (got %)', v_n, json_typeof(v_item)
        using errcode = '22023';
    end if;
    select k into v_bad from json_object_keys(v_item) as k where k <> all(v_keys) limit 1;
    if found then
      raise exception 'sync_crontab: items[%] has an unknown key %; the keys are %',
        v_n, quote_literal(v_bad), array_to_string(v_keys, ', ')
        using errcode = '22023';
    end if;
    select k into v_bad from json_each(v_item) as e(k, v)
    where k not in ('payload', 'priority', 'max_attempts', 'flags') and json_typeof(e.v) not in ('string', 'null')
    limit 1;
    if found then
      raise exception using
        errcode = '22023',
        message = format('sync_crontab: %s%s must be a string (got %s)', v_prefix, v_bad, json_typeof(v_item -> v_bad));
    end if;
    select k into v_bad from json_each(v_item) as e(k, v)
    where k in ('priority', 'max_attempts') and json_typeof(e.v) <> 'null'
      and (json_typeof(e.v) <> 'number' or (e.v::text)::numeric <> trunc((e.v::text)::numeric))
    limit 1;
    if found then
      raise exception using
        errcode = '22023',
        message = format('sync_crontab: %s%s must be a whole number (got %s)', v_prefix, v_bad, v_item -> v_bad);
    end if;
    if json_typeof(v_item -> 'flags') not in ('array', 'null')
      or exists (select 1 from json_array_elements(case when json_typeof(v_item -> 'flags') = 'array'
        then v_item -> 'flags' else '[]' end) as f where json_typeof(f) not in ('string', 'null')) then
      raise exception 'sync_crontab: %flags must be an array of strings (got %)', v_prefix, v_item -> 'flags'
        using errcode = '22023';
    end if;
    -- Whole numbers beyond integer get the range error of their argument.
    v_numbers := array[(v_item ->> 'priority')::numeric, (v_item ->> 'max_attempts')::numeric];
    v_integers := array(select case when x between -2147483648 and 2147483647 then x::integer end
      from unnest(v_numbers) with ordinality as u(x, o) order by u.o);
    if v_numbers[1] is not null and v_integers[1] is null then
      raise exception 'sync_crontab: %priority must be between -32768 and 32767 (got %)', v_prefix, v_numbers[1]
        using errcode = '22003';
    end if;
    if v_numbers[2] is not null and v_integers[2] is null then
      raise exception 'sync_crontab: %max_attempts must be %', v_prefix,
        case when v_numbers[2] < 1 then format('at least 1 (got %s)', v_numbers[2])
             else format('at most 32767 (got %s)', v_numbers[2]) end
        using errcode = case when v_numbers[2] < 1 then '22023' else '22003' end;
    end if;
    v_window := '1 day';
    if v_item ->> 'catch_up_window' is not null then
      begin
        v_window := (v_item ->> 'catch_up_window')::interval;
      exception when invalid_datetime_format or datetime_field_overflow or interval_field_overflow then
        raise exception 'sync_crontab: %catch_up_window must be an interval such as ''1 day'' or ''90 minutes'' (got %)',
          v_prefix, quote_literal(v_item ->> 'catch_up_window')
          using errcode = '22023';
      end;
    end if;

    if v_item ->> 'task_identifier' is null then
      -- (before id, which defaults to it)
      raise exception 'sync_crontab: %task_identifier must not be null', v_prefix using errcode = '22004';
    end if;
    v_spec := :GRAPHILE_WORKER_SCHEMA._schedule_spec('sync_crontab', v_prefix,
      coalesce(v_item ->> 'id', v_item ->> 'task_identifier'),
      v_item ->> 'cron',
      v_item ->> 'task_identifier',
      case when json_typeof(v_item -> 'payload') <> 'null' then v_item -> 'payload' end,
      coalesce(v_item ->> 'time_zone', 'UTC'),
      v_item ->> 'queue_name',
      v_integers[1],
      v_integers[2],
      case when json_typeof(v_item -> 'flags') = 'array'
        then array(select json_array_elements_text(v_item -> 'flags')) end,
      v_item ->> 'job_key',
      v_item ->> 'job_key_mode',
      coalesce(v_item ->> 'catch_up', 'latest'),
      v_window);
    v_spec.source := sync_crontab.source;
    v_specs := v_specs || v_spec;
  end loop;

  select dup.id, dup.first_n, dup.second_n
  into v_dup
  from (
    select s.id, min(s.ordinality) as first_n, (array_agg(s.ordinality order by s.ordinality))[2] as second_n
    from unnest(v_specs) with ordinality as s
    group by s.id
    having count(*) > 1
  ) as dup
  order by dup.second_n
  limit 1;
  if found then
    raise exception 'sync_crontab: items[%].id % repeats items[%].id; a crontab may use each id once',
      v_dup.second_n, quote_literal(v_dup.id), v_dup.first_n
      using errcode = '21000';
  end if;
  v_ids := array(select s.id from unnest(v_specs) as s);

  -- 2. Each item, in id order (so that concurrent syncs wait for each other).
  for v_spec in select s.* from unnest(v_specs) as s order by s.id loop
    loop
      select * into v_old
      from :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
      where schedules.id = v_spec.id
      for update;

      if not found then
        -- 2a. A new schedule, going on from Graphile Worker's history.
        select * into v_known
        from :GRAPHILE_WORKER_SCHEMA._private_known_crontabs as known
        where known.identifier = v_spec.id
        for update;
        if found then
          v_from := coalesce(v_known.last_execution, v_known.known_since - interval '1 microsecond');
          v_last := v_known.last_execution;
        else
          insert into :GRAPHILE_WORKER_SCHEMA._private_known_crontabs (identifier, known_since)
          values (v_spec.id, now())
          on conflict do nothing;
          v_from := now();
          v_last := null;
        end if;
        insert into :GRAPHILE_WORKER_SCHEMA._private_schedules
          (id, cron, fields, time_zone, task_identifier, payload, queue_name, priority, max_attempts, flags,
           job_key, job_key_mode, catch_up, catch_up_window, enabled, source, last_fire_at, next_fire_at)
        values (v_spec.id, v_spec.cron, v_spec.fields, v_spec.time_zone, v_spec.task_identifier, v_spec.payload,
          v_spec.queue_name, v_spec.priority, v_spec.max_attempts, v_spec.flags, v_spec.job_key,
          v_spec.job_key_mode, v_spec.catch_up, v_spec.catch_up_window, true, v_spec.source, v_last,
          :GRAPHILE_WORKER_SCHEMA._next_fire(v_spec.fields, v_spec.time_zone, v_from))
        on conflict on constraint _private_schedules_pkey do nothing;
        if found then
          id := v_spec.id;
          change := 'added';
          return next;
          exit;
        end if;
        continue;
      end if;

      if v_old.source is distinct from v_spec.source then
        raise exception 'sync_crontab: items[%].id % is already a schedule %', array_position(v_ids, v_spec.id),
          quote_literal(v_spec.id),
          case when v_old.source is null then 'made with upsert_schedule'
               else format('of crontab %s', quote_literal(v_old.source)) end
          using errcode = '55000';
      end if;

      -- 2b. A changed or returning item.
      v_restored := v_old.vanished_at is not null;
      v_retimed := v_old.cron <> v_spec.cron or v_old.time_zone <> v_spec.time_zone;
      if v_restored or v_retimed
        or v_old.task_identifier <> v_spec.task_identifier
        or v_old.payload::jsonb <> v_spec.payload::jsonb
        or v_old.queue_name is distinct from v_spec.queue_name
        or v_old.priority is distinct from v_spec.priority
        or v_old.max_attempts is distinct from v_spec.max_attempts
        or v_old.flags is distinct from v_spec.flags
        or v_old.job_key is distinct from v_spec.job_key
        or v_old.job_key_mode is distinct from v_spec.job_key_mode
        or v_old.catch_up <> v_spec.catch_up
        or v_old.catch_up_window <> v_spec.catch_up_window then
        update :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
        set cron = v_spec.cron,
            fields = v_spec.fields,
            time_zone = v_spec.time_zone,
            task_identifier = v_spec.task_identifier,
            payload = v_spec.payload,
            queue_name = v_spec.queue_name,
            priority = v_spec.priority,
            max_attempts = v_spec.max_attempts,
            flags = v_spec.flags,
            job_key = v_spec.job_key,
            job_key_mode = v_spec.job_key_mode,
            catch_up = v_spec.catch_up,
            catch_up_window = v_spec.catch_up_window,
            enabled = schedules.enabled or v_restored,
            vanished_at = null,
            next_fire_at = case
              when schedules.enabled and not v_retimed then schedules.next_fire_at
              when schedules.enabled or v_restored
                then :GRAPHILE_WORKER_SCHEMA._next_fire(v_spec.fields, v_spec.time_zone, now())
            end,
            updated_at = now()
        where schedules.id = v_old.id;
        id := v_spec.id;
        change := case when v_restored then 'restored' else 'updated' end;
        return next;
      end if;
      exit;
    end loop;
  end loop;

  -- 3. Schedules whose item is gone: disabled, in id order.
  return query
  with gone as (
    select schedules.id
    from :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
    where schedules.source = sync_crontab.source
      and schedules.vanished_at is null
      and schedules.id <> all(v_ids)
    order by schedules.id
    for update
  )
  update :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
  set enabled = false,
      next_fire_at = null,
      vanished_at = now(),
      updated_at = now()
  from gone
  where schedules.id = gone.id
  returning schedules.id, 'disabled'::text;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.sync_crontab is
  'Makes the recurring jobs of a crontab (source) those of items, idempotently; continues Graphile Worker''s crontab history; returns what changed.';
