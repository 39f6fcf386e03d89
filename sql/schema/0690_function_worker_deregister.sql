-- A worker stopping cleanly removes itself from the registry.
create function :GRAPHILE_WORKER_SCHEMA.worker_deregister(worker_id text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_deregister', worker_deregister.worker_id);
  delete from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  where workers.worker_id = worker_deregister.worker_id;
  return found;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_deregister is
  'Worker registry: removes the worker; returns whether it was registered.';
