-- A row of _private_jobs as the public type job (without the private
-- columns). The planner inlines it: functions write `returning (_job_row(jobs)).*`.
create function :GRAPHILE_WORKER_SCHEMA._job_row(jobs :GRAPHILE_WORKER_SCHEMA._private_jobs)
returns :GRAPHILE_WORKER_SCHEMA.job
language sql
immutable
parallel safe
as $$
  select row(
    jobs.id, jobs.queue_name, jobs.task_identifier, jobs.payload, jobs.priority, jobs.run_at,
    jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key,
    jobs.locked_at, jobs.locked_by, jobs.revision, jobs.flags
  ):::GRAPHILE_WORKER_SCHEMA.job
$$;
