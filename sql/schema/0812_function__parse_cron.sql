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
