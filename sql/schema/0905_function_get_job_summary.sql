-- Read API: one job without its payload (for roles that may not read
-- payloads), with its state; no row when there is no such job.
create function :GRAPHILE_WORKER_SCHEMA.get_job_summary(job_id bigint)
returns setof :GRAPHILE_WORKER_SCHEMA.job_summary
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at, jobs.attempts,
    jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key, jobs.locked_at,
    jobs.locked_by, jobs.revision, jobs.flags,
    :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, pg_catalog.now())
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.id = get_job_summary.job_id
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.get_job_summary is
  'Read API: one job without its payload, with its state; no row if there is none.';
