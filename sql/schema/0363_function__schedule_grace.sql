-- How late a tick may handle a fire time for it to count as on time: later
-- than this, the fire was missed, and the schedule's catch_up decides.
create function :GRAPHILE_WORKER_SCHEMA._schedule_grace()
returns interval
language sql
immutable
parallel safe
as $$
  select '1 minute'::pg_catalog.interval
$$;
