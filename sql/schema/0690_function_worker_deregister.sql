-- A worker stopping cleanly leaves the registry: it is no longer listed,
-- and its id may be registered again at once if it holds nothing. Its row
-- stays, marked stopped, until its heartbeat is stale (the sweep then
-- removes it): worker ids are not secret, so a deregistration by anyone
-- must not let a sweep take a live worker for dead, nor let its id be
-- registered again with a shorter heartbeat interval.
create function :GRAPHILE_WORKER_SCHEMA.worker_deregister(worker_id text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_deregister', worker_deregister.worker_id);
  update :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  set stopped_at = pg_catalog.now()
  where workers.worker_id = worker_deregister.worker_id
    and workers.stopped_at is null;
  return found;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_deregister is
  'Worker registry: the worker stopped; returns whether it was registered.';
