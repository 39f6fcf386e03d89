-- The job a schedule adds for one fire time: the schedule's task, queue,
-- priority, max_attempts, flags and key; run_at the fire time (null: now);
-- its payload with Graphile Worker's `_cron: {ts, backfilled}` added, ts
-- being the fire time as JavaScript's toISOString writes it.
create function :GRAPHILE_WORKER_SCHEMA._schedule_job(
  schedules :GRAPHILE_WORKER_SCHEMA._private_schedules,
  fire_at timestamptz,
  run_at timestamptz,
  backfilled boolean
)
returns :GRAPHILE_WORKER_SCHEMA.job_spec
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
  select row(
    schedules.task_identifier,
    (schedules.payload::jsonb || jsonb_build_object('_cron', jsonb_build_object(
      'ts', to_char(fire_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'backfilled', backfilled)))::json,
    schedules.queue_name,
    run_at,
    schedules.max_attempts,
    schedules.job_key,
    schedules.priority,
    schedules.flags
  ):::GRAPHILE_WORKER_SCHEMA.job_spec
$$;
