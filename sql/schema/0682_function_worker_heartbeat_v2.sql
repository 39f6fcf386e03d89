-- Worker protocol: records that a worker is alive. heartbeat_interval is
-- how often it will heartbeat: no sweep takes it for dead while its last
-- heartbeat is younger than twice that (the interval may grow while the
-- worker lives, never shrink). jobs_completed and jobs_failed are the jobs
-- it finished since its previous heartbeat (the throughput that operators
-- see). Returns false when the worker was not registered: a sweep took it
-- for dead and recovered its jobs, so the runs it still has in flight are
-- stale (their answers will change nothing); it is registered again, and
-- whatever its id still holds (a fetch that raced the sweep) is recovered
-- too, so that this stays true.
create function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat_v2(
  worker_id text,
  heartbeat_interval interval,
  metadata jsonb default null,
  jobs_completed bigint default 0,
  jobs_failed bigint default 0
)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_heartbeat_v2', worker_heartbeat_v2.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_heartbeat_interval('worker_heartbeat_v2', worker_heartbeat_v2.heartbeat_interval);
  if worker_heartbeat_v2.jobs_completed is null or worker_heartbeat_v2.jobs_completed < 0 then
    raise exception 'worker_heartbeat_v2: jobs_completed must be a count, 0 or more (got %)',
      coalesce(worker_heartbeat_v2.jobs_completed::text, 'null') using errcode = '22023';
  end if;
  if worker_heartbeat_v2.jobs_failed is null or worker_heartbeat_v2.jobs_failed < 0 then
    raise exception 'worker_heartbeat_v2: jobs_failed must be a count, 0 or more (got %)',
      coalesce(worker_heartbeat_v2.jobs_failed::text, 'null') using errcode = '22023';
  end if;
  if :GRAPHILE_WORKER_SCHEMA._heartbeat(
    worker_heartbeat_v2.worker_id, worker_heartbeat_v2.heartbeat_interval, worker_heartbeat_v2.metadata,
    worker_heartbeat_v2.jobs_completed, worker_heartbeat_v2.jobs_failed)
  then
    return true;
  end if;
  perform :GRAPHILE_WORKER_SCHEMA._recover_workers(
    array[worker_heartbeat_v2.worker_id], '{}', null, interval '0', 'worker_heartbeat_v2', 'was taken for dead');
  return false;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_heartbeat_v2 is
  'Worker protocol: refreshes the worker''s heartbeat and the interval it promises; reports jobs finished since the last one; false means a sweep had taken it for dead.';
