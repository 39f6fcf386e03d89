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
