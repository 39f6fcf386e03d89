-- The last_error of a running job whose key was taken by a newer job (or
-- removed): it finishes, but must never run again, even if its worker gives
-- it back unstarted (worker_return_jobs does not undo such a job's attempt).
create function :GRAPHILE_WORKER_SCHEMA._detached_error()
returns text
language sql
immutable
set search_path to ''
as $$
  select 'will not run again: its job_key was given to a newer job, or removed, while it was running'::text
$$;
