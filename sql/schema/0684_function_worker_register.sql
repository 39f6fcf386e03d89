-- Worker protocol: a worker starting under worker_id. A worker id may be
-- stable across restarts (a pod's name): whatever it still holds from an
-- earlier life is recovered first (jobs unlocked to run again at once, the
-- interrupted attempt counted, as sweep_stale_workers does; queues
-- unlocked). An id that is registered and alive (its last heartbeat younger
-- than twice the interval it promised) is refused with SQLSTATE 55006: two
-- processes must not share one id. Returns what was recovered.
create function :GRAPHILE_WORKER_SCHEMA.worker_register(
  worker_id text,
  heartbeat_interval interval,
  metadata jsonb default null
)
returns table (jobs_recovered integer, queues_unlocked integer)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_alive record;
  v_jobs integer;
  v_queues integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_register', worker_register.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_heartbeat_interval('worker_register', worker_register.heartbeat_interval);

  -- 1. An id in use by a live worker is refused.
  select workers.last_heartbeat_at, workers.heartbeat_interval
  into v_alive
  from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  where workers.worker_id = worker_register.worker_id
  for update;
  if found and v_alive.last_heartbeat_at >= pg_catalog.now() - 2 * v_alive.heartbeat_interval then
    raise exception 'worker_register: worker id % is in use: its last heartbeat was % ago, within twice its heartbeat interval (%)',
      quote_literal(worker_register.worker_id), date_trunc('second', pg_catalog.now() - v_alive.last_heartbeat_at),
      v_alive.heartbeat_interval
      using errcode = '55006',
        hint = 'Another process runs under this id, or this one restarted moments ago: try again after twice the heartbeat interval, or choose another id.';
  end if;

  -- 2. Recover what an earlier life left locked.
  select recovered.jobs, recovered.queues into v_jobs, v_queues
  from :GRAPHILE_WORKER_SCHEMA._recover_workers(
    array[worker_register.worker_id], '{}', null, interval '0', 'worker_register', 'restarted'
  ) as recovered;

  -- 3. Register.
  insert into :GRAPHILE_WORKER_SCHEMA._private_workers as workers (worker_id, metadata, heartbeat_interval)
  values (worker_register.worker_id, worker_register.metadata, worker_register.heartbeat_interval)
  on conflict on constraint _private_workers_pkey do update
    set started_at = pg_catalog.now(),
        last_heartbeat_at = pg_catalog.now(),
        heartbeat_interval = excluded.heartbeat_interval,
        metadata = excluded.metadata;

  return query select v_jobs, v_queues;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_register is
  'Worker protocol: registers a starting worker, recovering what its id held from an earlier life; refuses an id a live worker uses.';
