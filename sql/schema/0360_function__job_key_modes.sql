-- The job key modes add_job accepts, the default first.
create function :GRAPHILE_WORKER_SCHEMA._job_key_modes()
returns text[]
language sql
immutable
parallel safe
as $$
  select array['replace', 'preserve_run_at', 'unsafe_dedupe']::pg_catalog.text[]
$$;
