-- Crash recovery without waiting 4 hours. Dead workers are registered
-- workers whose heartbeat is older than sweep_threshold, and lock holders
-- (of jobs or queues) that are not registered and whose locks are older
-- than sweep_threshold. Their jobs are unlocked and will run again no
-- earlier than now + recovery_delay, with last_error saying why; the
-- interrupted attempt stays counted, so a job that kills its worker every
-- time ends permanently failed. Their queues are unlocked; the dead
-- workers' rows are removed. Only one sweep runs at a time: a sweep that
-- finds another running returns another_sweep_running = true and does nothing.
-- In a dry run nothing changes and the counts are what would be recovered.
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
set search_path to ''
as $$
declare
  v_threshold interval := sweep_stale_workers.sweep_threshold;
  v_delay interval := sweep_stale_workers.recovery_delay;
  v_dry_run boolean := coalesce(sweep_stale_workers.dry_run, false);
  v_cutoff timestamptz;
  v_registered text[];
  v_unregistered text[];
  v_jobs integer;
  v_queues integer;
begin
  if v_threshold is null or v_threshold <= interval '0' then
    raise exception 'sweep_stale_workers: sweep_threshold must be a positive interval (got %)',
      coalesce(v_threshold::text, 'null') using errcode = '22023';
  end if;
  if v_delay is null or v_delay < interval '0' then
    raise exception 'sweep_stale_workers: recovery_delay must not be negative (got %)',
      coalesce(v_delay::text, 'null') using errcode = '22023';
  end if;
  v_cutoff := pg_catalog.now() - v_threshold;

  -- 1. One sweep at a time.
  perform 1 from :GRAPHILE_WORKER_SCHEMA._private_sweeps for update skip locked;
  if not found then
    return query select '{}'::text[], 0, 0, true;
    return;
  end if;

  -- 2. Registered workers that stopped heartbeating (a worker heartbeating
  --    this very moment holds its row and is not dead).
  select coalesce(array_agg(dead.worker_id order by dead.worker_id), '{}')
  into v_registered
  from (
    select workers.worker_id
    from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.last_heartbeat_at < v_cutoff
    for update of workers skip locked
  ) as dead;

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

  -- 4. Recover (or, in a dry run, count) their jobs and queues: every lock of
  --    a dead registered worker, the old locks of an unregistered holder.
  if v_dry_run then
    select count(*)::integer into v_jobs
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_by = any(v_registered)
      or (jobs.locked_by = any(v_unregistered) and jobs.locked_at < v_cutoff);
    select count(*)::integer into v_queues
    from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    where queues.locked_by = any(v_registered)
      or (queues.locked_by = any(v_unregistered) and queues.locked_at < v_cutoff);
  else
    with recovered as (
      update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      set locked_at = null,
          locked_by = null,
          run_at = greatest(jobs.run_at, pg_catalog.now() + v_delay),
          last_error = format(
            'recovered by sweep_stale_workers: worker %s stopped while running this job (locked at %s); the attempt counts',
            jobs.locked_by, jobs.locked_at),
          updated_at = pg_catalog.now()
      where jobs.locked_by = any(v_registered)
        or (jobs.locked_by = any(v_unregistered) and jobs.locked_at < v_cutoff)
      returning 1
    )
    select count(*)::integer into v_jobs from recovered;

    with unlocked as (
      update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
      set locked_at = null, locked_by = null
      where queues.locked_by = any(v_registered)
        or (queues.locked_by = any(v_unregistered) and queues.locked_at < v_cutoff)
      returning 1
    )
    select count(*)::integer into v_queues from unlocked;

    delete from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.worker_id = any(v_registered);

    update :GRAPHILE_WORKER_SCHEMA._private_sweeps
    set last_swept_at = pg_catalog.now(),
        last_result = jsonb_build_object(
          'dead_worker_ids', to_jsonb(v_registered || v_unregistered),
          'jobs_recovered', v_jobs,
          'queues_unlocked', v_queues);
  end if;

  return query select v_registered || v_unregistered, v_jobs, v_queues, false;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.sweep_stale_workers is
  'Recovers the jobs and queues of workers that stopped (stale heartbeat, or unregistered with old locks); one sweep at a time.';
