-- Refuses a heartbeat interval that is missing, not positive, or longer
-- than a day (a worker silent for days is not alive).
create function :GRAPHILE_WORKER_SCHEMA._check_heartbeat_interval(caller text, heartbeat_interval interval)
returns void
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if heartbeat_interval is null then
    raise exception '%: heartbeat_interval must not be null', caller using errcode = '22004';
  end if;
  if heartbeat_interval <= interval '0' or heartbeat_interval > interval '1 day' then
    raise exception '%: heartbeat_interval must be more than 0 and at most 1 day (got %)', caller, heartbeat_interval
      using errcode = '22023';
  end if;
end;
$$;
