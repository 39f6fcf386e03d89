-- Read API: one job, payload included, with its state (see _job_state); no
-- row when there is no such job. Grant it only to roles that may read
-- payloads (get_job_summary is the same without the payload).
create function :GRAPHILE_WORKER_SCHEMA.get_job(job_id bigint)
returns table (
  id bigint,
  queue_name text,
  task_identifier text,
  payload json,
  priority smallint,
  run_at timestamptz,
  attempts smallint,
  max_attempts smallint,
  last_error text,
  created_at timestamptz,
  updated_at timestamptz,
  key text,
  locked_at timestamptz,
  locked_by text,
  revision integer,
  flags jsonb,
  state text
)
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.payload, jobs.priority, jobs.run_at,
    jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key,
    jobs.locked_at, jobs.locked_by, jobs.revision, jobs.flags,
    :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, pg_catalog.now())
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.id = get_job.job_id
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.get_job is
  'Read API: one job with its payload and state; no row if there is none.';
