-- Every registered worker (not those that deregistered), with whether its
-- heartbeat is older than threshold (by the database clock).
create function :GRAPHILE_WORKER_SCHEMA.list_active_workers(threshold interval default '5 minutes')
returns table (
  worker_id text,
  started_at timestamptz,
  last_heartbeat_at timestamptz,
  metadata jsonb,
  is_stale boolean
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if list_active_workers.threshold is null or list_active_workers.threshold <= interval '0'
    or list_active_workers.threshold > interval '100 years' then
    raise exception 'list_active_workers: threshold must be a positive interval of at most 100 years (got %)',
      coalesce(list_active_workers.threshold::text, 'null')
      using errcode = '22023';
  end if;
  return query
  select workers.worker_id, workers.started_at, workers.last_heartbeat_at, workers.metadata,
    workers.last_heartbeat_at < pg_catalog.now() - list_active_workers.threshold
  from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  where workers.stopped_at is null
  order by workers.started_at, workers.worker_id;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.list_active_workers is
  'Worker registry: every registered worker, flagged stale when its heartbeat is older than threshold.';
