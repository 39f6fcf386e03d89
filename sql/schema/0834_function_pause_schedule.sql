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
