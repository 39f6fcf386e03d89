-- A row of _private_schedules as the public view's row type (without the
-- private columns). The planner inlines it: functions write
-- `returning (_schedule_row(schedules)).*`.
create function :GRAPHILE_WORKER_SCHEMA._schedule_row(schedules :GRAPHILE_WORKER_SCHEMA._private_schedules)
returns :GRAPHILE_WORKER_SCHEMA.schedules
language sql
immutable
parallel safe
as $$
  select row(
    schedules.id, schedules.cron, schedules.time_zone, schedules.task_identifier, schedules.payload,
    schedules.queue_name, schedules.priority, schedules.max_attempts, schedules.flags, schedules.job_key,
    schedules.job_key_mode, schedules.catch_up, schedules.catch_up_window, schedules.enabled, schedules.source,
    schedules.last_fire_at, schedules.next_fire_at, schedules.last_job_id, schedules.created_at,
    schedules.updated_at
  ):::GRAPHILE_WORKER_SCHEMA.schedules
$$;
