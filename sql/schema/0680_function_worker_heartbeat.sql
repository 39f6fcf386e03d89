-- Worker protocol 0.1: registers a worker or records that it is alive. Its
-- heartbeat interval is taken to be the 0.1 runner's, 30 seconds. Returns
-- false when the worker was not registered: its first heartbeat, or its
-- first after a sweep declared it dead and recovered its jobs. New workers
-- use worker_register and worker_heartbeat_v2.
create function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat(worker_id text, metadata jsonb default null)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_heartbeat', worker_heartbeat.worker_id);
  return :GRAPHILE_WORKER_SCHEMA._heartbeat(worker_heartbeat.worker_id, interval '30 seconds', worker_heartbeat.metadata, 0, 0);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat is
  'Worker protocol 0.1: registers the worker or refreshes its heartbeat; false means it was not registered.';
