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
