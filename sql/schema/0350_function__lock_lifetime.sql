-- How long a lock is trusted without proof of life: jobs locked more recently
-- are running (admin functions leave them alone); older locks are released
-- (release_stale_locks). A constant the planner folds into each query.
create function :GRAPHILE_WORKER_SCHEMA._lock_lifetime()
returns interval
language sql
immutable
parallel safe
as $$
  select '4 hours'::pg_catalog.interval
$$;
