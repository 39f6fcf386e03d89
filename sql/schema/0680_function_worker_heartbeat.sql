-- Registers a worker or records that it is alive. Returns false when the
-- worker was not registered: its first heartbeat, or its first after a
-- sweep declared it dead and recovered its jobs.
create function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat(worker_id text, metadata jsonb default null)
returns boolean
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_heartbeat', worker_heartbeat.worker_id);

  update :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  set last_heartbeat_at = pg_catalog.now(),
      metadata = coalesce(worker_heartbeat.metadata, workers.metadata)
  where workers.worker_id = worker_heartbeat.worker_id;
  if found then
    return true;
  end if;

  insert into :GRAPHILE_WORKER_SCHEMA._private_workers as workers (worker_id, metadata)
  values (worker_heartbeat.worker_id, worker_heartbeat.metadata)
  on conflict on constraint _private_workers_pkey do update
    set last_heartbeat_at = pg_catalog.now(),
        metadata = coalesce(excluded.metadata, workers.metadata);
  return false;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat is
  'Worker registry: registers the worker or refreshes its heartbeat; false means it was not registered.';
