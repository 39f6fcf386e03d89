-- Worker protocol: a worker starting under worker_id. A worker id may be
-- stable across restarts (a pod's name): whatever it still holds from an
-- earlier life is recovered first (jobs unlocked to run again at once, the
-- interrupted attempt counted, as sweep_stale_workers does; queues
-- unlocked). An id that is registered and alive (its last heartbeat younger
-- than twice the interval it promised) is refused with SQLSTATE 55006: two
-- processes must not share one id. An earlier life that deregistered
-- holding nothing may be followed at once, but the interval it promised
-- stands until its heartbeat is stale (the new one may only be longer):
-- worker ids are not secret, and a shorter one would let a sweep take that
-- life, if it is still running, for dead. Returns what was recovered.
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
  v_earlier record;
  v_interval interval := worker_register.heartbeat_interval;
  v_jobs integer;
  v_queues integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_register', worker_register.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_heartbeat_interval('worker_register', worker_register.heartbeat_interval);

  -- 1. An id in use by a live worker is refused: one that has not stopped,
  --    or that stopped but still holds jobs or queues (they are recovered
  --    once its heartbeat is stale).
  select workers.last_heartbeat_at, workers.heartbeat_interval, workers.stopped_at
  into v_earlier
  from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  where workers.worker_id = worker_register.worker_id
  for update;
  if found and v_earlier.last_heartbeat_at >= pg_catalog.now() - 2 * v_earlier.heartbeat_interval then
    if v_earlier.stopped_at is null
      or exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
        where jobs.locked_by = worker_register.worker_id and jobs.locked_at is not null)
      or exists (
        select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
        where queues.locked_by = worker_register.worker_id and queues.locked_at is not null)
    then
      raise exception 'worker_register: worker id % is in use: its last heartbeat was % ago, within twice its heartbeat interval (%)',
        quote_literal(worker_register.worker_id), date_trunc('second', pg_catalog.now() - v_earlier.last_heartbeat_at),
        v_earlier.heartbeat_interval
        using errcode = '55006',
          hint = 'Another process runs under this id, or this one restarted moments ago: try again after twice the heartbeat interval, or choose another id.';
    end if;
    v_interval := greatest(v_earlier.heartbeat_interval, worker_register.heartbeat_interval);
  end if;

  -- 2. Recover what an earlier life left locked.
  select recovered.jobs, recovered.queues into v_jobs, v_queues
  from :GRAPHILE_WORKER_SCHEMA._recover_workers(
    array[worker_register.worker_id], '{}', null, interval '0', 'worker_register', 'restarted'
  ) as recovered;

  -- 3. Register.
  insert into :GRAPHILE_WORKER_SCHEMA._private_workers as workers (worker_id, metadata, heartbeat_interval)
  values (worker_register.worker_id, worker_register.metadata, v_interval)
  on conflict on constraint _private_workers_pkey do update
    set started_at = pg_catalog.now(),
        last_heartbeat_at = pg_catalog.now(),
        heartbeat_interval = excluded.heartbeat_interval,
        metadata = excluded.metadata,
        stopped_at = null;

  return query select v_jobs, v_queues;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_register is
  'Worker protocol: registers a starting worker, recovering what its id held from an earlier life; refuses an id a live worker uses.';
