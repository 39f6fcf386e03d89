-- The class of the advisory locks that serialize calls settling one job key
-- (_lock_job_keys): two-number advisory locks under a class of their own
-- stay apart from the one-number locks applications commonly take.
create function :GRAPHILE_WORKER_SCHEMA._job_key_lock_class()
returns integer
language sql
immutable
parallel safe
as $$
  select 1244707541
$$;
