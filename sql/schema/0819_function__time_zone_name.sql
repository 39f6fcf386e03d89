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
