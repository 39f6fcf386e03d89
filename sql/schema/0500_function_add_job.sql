-- Add one job (Graphile Worker's add_job, same signature). Returns the new,
-- updated or (unsafe_dedupe) existing job; never an empty row.
create function :GRAPHILE_WORKER_SCHEMA.add_job(
  identifier text,
  payload json default null,
  queue_name text default null,
  run_at timestamptz default null,
  max_attempts integer default null,
  job_key text default null,
  priority integer default null,
  flags text[] default null,
  job_key_mode text default 'replace'
)
returns :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_job :GRAPHILE_WORKER_SCHEMA.job;
begin
  -- 1. The integer arguments must fit the columns; the mode must be known.
  if add_job.max_attempts < 1 then
    raise exception 'add_job: max_attempts must be at least 1 (got %)', add_job.max_attempts
      using errcode = '22023';
  end if;
  if add_job.max_attempts > 32767 then
    raise exception 'add_job: max_attempts must be at most 32767 (got %)', add_job.max_attempts
      using errcode = '22003';
  end if;
  if add_job.priority not between -32768 and 32767 then
    raise exception 'add_job: priority must be between -32768 and 32767 (got %)', add_job.priority
      using errcode = '22003';
  end if;
  if coalesce(add_job.job_key_mode, 'replace') <> all(:GRAPHILE_WORKER_SCHEMA._job_key_modes()) then
    raise exception 'add_job: job_key_mode must be one of % (got %)',
      array_to_string(:GRAPHILE_WORKER_SCHEMA._job_key_modes(), ', '), quote_literal(add_job.job_key_mode)
      using errcode = '22023';
  end if;

  -- 2. Everything else is the batch path's.
  select * into strict v_job
  from :GRAPHILE_WORKER_SCHEMA._add_jobs(
    array[row(
      add_job.identifier,
      add_job.payload,
      add_job.queue_name,
      add_job.run_at,
      add_job.max_attempts::smallint,
      add_job.job_key,
      add_job.priority::smallint,
      add_job.flags
    ):::GRAPHILE_WORKER_SCHEMA.job_spec],
    coalesce(add_job.job_key_mode, 'replace'),
    'add_job'
  );
  return v_job;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.add_job is
  'Adds a job, or updates the waiting job with the same job_key. See the README for the job_key_mode rules.';
