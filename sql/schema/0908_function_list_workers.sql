-- Read API: the workers: every registered one (deregistered ones too, until
-- the sweep removes them: stopped_at is set), and every worker id that
-- holds a lock without being registered (0.1 runners, or workers swept
-- away). stale: a sweep with this threshold would take it for dead (its
-- heartbeat, or for an unregistered holder its oldest lock, is older than
-- the threshold, and a registered worker's heartbeat older than twice its
-- interval). jobs_locked, queues_locked: the locks it holds.
create function :GRAPHILE_WORKER_SCHEMA.list_workers(threshold interval default '5 minutes')
returns table (
  worker_id text,
  registered boolean,
  started_at timestamptz,
  last_heartbeat_at timestamptz,
  heartbeat_interval interval,
  stopped_at timestamptz,
  metadata jsonb,
  stale boolean,
  jobs_locked bigint,
  queues_locked bigint,
  oldest_locked_at timestamptz
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
-- Reads that the planner costs high but that stop early: compiling them
-- (JIT) would take longer than running them.
set jit = off
as $$
begin
  if list_workers.threshold is null or list_workers.threshold <= interval '0'
    or list_workers.threshold > interval '100 years' then
    raise exception 'list_workers: threshold must be a positive interval of at most 100 years (got %)',
      coalesce(list_workers.threshold::text, 'null')
      using errcode = '22023';
  end if;
  return query
  with locks as (
    select jobs.locked_by as holder, jobs.locked_at, 1 as job, 0 as queue
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null and jobs.locked_by is not null
    union all
    select queues.locked_by, queues.locked_at, 0, 1
    from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    where queues.locked_at is not null and queues.locked_by is not null
  ),
  holders as (
    select locks.holder, sum(locks.job)::bigint as jobs, sum(locks.queue)::bigint as queues,
      min(locks.locked_at) as oldest
    from locks
    group by locks.holder
  )
  select coalesce(workers.worker_id, holders.holder), workers.worker_id is not null,
    workers.started_at, workers.last_heartbeat_at, workers.heartbeat_interval, workers.stopped_at,
    workers.metadata,
    case
      when workers.worker_id is not null then
        workers.last_heartbeat_at < pg_catalog.now() - list_workers.threshold
        and workers.last_heartbeat_at < pg_catalog.now() - 2 * workers.heartbeat_interval
      else holders.oldest < pg_catalog.now() - list_workers.threshold
    end,
    coalesce(holders.jobs, 0), coalesce(holders.queues, 0), holders.oldest
  from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
  full join holders on holders.holder = workers.worker_id
  order by 1;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.list_workers is
  'Read API: registered workers and unregistered lock holders, with heartbeats, registered interval, the locks they hold, and whether a sweep with threshold would take them for dead.';
