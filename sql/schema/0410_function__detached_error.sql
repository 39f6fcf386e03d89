-- The last_error of a running job whose key was taken by a newer job (or
-- removed): it finishes, but never runs again (its `detached` column says so).
create function :GRAPHILE_WORKER_SCHEMA._detached_error()
returns text
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select 'will not run again: its job_key was given to a newer job, or removed, while it was running'::text
$$;
