-- How far ahead of the database clock a worker's `now` may be (get_jobs):
-- enough for machines whose clocks drift, not enough to read payloads of
-- jobs that are not due.
create function :GRAPHILE_WORKER_SCHEMA._max_clock_skew()
returns interval
language sql
immutable
parallel safe
as $$
  select '1 minute'::pg_catalog.interval
$$;
