-- The queue's limits, defaults and names in one document, so that clients
-- (the TypeScript package, the command line, workers in other languages)
-- check input by the same rules as the functions. Durations are in seconds.
create function :GRAPHILE_WORKER_SCHEMA.rules()
returns jsonb
language sql
immutable
parallel safe
security definer
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.jsonb_build_object(
    'lock_lifetime_seconds', pg_catalog.date_part('epoch', :GRAPHILE_WORKER_SCHEMA._lock_lifetime()),
    'max_clock_skew_seconds', pg_catalog.date_part('epoch', :GRAPHILE_WORKER_SCHEMA._max_clock_skew()),
    'max_batch_size', :GRAPHILE_WORKER_SCHEMA._max_batch_size(),
    'name_max_length', :GRAPHILE_WORKER_SCHEMA._name_max_length(),
    'key_max_length', :GRAPHILE_WORKER_SCHEMA._key_max_length(),
    'job_key_modes', pg_catalog.to_jsonb(:GRAPHILE_WORKER_SCHEMA._job_key_modes()),
    'cleanup_tasks', pg_catalog.to_jsonb(:GRAPHILE_WORKER_SCHEMA._cleanup_tasks()),
    'max_attempts_default', 25,
    'priority_min', -32768,
    'priority_max', 32767,
    'max_attempts_max', 32767,
    'sweep_threshold_default_seconds', 300,
    'recovery_delay_default_seconds', 30,
    'heartbeat_interval_default_seconds', 30,
    'catch_ups', pg_catalog.to_jsonb(:GRAPHILE_WORKER_SCHEMA._catch_ups()),
    'catch_up_default', 'latest',
    'catch_up_window_default_seconds', 86400,
    'schedule_grace_seconds', pg_catalog.date_part('epoch', :GRAPHILE_WORKER_SCHEMA._schedule_grace()),
    'max_fires_per_tick', :GRAPHILE_WORKER_SCHEMA._max_fires_per_tick()
  )
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.rules is
  'The limits, defaults and names the functions enforce (durations in seconds), for clients to check input by.';
