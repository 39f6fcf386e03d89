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
