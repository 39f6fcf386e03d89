-- The tasks cleanup knows, in the order it runs them when asked for several.
create function :GRAPHILE_WORKER_SCHEMA._cleanup_tasks()
returns text[]
language sql
immutable
parallel safe
as $$
  select array['DELETE_PERMAFAILED_JOBS', 'GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS']::pg_catalog.text[]
$$;
