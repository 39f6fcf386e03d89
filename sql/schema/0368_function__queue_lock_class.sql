-- The class of the advisory locks that guard the creation of a named
-- queue's row (_register_queues, _claim_jobs).
create function :GRAPHILE_WORKER_SCHEMA._queue_lock_class()
returns integer
language sql
immutable
parallel safe
as $$
  select 1244707542
$$;
