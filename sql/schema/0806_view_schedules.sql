-- The public view of the schedules.
create view :GRAPHILE_WORKER_SCHEMA.schedules as
  select
    schedules.id,
    schedules.cron,
    schedules.time_zone,
    schedules.task_identifier,
    schedules.payload,
    schedules.queue_name,
    schedules.priority,
    schedules.max_attempts,
    schedules.flags,
    schedules.job_key,
    schedules.job_key_mode,
    schedules.catch_up,
    schedules.catch_up_window,
    schedules.enabled,
    schedules.source,
    schedules.last_fire_at,
    schedules.next_fire_at,
    schedules.last_job_id,
    schedules.created_at,
    schedules.updated_at
  from :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules;
comment on view :GRAPHILE_WORKER_SCHEMA.schedules is
  'Every recurring job, with when it last fired, when it fires next and its latest job.';
