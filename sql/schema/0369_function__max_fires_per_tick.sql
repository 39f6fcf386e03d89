-- The most fire times of one schedule one tick_schedules call handles
-- (catch_up 'all' after a long pause); the next call goes on from there.
create function :GRAPHILE_WORKER_SCHEMA._max_fires_per_tick()
returns integer
language sql
immutable
parallel safe
as $$
  select 1000
$$;
