-- The job states of the read API, in the order they are listed (see
-- _job_state).
create function :GRAPHILE_WORKER_SCHEMA._job_states()
returns text[]
language sql
immutable
parallel safe
as $$
  select array['ready', 'scheduled', 'running', 'failed', 'permanently_failed']
$$;
