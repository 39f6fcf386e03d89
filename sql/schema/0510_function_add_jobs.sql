-- Add a batch of jobs (Graphile Worker's add_jobs, same signature). Returns
-- one job per spec, in the order of specs.
create function :GRAPHILE_WORKER_SCHEMA.add_jobs(
  specs :GRAPHILE_WORKER_SCHEMA.job_spec[],
  job_key_preserve_run_at boolean default false
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language sql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
  select *
  from :GRAPHILE_WORKER_SCHEMA._add_jobs(
    add_jobs.specs,
    case when add_jobs.job_key_preserve_run_at then 'preserve_run_at' else 'replace' end,
    'add_jobs'
  )
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.add_jobs is
  'Adds a batch of jobs in one statement; job_key_preserve_run_at applies preserve_run_at to every keyed spec.';
