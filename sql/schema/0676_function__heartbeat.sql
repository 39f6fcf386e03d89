-- Records that a worker is alive (registering it when it is not) with the
-- interval it promises to heartbeat at; adds the jobs it finished since its
-- last heartbeat to the throughput of this minute. Returns whether it was
-- registered (a worker that deregistered but still heartbeats is alive).
-- The interval of a registered worker may grow, never shrink: worker ids are
-- not secret, so a shorter one from anyone would let a sweep take a live
-- worker for dead sooner than it promised. Shared by both protocols'
-- heartbeats.
create function :GRAPHILE_WORKER_SCHEMA._heartbeat(
  worker_id text,
  heartbeat_interval interval,
  metadata jsonb,
  jobs_completed bigint,
  jobs_failed bigint
)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_registered boolean;
begin
  update :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  set last_heartbeat_at = pg_catalog.now(),
      heartbeat_interval = greatest(workers.heartbeat_interval, _heartbeat.heartbeat_interval),
      metadata = coalesce(_heartbeat.metadata, workers.metadata),
      stopped_at = null
  where workers.worker_id = _heartbeat.worker_id;
  v_registered := found;

  if not v_registered then
    insert into :GRAPHILE_WORKER_SCHEMA._private_workers as workers (worker_id, metadata, heartbeat_interval)
    values (_heartbeat.worker_id, _heartbeat.metadata, _heartbeat.heartbeat_interval)
    on conflict on constraint _private_workers_pkey do update
      set last_heartbeat_at = pg_catalog.now(),
          heartbeat_interval = greatest(workers.heartbeat_interval, excluded.heartbeat_interval),
          metadata = coalesce(excluded.metadata, workers.metadata),
          stopped_at = null;
  end if;

  if _heartbeat.jobs_completed > 0 or _heartbeat.jobs_failed > 0 then
    insert into :GRAPHILE_WORKER_SCHEMA._private_throughput as throughput (minute, completed, failed)
    values (date_trunc('minute', pg_catalog.now()), _heartbeat.jobs_completed, _heartbeat.jobs_failed)
    on conflict (minute) do update
      set completed = throughput.completed + excluded.completed,
          failed = throughput.failed + excluded.failed;
  end if;
  return v_registered;
end;
$$;
