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
