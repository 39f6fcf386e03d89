-- The public view of the jobs, without payloads.
create view :GRAPHILE_WORKER_SCHEMA.jobs as
  select
    jobs.id,
    jobs.queue_name,
    jobs.task_identifier,
    jobs.priority,
    jobs.run_at,
    jobs.attempts,
    jobs.max_attempts,
    jobs.last_error,
    jobs.created_at,
    jobs.updated_at,
    jobs.key,
    jobs.locked_at,
    jobs.locked_by,
    jobs.revision,
    jobs.flags
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs;
comment on view :GRAPHILE_WORKER_SCHEMA.jobs is
  'Every job, without its payload.';
