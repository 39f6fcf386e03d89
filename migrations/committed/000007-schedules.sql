--! Previous: sha1:4931da295a79689d7d5e1160b0dfa00a22b1f66d
--! Hash: sha1:3a007fe2f9a77a31fee56b05ac5303e8eb9c9f38
--! Message: schedules

-- Recurring schedules: schedules are rows (_private_schedules, read through
-- the schedules view), managed by upsert_schedule, remove_schedule,
-- pause_schedule, resume_schedule, trigger_schedule and sync_crontab, and
-- fired exactly once per fire time by any number of concurrent
-- tick_schedules callers; 5-field cron read in an IANA time zone with
-- PostgreSQL's tz data (preview_schedule shows what it does); catch-up none,
-- latest or all within a window; jobs carry Graphile Worker's
-- `_cron: {ts, backfilled}`. Graphile Worker's _private_known_crontabs is
-- created if missing (a database adopted from Graphile Worker keeps its
-- own), so that crontabs synced into the table go on from its history.
-- rules() lists the catch-up policies, the grace and the per-tick cap.

-- How late a tick may handle a fire time for it to count as on time: later
-- than this, the fire was missed, and the schedule's catch_up decides.
create function :GRAPHILE_WORKER_SCHEMA._schedule_grace()
returns interval
language sql
immutable
parallel safe
as $$
  select '1 minute'::pg_catalog.interval
$$;

-- The catch-up policies a schedule may have (upsert_schedule's default is
-- latest).
create function :GRAPHILE_WORKER_SCHEMA._catch_ups()
returns text[]
language sql
immutable
parallel safe
as $$
  select array['none', 'latest', 'all']::pg_catalog.text[]
$$;

-- The most fire times of one schedule one tick_schedules call handles
-- (catch_up 'all' after a long pause); the next call goes on from there.
create function :GRAPHILE_WORKER_SCHEMA._max_fires_per_tick()
returns integer
language sql
immutable
parallel safe
as $$
  select 1000
$$;

-- The queue's limits, defaults and names in one document, so that clients
-- (the TypeScript package, the command line, workers in other languages)
-- check input by the same rules as the functions. Durations are in seconds.
create or replace function :GRAPHILE_WORKER_SCHEMA.rules()
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
    'heartbeat_interval_default_seconds', 30,
    'catch_ups', pg_catalog.to_jsonb(:GRAPHILE_WORKER_SCHEMA._catch_ups()),
    'catch_up_default', 'latest',
    'catch_up_window_default_seconds', 86400,
    'schedule_grace_seconds', pg_catalog.date_part('epoch', :GRAPHILE_WORKER_SCHEMA._schedule_grace()),
    'max_fires_per_tick', :GRAPHILE_WORKER_SCHEMA._max_fires_per_tick()
  )
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.rules is
  'The limits, defaults and names the functions enforce (durations in seconds), for clients to check input by.';

-- A cron expression as _parse_cron reads it: lookup tables that let
-- _next_local jump straight to the next matching month, day, hour and
-- minute instead of stepping through time.
create type :GRAPHILE_WORKER_SCHEMA._cron_fields as (
  -- [v + 1]: the smallest minute >= v in the minute field, or null.
  minute_next smallint[],
  -- [v + 1]: the smallest hour >= v in the hour field, or null.
  hour_next smallint[],
  -- [v]: the smallest month >= v in the month field, or null.
  month_next smallint[],
  -- [d]: day-of-month d is in the field.
  days boolean[],
  -- [w + 1]: day-of-week w (0 = Sunday) is in the field.
  weekdays boolean[],
  -- The field leaves out some day-of-month (some day-of-week): when both
  -- do, a day matches if either field names it (cron's rule).
  days_restricted boolean,
  weekdays_restricted boolean
);

-- Graphile Worker's record of the crontab items it has seen and when each
-- last fired, with its exact definition: a database adopted from Graphile
-- Worker keeps its rows. sync_crontab reads it so that an adopted crontab
-- neither fires twice nor loses a fire at the switch, and tick_schedules
-- keeps last_execution up to date for crontab schedules (and skips a fire
-- time that is already recorded, as Graphile Worker's own scheduler does).
create table if not exists :GRAPHILE_WORKER_SCHEMA._private_known_crontabs (
  identifier text not null primary key,
  known_since timestamptz not null,
  last_execution timestamptz
);
alter table :GRAPHILE_WORKER_SCHEMA._private_known_crontabs enable row level security;
comment on table :GRAPHILE_WORKER_SCHEMA._private_known_crontabs is
  'Crontab items by identifier (Graphile Worker''s table): when each was first seen and last fired.';

-- Recurring jobs: one row per schedule. Read them through the schedules
-- view; change them through upsert_schedule, sync_crontab and friends;
-- tick_schedules fires them.
create table :GRAPHILE_WORKER_SCHEMA._private_schedules (
  id text primary key
    constraint _private_schedules_id_check check (length(id) between 1 and 128),
  cron text not null,
  fields :GRAPHILE_WORKER_SCHEMA._cron_fields not null,
  time_zone text not null default 'UTC',
  task_identifier text not null
    constraint _private_schedules_task_identifier_check check (length(task_identifier) between 1 and 128),
  payload json not null default '{}'::json,
  queue_name text
    constraint _private_schedules_queue_name_check check (length(queue_name) between 1 and 128),
  priority smallint,
  max_attempts smallint
    constraint _private_schedules_max_attempts_check check (max_attempts >= 1),
  flags text[],
  job_key text
    constraint _private_schedules_job_key_check check (length(job_key) between 1 and 512),
  job_key_mode text,
  catch_up text not null default 'latest'
    constraint _private_schedules_catch_up_check check (catch_up in ('none', 'latest', 'all')),
  catch_up_window interval not null default '1 day'
    constraint _private_schedules_catch_up_window_check check (catch_up_window >= '0'::interval),
  enabled boolean not null default true,
  source text
    constraint _private_schedules_source_check check (length(source) between 1 and 128),
  vanished_at timestamptz,
  last_fire_at timestamptz,
  next_fire_at timestamptz,
  last_job_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint _private_schedules_next_fire_at_check check (enabled = (next_fire_at is not null))
);

-- The tick: due schedules, soonest first. An idle tick is one probe here.
create index _private_schedules_due on :GRAPHILE_WORKER_SCHEMA._private_schedules (next_fire_at)
  where enabled;

-- A crontab's schedules, for sync_crontab.
create index _private_schedules_source on :GRAPHILE_WORKER_SCHEMA._private_schedules (source, id)
  where source is not null;

comment on table :GRAPHILE_WORKER_SCHEMA._private_schedules is
  'Recurring jobs. Read them through the schedules view; change them through the schedule functions.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.cron is
  'Five cron fields (minute hour day-of-month month day-of-week) or @yearly, @monthly, @weekly, @daily, @hourly, as written.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.fields is
  'The cron expression parsed (_parse_cron), for _next_fire.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.time_zone is
  'The IANA time zone the cron fields are read in (PostgreSQL''s tz data).';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.catch_up is
  'Fires missed by more than the grace (rules()): none skips them, latest fires the most recent one within catch_up_window, all fires every one within catch_up_window.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.source is
  'The crontab (sync_crontab source) that defines this schedule; null for schedules made with upsert_schedule.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.vanished_at is
  'When the schedule left its crontab (sync_crontab disabled it then); null while it is in it.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.next_fire_at is
  'The next fire time not yet handled by a tick (in the past while a tick is due); null while disabled.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.last_job_id is
  'The job of the latest fire or trigger_schedule.';

-- The public view of the schedules.
create view :GRAPHILE_WORKER_SCHEMA.schedules as
  select
    schedules.id,
    schedules.cron,
    schedules.time_zone,
    schedules.task_identifier,
    schedules.payload,
    schedules.queue_name,
    schedules.priority,
    schedules.max_attempts,
    schedules.flags,
    schedules.job_key,
    schedules.job_key_mode,
    schedules.catch_up,
    schedules.catch_up_window,
    schedules.enabled,
    schedules.source,
    schedules.last_fire_at,
    schedules.next_fire_at,
    schedules.last_job_id,
    schedules.created_at,
    schedules.updated_at
  from :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules;
comment on view :GRAPHILE_WORKER_SCHEMA.schedules is
  'Every recurring job, with when it last fired, when it fires next and its latest job.';

-- One field of a cron expression as a mask: [v - low + 1] is true when the
-- field names value v. A field is a comma-separated list of `*`, a value or
-- a range `a-b`, each optionally followed by `/step`; values are numbers
-- from low to high, or (month, day-of-week) the English three-letter names,
-- in any case. Refuses anything else with an error that names the field.
--
-- caller, argument: the function and argument named in errors.
-- name: the field's name (minute, hour, day-of-month, month, day-of-week).
-- names: the names of the values, names[1] being value name_base; a
-- day-of-week range ending in sun ends at 7 (`fri-sun`).
create function :GRAPHILE_WORKER_SCHEMA._parse_cron_field(
  caller text,
  argument text,
  name text,
  field text,
  low integer,
  high integer,
  names text[],
  name_base integer
)
returns boolean[]
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_mask boolean[] := array_fill(false, array[high - low + 1]);
  v_item text;
  v_match text[];
  v_from integer;
  v_to integer;
  v_step integer;
  v_token text;
  v_value integer;
  v_values integer[];
  v_range text;
begin
  foreach v_item in array string_to_array(field, ',') loop
    v_match := regexp_match(v_item, '^(?:(\*)|([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?)(?:/([0-9]+))?$');
    if v_match is null or (v_match[2] is not null and v_match[3] is null and v_match[4] is not null) then
      raise exception '%: %''s % field must be *, a value or a range a-b, or a comma-separated list of them, each optionally followed by /step (got %)',
        caller, argument, name, quote_literal(v_item)
        using errcode = '22023';
    end if;

    -- 1. The values the item names.
    v_values := '{}';
    foreach v_token in array array[v_match[2], v_match[3]] loop
      continue when v_token is null;
      if v_token ~ '^[0-9]+$' then
        v_value := case when length(v_token) <= 4 then v_token::integer end;
      else
        v_value := array_position(names, lower(v_token)) - 1 + name_base;
        if v_value = name_base and name = 'day-of-week' and v_token is not distinct from v_match[3]
          and v_values[1] > 0 then
          v_value := 7;
        end if;
      end if;
      if v_value is null or v_value not between low and high then
        raise exception using
          errcode = '22023',
          message = format('%s: %s''s %s field must hold values from %s to %s%s (got %s)',
            caller, argument, name, low, high,
            case when names is not null then format(' or %s to %s', names[1], names[cardinality(names)]) else '' end,
            quote_literal(v_token));
      end if;
      v_values := v_values || v_value;
    end loop;

    -- 2. The range and step.
    if v_match[1] is not null then
      v_from := low;
      v_to := case when name = 'day-of-week' then 6 else high end;
    else
      v_from := v_values[1];
      v_to := coalesce(v_values[2], v_values[1]);
    end if;
    if v_to < v_from then
      raise exception '%: %''s % field must not have a range that ends before it starts (got %)',
        caller, argument, name, quote_literal(v_item)
        using errcode = '22023';
    end if;
    v_step := case when v_match[4] is null then 1
                   when length(v_match[4]) <= 4 then v_match[4]::integer
                   else high + 1 end;
    if v_step < 1 then
      raise exception '%: %''s % field must have steps of at least 1 (got %)',
        caller, argument, name, quote_literal(v_item)
        using errcode = '22023';
    end if;

    for v_value in v_from..v_to by v_step loop
      v_mask[v_value - low + 1] := true;
    end loop;
  end loop;
  return v_mask;
end;
$$;

-- A cron expression, parsed: five fields (minute hour day-of-month month
-- day-of-week) or @yearly, @monthly, @weekly, @daily, @hourly. Each field
-- is read by _parse_cron_field; day-of-week 7 is Sunday, as 0 is. A field
-- is restricted when it leaves out some value (`*/2` in day-of-month is);
-- when day-of-month and day-of-week both are, a day matches if either
-- names it (cron's rule, and Graphile Worker's reading of "restricted").
-- An expression that can never fire (`0 0 31 2 *`) is refused.
--
-- caller, argument: the function and argument named in errors.
create function :GRAPHILE_WORKER_SCHEMA._parse_cron(caller text, argument text, cron text)
returns :GRAPHILE_WORKER_SCHEMA._cron_fields
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_text text := btrim(cron, E' \t\r\n');
  v_parts text[];
  v_minutes boolean[];
  v_hours boolean[];
  v_days boolean[];
  v_months boolean[];
  v_weekdays boolean[];
  v_minute_next smallint[] := array_fill(null::smallint, array[60]);
  v_hour_next smallint[] := array_fill(null::smallint, array[24]);
  v_month_next smallint[] := array_fill(null::smallint, array[12]);
  v_next smallint;
  v_days_restricted boolean;
  v_weekdays_restricted boolean;
  v_longest constant integer[] := array[31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
begin
  -- 1. Five fields, or a nickname for five.
  if cron is null then
    raise exception '%: % must not be null', caller, argument using errcode = '22004';
  end if;
  v_text := case lower(v_text)
    when '@yearly' then '0 0 1 1 *'
    when '@monthly' then '0 0 1 * *'
    when '@weekly' then '0 0 * * 0'
    when '@daily' then '0 0 * * *'
    when '@hourly' then '0 * * * *'
    else v_text
  end;
  v_parts := regexp_split_to_array(v_text, '[ \t]+');
  if v_text = '' or v_text like '@%' or cardinality(v_parts) <> 5 then
    raise exception '%: % must have 5 fields (minute hour day-of-month month day-of-week) or be one of @yearly, @monthly, @weekly, @daily, @hourly (got %)',
      caller, argument, quote_literal(cron)
      using errcode = '22023';
  end if;

  -- 2. Each field.
  v_minutes := :GRAPHILE_WORKER_SCHEMA._parse_cron_field(caller, argument, 'minute', v_parts[1], 0, 59, null, 0);
  v_hours := :GRAPHILE_WORKER_SCHEMA._parse_cron_field(caller, argument, 'hour', v_parts[2], 0, 23, null, 0);
  v_days := :GRAPHILE_WORKER_SCHEMA._parse_cron_field(caller, argument, 'day-of-month', v_parts[3], 1, 31, null, 1);
  v_months := :GRAPHILE_WORKER_SCHEMA._parse_cron_field(caller, argument, 'month', v_parts[4], 1, 12,
    array['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], 1);
  v_weekdays := :GRAPHILE_WORKER_SCHEMA._parse_cron_field(caller, argument, 'day-of-week', v_parts[5], 0, 7,
    array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], 0);
  v_weekdays[1] := v_weekdays[1] or v_weekdays[8];   -- 7 is Sunday too
  v_weekdays := v_weekdays[1:7];
  v_days_restricted := false = any(v_days);
  v_weekdays_restricted := false = any(v_weekdays);

  -- 3. A day-of-month that no month of the month field has never comes
  --    (unless day-of-week names days too).
  if v_days_restricted and not v_weekdays_restricted and not exists (
    select 1
    from generate_series(1, 12) as month
    join generate_series(1, 31) as day on day <= v_longest[month]
    where v_months[month] and v_days[day]
  ) then
    raise exception '%: % must name a day that exists: no month of its month field has a day of its day-of-month field (got %)',
      caller, argument, quote_literal(cron)
      using errcode = '22023';
  end if;

  -- 4. Lookup tables: the next value in the field at or after each value.
  v_next := null;
  for v in reverse 59..0 loop
    if v_minutes[v + 1] then v_next := v; end if;
    v_minute_next[v + 1] := v_next;
  end loop;
  v_next := null;
  for v in reverse 23..0 loop
    if v_hours[v + 1] then v_next := v; end if;
    v_hour_next[v + 1] := v_next;
  end loop;
  v_next := null;
  for v in reverse 12..1 loop
    if v_months[v] then v_next := v; end if;
    v_month_next[v] := v_next;
  end loop;

  return row(v_minute_next, v_hour_next, v_month_next, v_days, v_weekdays,
    v_days_restricted, v_weekdays_restricted):::GRAPHILE_WORKER_SCHEMA._cron_fields;
end;
$$;

-- The first wall-clock time after `after` (a local time, to the minute)
-- that the parsed cron fields match, or null if none comes within ten
-- years (never, for fields _parse_cron accepted). Walks months, then days,
-- then hours, then minutes, jumping to the next value each field allows:
-- a few steps per call, however sparse the expression.
create function :GRAPHILE_WORKER_SCHEMA._next_local(fields :GRAPHILE_WORKER_SCHEMA._cron_fields, after timestamp)
returns timestamp
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_start timestamp := date_trunc('minute', after) + interval '1 minute';
  v_year integer := extract(year from v_start)::integer;
  v_month integer := extract(month from v_start)::integer;
  v_day integer := extract(day from v_start)::integer;
  v_hour integer := extract(hour from v_start)::integer;
  v_minute integer := extract(minute from v_start)::integer;
  v_next integer;
  v_month_days integer;
  v_first_weekday integer;
  v_weekday integer;
  v_match boolean;
  v_both boolean := fields.days_restricted and fields.weekdays_restricted;
begin
  -- Each pass either returns or moves on to a later month, day or hour;
  -- ten years are at most a few hundred passes.
  for pass in 1..1000 loop
    exit when v_year > extract(year from v_start)::integer + 10;

    -- 1. The month.
    v_next := fields.month_next[v_month];
    if v_next is null then
      v_year := v_year + 1; v_month := 1; v_day := 1; v_hour := 0; v_minute := 0;
      continue;
    end if;
    if v_next <> v_month then
      v_month := v_next; v_day := 1; v_hour := 0; v_minute := 0;
    end if;

    -- 2. The day: day-of-month and day-of-week (either, when both are restricted).
    v_month_days := extract(day from make_date(v_year, v_month, 1) + interval '1 month - 1 day')::integer;
    v_first_weekday := extract(dow from make_date(v_year, v_month, 1))::integer;
    v_next := null;
    for day in v_day..v_month_days loop
      v_weekday := (v_first_weekday + day - 1) % 7;
      v_match := case
        when v_both then fields.days[day] or fields.weekdays[v_weekday + 1]
        when fields.days_restricted then fields.days[day]
        when fields.weekdays_restricted then fields.weekdays[v_weekday + 1]
        else true
      end;
      if v_match then
        v_next := day;
        exit;
      end if;
    end loop;
    if v_next is null then
      v_month := v_month + 1; v_day := 1; v_hour := 0; v_minute := 0;
      if v_month > 12 then v_year := v_year + 1; v_month := 1; end if;
      continue;
    end if;
    if v_next <> v_day then
      v_day := v_next; v_hour := 0; v_minute := 0;
    end if;

    -- 3. The hour.
    v_next := fields.hour_next[v_hour + 1];
    if v_next is null then
      v_day := v_day + 1; v_hour := 0; v_minute := 0;
      continue;
    end if;
    if v_next <> v_hour then
      v_hour := v_next; v_minute := 0;
    end if;

    -- 4. The minute.
    v_next := fields.minute_next[v_minute + 1];
    if v_next is null then
      v_hour := v_hour + 1; v_minute := 0;
      if v_hour > 23 then v_day := v_day + 1; v_hour := 0; end if;
      continue;
    end if;
    return make_timestamp(v_year, v_month, v_day, v_hour, v_next, 0);
  end loop;
  return null;
end;
$$;

-- The instant, to the second, at which time_zone's UTC offset changes
-- between low and high (whose offsets differ): a binary search on
-- PostgreSQL's tz data, which lists no transitions itself. With several
-- changes in between, one of them.
create function :GRAPHILE_WORKER_SCHEMA._utc_offset_change(time_zone text, low timestamptz, high timestamptz)
returns timestamptz
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_low timestamptz := low;
  v_high timestamptz := high;
  v_high_offset interval := (high at time zone time_zone) - (high at time zone 'UTC');
  v_mid timestamptz;
begin
  while v_high - v_low > interval '1 second' loop
    v_mid := v_low + (v_high - v_low) / 2;
    if (v_mid at time zone time_zone) - (v_mid at time zone 'UTC') = v_high_offset then
      v_high := v_mid;
    else
      v_low := v_mid;
    end if;
  end loop;
  -- Offsets change on whole seconds: the change is the last whole second
  -- at or before v_high (v_low is less than a second before it).
  return date_trunc('second', v_high);
end;
$$;

-- The first instant after `after` at which a schedule with these cron
-- fields fires, reading the fields as wall-clock time in time_zone
-- (PostgreSQL's tz data, `timestamp at time zone`).
--
-- Every matching local time fires once, at the instant PostgreSQL gives
-- it: a local time in a spring-forward gap is read with the offset before
-- the change (02:30 on a night that skips from 02:00 to 03:00 fires at
-- 03:30), and a local time the autumn change repeats is read as the second
-- of the two (standard time). Two local times that fall on one instant
-- fire once.
--
-- Mostly one step: the next matching local time after after's local time.
-- Near an offset change (26 hours either side: the largest jump in the tz
-- data is a day), two more candidates: gap times of a spring-forward just
-- before `after` that land after it, and repeated times of an autumn change
-- just after it whose second reading lands after it. One change each side
-- is assumed.
create function :GRAPHILE_WORKER_SCHEMA._next_fire(
  fields :GRAPHILE_WORKER_SCHEMA._cron_fields,
  time_zone text,
  after timestamptz
)
returns timestamptz
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_reach constant interval := '26 hours';
  v_utc timestamp := after at time zone 'UTC';
  v_local timestamp;
  v_offset interval;
  v_other interval;
  v_change timestamptz;
  v_candidate timestamp;
  v_fire timestamptz;
  v_best timestamptz;
begin
  if time_zone = 'UTC' then
    return :GRAPHILE_WORKER_SCHEMA._next_local(fields, v_utc) at time zone 'UTC';
  end if;
  v_local := after at time zone time_zone;
  v_offset := v_local - v_utc;

  -- 1. The next matching local time after after's own.
  v_candidate := :GRAPHILE_WORKER_SCHEMA._next_local(fields, v_local);
  if v_candidate is null then
    return null;
  end if;
  v_best := v_candidate at time zone time_zone;

  -- 2. A spring-forward shortly before `after`: local times in its gap
  --    are read with the old (smaller) offset, so some may land after it.
  v_other := ((after - v_reach) at time zone time_zone) - ((after - v_reach) at time zone 'UTC');
  if v_other < v_offset then
    v_change := :GRAPHILE_WORKER_SCHEMA._utc_offset_change(time_zone, after - v_reach, after);
    v_other := ((v_change - interval '1 second') at time zone time_zone)
      - ((v_change - interval '1 second') at time zone 'UTC');
    if v_other < v_offset then
      v_candidate := :GRAPHILE_WORKER_SCHEMA._next_local(fields, v_utc + v_other);
      if v_candidate < (v_change at time zone 'UTC') + v_offset then
        v_fire := v_candidate at time zone time_zone;
        if v_fire > after and v_fire < v_best then
          v_best := v_fire;
        end if;
      end if;
    end if;
  end if;

  -- 3. An autumn change shortly after `after`: the repeated local times
  --    are read as their second occurrence, after the change, so those at
  --    or before after's local time (in the first pass) still lie ahead.
  v_other := ((after + v_reach) at time zone time_zone) - ((after + v_reach) at time zone 'UTC');
  if v_other < v_offset then
    v_change := :GRAPHILE_WORKER_SCHEMA._utc_offset_change(time_zone, after, after + v_reach);
    v_other := (v_change at time zone time_zone) - (v_change at time zone 'UTC');
    if v_other < v_offset and (v_change at time zone 'UTC') + v_other <= v_local then
      v_candidate := :GRAPHILE_WORKER_SCHEMA._next_local(
        fields, (v_change at time zone 'UTC') + v_other - interval '1 microsecond');
      v_fire := v_candidate at time zone time_zone;
      if v_fire > after and v_fire < v_best then
        v_best := v_fire;
      end if;
    end if;
  end if;

  return v_best;
end;
$$;

-- The tz data's spelling of a time zone file name (america/new_york gives
-- America/New_York), or null if PostgreSQL has no such zone: the TimeZone
-- setting canonicalizes what it is set to, and the SET clause restores the
-- caller's setting when this returns. Also takes what the setting takes
-- besides zone names (POSIX strings, offsets): _check_time_zone only asks
-- it about region/city names.
create function :GRAPHILE_WORKER_SCHEMA._time_zone_name(time_zone text)
returns text
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
set timezone = 'UTC'
as $$
begin
  perform set_config('TimeZone', time_zone, true);
  return current_setting('TimeZone');
exception when invalid_parameter_value then
  return null;
end;
$$;

-- A time zone argument checked against PostgreSQL's IANA tz data, returned
-- as the tz data spells it (america/new_york becomes America/New_York).
-- What `at time zone` takes besides zone names (abbreviations such as PST,
-- POSIX strings such as UTC+3) is refused. Region/city names are looked up
-- directly (microseconds); the few names without a slash (GMT, Japan,
-- EST5EDT) in pg_timezone_names (tens of milliseconds).
create function :GRAPHILE_WORKER_SCHEMA._check_time_zone(caller text, argument text, time_zone text)
returns text
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_name text;
begin
  if time_zone is null then
    raise exception '%: % must not be null', caller, argument using errcode = '22004';
  end if;
  if time_zone = 'UTC' then
    return time_zone;
  end if;
  if time_zone ~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)+$' then
    v_name := :GRAPHILE_WORKER_SCHEMA._time_zone_name(time_zone);
  else
    select zones.name into v_name
    from pg_timezone_names as zones
    where lower(zones.name) = lower(time_zone)
    order by zones.name = time_zone desc, zones.name
    limit 1;
  end if;
  if v_name is null then
    raise exception '%: % must be an IANA time zone name such as Europe/London or America/New_York (got %)',
      caller, argument, quote_literal(time_zone)
      using errcode = '22023';
  end if;
  return v_name;
end;
$$;

-- A schedule as upsert_schedule and sync_crontab are asked to write it,
-- checked (in argument order) and with defaults applied: the cron parsed,
-- the time zone as the tz data spells it, the payload an object. Returned
-- as a row of _private_schedules, enabled, without source or fire times.
--
-- caller: the function named in errors; prefix: what precedes argument
-- names in them ('' or 'items[3].').
create function :GRAPHILE_WORKER_SCHEMA._schedule_spec(
  caller text,
  prefix text,
  id text,
  cron text,
  task_identifier text,
  payload json,
  time_zone text,
  queue_name text,
  priority integer,
  max_attempts integer,
  flags text[],
  job_key text,
  job_key_mode text,
  catch_up text,
  catch_up_window interval
)
returns :GRAPHILE_WORKER_SCHEMA._private_schedules
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_row :GRAPHILE_WORKER_SCHEMA._private_schedules;
  v_name_max constant integer := :GRAPHILE_WORKER_SCHEMA._name_max_length();
  v_key_max constant integer := :GRAPHILE_WORKER_SCHEMA._key_max_length();
begin
  if id is null then
    raise exception '%: %id must not be null', caller, prefix using errcode = '22004';
  end if;
  if id = '' then
    raise exception '%: %id must not be empty', caller, prefix using errcode = '22023';
  end if;
  if length(id) > v_name_max then
    raise exception '%: %id must be at most % characters (got %)', caller, prefix, v_name_max, length(id)
      using errcode = '22001';
  end if;
  v_row.fields := :GRAPHILE_WORKER_SCHEMA._parse_cron(caller, prefix || 'cron', cron);
  if task_identifier is null then
    raise exception '%: %task_identifier must not be null', caller, prefix using errcode = '22004';
  end if;
  if task_identifier = '' then
    raise exception '%: %task_identifier must not be empty', caller, prefix using errcode = '22023';
  end if;
  if length(task_identifier) > v_name_max then
    raise exception '%: %task_identifier must be at most % characters (got %)',
      caller, prefix, v_name_max, length(task_identifier)
      using errcode = '22001';
  end if;
  if json_typeof(payload) <> 'object' then
    raise exception '%: %payload must be a JSON object, which jobs get with _cron added (got %)',
      caller, prefix, json_typeof(payload)
      using errcode = '22023';
  end if;
  v_row.time_zone := :GRAPHILE_WORKER_SCHEMA._check_time_zone(caller, prefix || 'time_zone', time_zone);
  if queue_name = '' then
    raise exception '%: %queue_name must not be empty', caller, prefix using errcode = '22023';
  end if;
  if length(queue_name) > v_name_max then
    raise exception '%: %queue_name must be at most % characters (got %)', caller, prefix, v_name_max, length(queue_name)
      using errcode = '22001';
  end if;
  if priority not between -32768 and 32767 then
    raise exception '%: %priority must be between -32768 and 32767 (got %)', caller, prefix, priority
      using errcode = '22003';
  end if;
  if max_attempts < 1 then
    raise exception '%: %max_attempts must be at least 1 (got %)', caller, prefix, max_attempts
      using errcode = '22023';
  end if;
  if max_attempts > 32767 then
    raise exception '%: %max_attempts must be at most 32767 (got %)', caller, prefix, max_attempts
      using errcode = '22003';
  end if;
  if array_position(flags, null) is not null then
    raise exception '%: %flags must not contain null', caller, prefix using errcode = '22004';
  end if;
  if array_position(flags, '') is not null then
    raise exception '%: %flags must not contain an empty string', caller, prefix using errcode = '22023';
  end if;
  if job_key = '' then
    raise exception '%: %job_key must not be empty', caller, prefix using errcode = '22023';
  end if;
  if length(job_key) > v_key_max then
    raise exception '%: %job_key must be at most % characters (got %)', caller, prefix, v_key_max, length(job_key)
      using errcode = '22001';
  end if;
  if job_key_mode <> all(:GRAPHILE_WORKER_SCHEMA._job_key_modes()) then
    raise exception '%: %job_key_mode must be one of % (got %)',
      caller, prefix, array_to_string(:GRAPHILE_WORKER_SCHEMA._job_key_modes(), ', '), quote_literal(job_key_mode)
      using errcode = '22023';
  end if;
  if catch_up is null then
    raise exception '%: %catch_up must not be null', caller, prefix using errcode = '22004';
  end if;
  if catch_up <> all(:GRAPHILE_WORKER_SCHEMA._catch_ups()) then
    raise exception '%: %catch_up must be one of % (got %)',
      caller, prefix, array_to_string(:GRAPHILE_WORKER_SCHEMA._catch_ups(), ', '), quote_literal(catch_up)
      using errcode = '22023';
  end if;
  if catch_up_window is null then
    raise exception '%: %catch_up_window must not be null', caller, prefix using errcode = '22004';
  end if;
  if catch_up_window < '0'::interval or catch_up_window > '100 years'::interval then
    raise exception '%: %catch_up_window must be an interval from 0 to 100 years (got %)', caller, prefix, catch_up_window
      using errcode = '22023';
  end if;

  v_row.id := id;
  v_row.cron := cron;
  v_row.task_identifier := task_identifier;
  v_row.payload := coalesce(payload, '{}'::json);
  v_row.queue_name := queue_name;
  v_row.priority := priority;
  v_row.max_attempts := max_attempts;
  v_row.flags := flags;
  v_row.job_key := job_key;
  v_row.job_key_mode := job_key_mode;
  v_row.catch_up := catch_up;
  v_row.catch_up_window := catch_up_window;
  v_row.enabled := true;
  return v_row;
end;
$$;

-- A row of _private_schedules as the public view's row type (without the
-- private columns). The planner inlines it: functions write
-- `returning (_schedule_row(schedules)).*`.
create function :GRAPHILE_WORKER_SCHEMA._schedule_row(schedules :GRAPHILE_WORKER_SCHEMA._private_schedules)
returns :GRAPHILE_WORKER_SCHEMA.schedules
language sql
immutable
parallel safe
as $$
  select row(
    schedules.id, schedules.cron, schedules.time_zone, schedules.task_identifier, schedules.payload,
    schedules.queue_name, schedules.priority, schedules.max_attempts, schedules.flags, schedules.job_key,
    schedules.job_key_mode, schedules.catch_up, schedules.catch_up_window, schedules.enabled, schedules.source,
    schedules.last_fire_at, schedules.next_fire_at, schedules.last_job_id, schedules.created_at,
    schedules.updated_at
  ):::GRAPHILE_WORKER_SCHEMA.schedules
$$;

-- The job a schedule adds for one fire time: the schedule's task, queue,
-- priority, max_attempts, flags and key; run_at the fire time (null: now);
-- its payload with Graphile Worker's `_cron: {ts, backfilled}` added, ts
-- being the fire time as JavaScript's toISOString writes it.
create function :GRAPHILE_WORKER_SCHEMA._schedule_job(
  schedules :GRAPHILE_WORKER_SCHEMA._private_schedules,
  fire_at timestamptz,
  run_at timestamptz,
  backfilled boolean
)
returns :GRAPHILE_WORKER_SCHEMA.job_spec
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
  select row(
    schedules.task_identifier,
    (schedules.payload::jsonb || jsonb_build_object('_cron', jsonb_build_object(
      'ts', to_char(fire_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'backfilled', backfilled)))::json,
    schedules.queue_name,
    run_at,
    schedules.max_attempts,
    schedules.job_key,
    schedules.priority,
    schedules.flags
  ):::GRAPHILE_WORKER_SCHEMA.job_spec
$$;

-- Create or replace the schedule with this id: a job for task_identifier at
-- every time the cron expression names, read in time_zone. The job
-- arguments are add_job's (payload must be an object: its jobs get
-- `_cron: {ts, backfilled}` added). catch_up says what to do with fire
-- times missed by more than a minute (none: skip them; latest: one job for
-- the most recent one within catch_up_window; all: every one within
-- catch_up_window). enabled false makes (or keeps) it paused.
--
-- A new schedule first fires at its first fire time after now. Replacing a
-- schedule keeps its timetable (and any fires due) unless the cron, the
-- time zone or enabled changed: then it starts afresh from now. A schedule
-- of a crontab (sync_crontab) is refused: change it there.
create function :GRAPHILE_WORKER_SCHEMA.upsert_schedule(
  id text,
  cron text,
  task_identifier text,
  payload json default null,
  time_zone text default 'UTC',
  queue_name text default null,
  priority integer default null,
  max_attempts integer default null,
  flags text[] default null,
  job_key text default null,
  job_key_mode text default null,
  catch_up text default 'latest',
  catch_up_window interval default '1 day',
  enabled boolean default true
)
returns :GRAPHILE_WORKER_SCHEMA.schedules
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_new :GRAPHILE_WORKER_SCHEMA._private_schedules;
  v_old :GRAPHILE_WORKER_SCHEMA._private_schedules;
  v_row :GRAPHILE_WORKER_SCHEMA._private_schedules;
begin
  -- 1. Refuse bad input.
  v_new := :GRAPHILE_WORKER_SCHEMA._schedule_spec('upsert_schedule', '',
    upsert_schedule.id, upsert_schedule.cron, upsert_schedule.task_identifier, upsert_schedule.payload,
    upsert_schedule.time_zone, upsert_schedule.queue_name, upsert_schedule.priority, upsert_schedule.max_attempts,
    upsert_schedule.flags, upsert_schedule.job_key, upsert_schedule.job_key_mode, upsert_schedule.catch_up,
    upsert_schedule.catch_up_window);
  if upsert_schedule.enabled is null then
    raise exception 'upsert_schedule: enabled must not be null' using errcode = '22004';
  end if;

  loop
    -- 2. An existing schedule, locked.
    select * into v_old
    from :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
    where schedules.id = v_new.id
    for update;

    if not found then
      -- 3. A new one (or, if another session creates it first, go round).
      insert into :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
        (id, cron, fields, time_zone, task_identifier, payload, queue_name, priority, max_attempts, flags,
         job_key, job_key_mode, catch_up, catch_up_window, enabled, next_fire_at)
      values (v_new.id, v_new.cron, v_new.fields, v_new.time_zone, v_new.task_identifier, v_new.payload,
        v_new.queue_name, v_new.priority, v_new.max_attempts, v_new.flags, v_new.job_key, v_new.job_key_mode,
        v_new.catch_up, v_new.catch_up_window, upsert_schedule.enabled,
        case when upsert_schedule.enabled
          then :GRAPHILE_WORKER_SCHEMA._next_fire(v_new.fields, v_new.time_zone, now()) end)
      on conflict on constraint _private_schedules_pkey do nothing
      returning * into v_row;
      if found then
        return :GRAPHILE_WORKER_SCHEMA._schedule_row(v_row);
      end if;
      continue;
    end if;

    if v_old.source is not null then
      raise exception 'upsert_schedule: schedule % belongs to crontab % (sync_crontab); change it there, or remove_schedule it first',
        quote_literal(v_old.id), quote_literal(v_old.source)
        using errcode = '55000';
    end if;

    -- 4. Replace it; its timetable goes on unless it changed.
    update :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
    set cron = v_new.cron,
        fields = v_new.fields,
        time_zone = v_new.time_zone,
        task_identifier = v_new.task_identifier,
        payload = v_new.payload,
        queue_name = v_new.queue_name,
        priority = v_new.priority,
        max_attempts = v_new.max_attempts,
        flags = v_new.flags,
        job_key = v_new.job_key,
        job_key_mode = v_new.job_key_mode,
        catch_up = v_new.catch_up,
        catch_up_window = v_new.catch_up_window,
        enabled = upsert_schedule.enabled,
        next_fire_at = case
          when not upsert_schedule.enabled then null
          when schedules.enabled and schedules.cron = v_new.cron and schedules.time_zone = v_new.time_zone
            then schedules.next_fire_at
          else :GRAPHILE_WORKER_SCHEMA._next_fire(v_new.fields, v_new.time_zone, now())
        end,
        updated_at = now()
    where schedules.id = v_old.id
    returning * into v_row;
    return :GRAPHILE_WORKER_SCHEMA._schedule_row(v_row);
  end loop;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.upsert_schedule is
  'Creates or replaces a recurring job: add_job''s arguments, a cron expression read in time_zone, and what to do with missed fire times (catch_up, catch_up_window).';

-- Delete the schedule with this id (jobs it already added stay). Returns
-- it, or no row if there is none. A schedule of a crontab comes back the
-- next time sync_crontab runs with it in the crontab.
create function :GRAPHILE_WORKER_SCHEMA.remove_schedule(id text)
returns setof :GRAPHILE_WORKER_SCHEMA.schedules
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if remove_schedule.id is null then
    raise exception 'remove_schedule: id must not be null' using errcode = '22004';
  end if;
  return query
  delete from :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
  where schedules.id = remove_schedule.id
  returning (:GRAPHILE_WORKER_SCHEMA._schedule_row(schedules)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.remove_schedule is
  'Deletes a recurring job (its jobs stay); returns it, or no row.';

-- Stop a schedule firing until resume_schedule. Pausing a paused schedule
-- changes nothing. A crontab's schedule stays paused when its crontab is
-- synced again.
create function :GRAPHILE_WORKER_SCHEMA.pause_schedule(id text)
returns :GRAPHILE_WORKER_SCHEMA.schedules
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_row :GRAPHILE_WORKER_SCHEMA._private_schedules;
begin
  if pause_schedule.id is null then
    raise exception 'pause_schedule: id must not be null' using errcode = '22004';
  end if;
  update :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
  set enabled = false,
      next_fire_at = null,
      updated_at = case when schedules.enabled then now() else schedules.updated_at end
  where schedules.id = pause_schedule.id
  returning * into v_row;
  if not found then
    raise exception 'pause_schedule: no schedule has id %', quote_literal(pause_schedule.id)
      using errcode = 'P0002';
  end if;
  return :GRAPHILE_WORKER_SCHEMA._schedule_row(v_row);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.pause_schedule is
  'Stops a recurring job firing until resume_schedule.';

-- Let a paused schedule fire again, from its first fire time after now
-- (the fires it missed while paused are not caught up). Resuming a
-- schedule that is not paused changes nothing.
create function :GRAPHILE_WORKER_SCHEMA.resume_schedule(id text)
returns :GRAPHILE_WORKER_SCHEMA.schedules
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_row :GRAPHILE_WORKER_SCHEMA._private_schedules;
begin
  if resume_schedule.id is null then
    raise exception 'resume_schedule: id must not be null' using errcode = '22004';
  end if;
  update :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
  set enabled = true,
      next_fire_at = case
        when schedules.enabled then schedules.next_fire_at
        else :GRAPHILE_WORKER_SCHEMA._next_fire(schedules.fields, schedules.time_zone, now())
      end,
      updated_at = case when schedules.enabled then schedules.updated_at else now() end
  where schedules.id = resume_schedule.id
  returning * into v_row;
  if not found then
    raise exception 'resume_schedule: no schedule has id %', quote_literal(resume_schedule.id)
      using errcode = 'P0002';
  end if;
  return :GRAPHILE_WORKER_SCHEMA._schedule_row(v_row);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.resume_schedule is
  'Lets a paused recurring job fire again, from its next fire time after now.';

-- One job of this schedule now, outside its timetable (paused or not):
-- what a fire would add, with run_at now and `_cron: {ts: now, backfilled:
-- false}`. The timetable does not move; last_job_id becomes the new job.
-- Returns the job (for a key that lands on an existing job, that job's id,
-- key and revision).
create function :GRAPHILE_WORKER_SCHEMA.trigger_schedule(id text)
returns :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_schedule :GRAPHILE_WORKER_SCHEMA._private_schedules;
  v_job :GRAPHILE_WORKER_SCHEMA.job;
begin
  if trigger_schedule.id is null then
    raise exception 'trigger_schedule: id must not be null' using errcode = '22004';
  end if;
  select * into v_schedule
  from :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
  where schedules.id = trigger_schedule.id
  for update;
  if not found then
    raise exception 'trigger_schedule: no schedule has id %', quote_literal(trigger_schedule.id)
      using errcode = 'P0002';
  end if;

  select * into strict v_job
  from :GRAPHILE_WORKER_SCHEMA._add_jobs(
    array[:GRAPHILE_WORKER_SCHEMA._schedule_job(v_schedule, now(), null, false)],
    coalesce(v_schedule.job_key_mode, 'replace'),
    'trigger_schedule'
  );

  update :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
  set last_job_id = v_job.id
  where schedules.id = v_schedule.id;
  return v_job;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.trigger_schedule is
  'Adds one job of a recurring job now, outside its timetable; returns the job.';

-- The next n fire times after from_time of a cron expression read in
-- time_zone, with the local time of each: what a schedule would do,
-- daylight saving changes included. Checks its arguments as
-- upsert_schedule does.
create function :GRAPHILE_WORKER_SCHEMA.preview_schedule(
  cron text,
  time_zone text default 'UTC',
  from_time timestamptz default now(),
  n integer default 10
)
returns table (fire_at timestamptz, local_time timestamp)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_fields :GRAPHILE_WORKER_SCHEMA._cron_fields;
  v_zone text;
  v_at timestamptz := preview_schedule.from_time;
begin
  v_fields := :GRAPHILE_WORKER_SCHEMA._parse_cron('preview_schedule', 'cron', preview_schedule.cron);
  v_zone := :GRAPHILE_WORKER_SCHEMA._check_time_zone('preview_schedule', 'time_zone', preview_schedule.time_zone);
  if preview_schedule.from_time is null then
    raise exception 'preview_schedule: from_time must not be null' using errcode = '22004';
  end if;
  if preview_schedule.n is null or preview_schedule.n not between 1 and 1000 then
    raise exception 'preview_schedule: n must be between 1 and 1000 (got %)', coalesce(preview_schedule.n::text, 'null')
      using errcode = '22023';
  end if;

  for i in 1..preview_schedule.n loop
    v_at := :GRAPHILE_WORKER_SCHEMA._next_fire(v_fields, v_zone, v_at);
    exit when v_at is null;
    fire_at := v_at;
    local_time := v_at at time zone v_zone;
    return next;
  end loop;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.preview_schedule is
  'The next n fire times (and their local times) of a cron expression in a time zone, after from_time.';

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

-- The new functions, like every other, are not callable by PUBLIC.
revoke all on all functions in schema :GRAPHILE_WORKER_SCHEMA from public;
