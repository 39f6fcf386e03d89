-- Crash recovery without waiting 4 hours. Dead workers are registered
-- workers whose heartbeat is older than sweep_threshold and older than
-- twice the heartbeat interval they promised (so no caller can take a live
-- worker for dead, whatever threshold it passes), and lock holders (of jobs
-- or queues) that are not registered and whose locks are older than
-- sweep_threshold. What they held is recovered by _recover_workers: jobs run
-- again no earlier than now + recovery_delay, the interrupted attempt
-- counted; queues unlocked. The dead workers' rows are removed, and so are
-- those of workers that deregistered holding nothing once they are stale
-- by the same rule (not reported: they stopped cleanly). Only one
-- sweep runs at a time: a sweep that finds another running returns
-- another_sweep_running = true and does nothing. In a dry run nothing
-- changes and the counts are what would be recovered.
create function :GRAPHILE_WORKER_SCHEMA.sweep_stale_workers(
  sweep_threshold interval default '5 minutes',
  recovery_delay interval default '30 seconds',
  dry_run boolean default false
)
returns table (
  dead_worker_ids text[],
  jobs_recovered integer,
  queues_unlocked integer,
  another_sweep_running boolean
)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_threshold interval := sweep_stale_workers.sweep_threshold;
  v_delay interval := sweep_stale_workers.recovery_delay;
  v_dry_run boolean := coalesce(sweep_stale_workers.dry_run, false);
  v_cutoff timestamptz;
  v_registered text[];
  v_stopped text[];
  v_unregistered text[];
  v_jobs integer;
  v_queues integer;
begin
  if v_threshold is null or v_threshold <= interval '0' or v_threshold > interval '100 years' then
    raise exception 'sweep_stale_workers: sweep_threshold must be a positive interval of at most 100 years (got %)',
      coalesce(v_threshold::text, 'null') using errcode = '22023';
  end if;
  if v_delay is null or v_delay < interval '0' or v_delay > interval '100 years' then
    raise exception 'sweep_stale_workers: recovery_delay must be an interval from 0 to 100 years (got %)',
      coalesce(v_delay::text, 'null') using errcode = '22023';
  end if;
  v_cutoff := pg_catalog.now() - v_threshold;

  -- 1. One sweep at a time.
  perform 1 from :GRAPHILE_WORKER_SCHEMA._private_sweeps for update skip locked;
  if not found then
    return query select '{}'::text[], 0, 0, true;
    return;
  end if;

  -- 2. Registered workers that stopped heartbeating, by the threshold and
  --    by their own promise (a worker heartbeating this very moment holds
  --    its row and is not dead); apart, those among them that deregistered
  --    holding nothing.
  select
    coalesce(array_agg(stale.worker_id order by stale.worker_id) filter (where not stale.clean), '{}'),
    coalesce(array_agg(stale.worker_id order by stale.worker_id) filter (where stale.clean), '{}')
  into v_registered, v_stopped
  from (
    select workers.worker_id,
      workers.stopped_at is not null
        and not exists (
          select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
          where jobs.locked_by = workers.worker_id and jobs.locked_at is not null)
        and not exists (
          select 1 from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
          where queues.locked_by = workers.worker_id and queues.locked_at is not null)
        as clean
    from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.last_heartbeat_at < v_cutoff
      and workers.last_heartbeat_at < pg_catalog.now() - 2 * workers.heartbeat_interval
    for update of workers skip locked
  ) as stale;

  -- 3. Unregistered holders of locks older than the threshold.
  select coalesce(array_agg(distinct holders.locked_by order by holders.locked_by), '{}')
  into v_unregistered
  from (
    select jobs.locked_by from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at < v_cutoff
    union
    select queues.locked_by from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    where queues.locked_at < v_cutoff
  ) as holders
  where holders.locked_by is not null
    and not exists (
      select 1 from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
      where workers.worker_id = holders.locked_by
    );

  -- 4. Recover (or, in a dry run, count) what they held.
  select recovered.jobs, recovered.queues into v_jobs, v_queues
  from :GRAPHILE_WORKER_SCHEMA._recover_workers(
    v_registered, v_unregistered, v_cutoff, v_delay, 'sweep_stale_workers', 'stopped', v_dry_run
  ) as recovered;

  if not v_dry_run then
    delete from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.worker_id = any(v_registered || v_stopped);

    update :GRAPHILE_WORKER_SCHEMA._private_sweeps
    set last_swept_at = pg_catalog.now(),
        last_result = jsonb_build_object(
          'dead_worker_ids', to_jsonb(v_registered || v_unregistered),
          'jobs_recovered', v_jobs,
          'queues_unlocked', v_queues);

    -- The throughput history keeps a week.
    delete from :GRAPHILE_WORKER_SCHEMA._private_throughput as throughput
    where throughput.minute < pg_catalog.now() - interval '7 days';
  end if;

  return query select v_registered || v_unregistered, v_jobs, v_queues, false;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.sweep_stale_workers is
  'Recovers the jobs and queues of workers that stopped (stale heartbeat by the threshold and by their own interval, or unregistered with old locks); one sweep at a time.';
