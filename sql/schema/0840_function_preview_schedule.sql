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
