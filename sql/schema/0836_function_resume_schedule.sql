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
