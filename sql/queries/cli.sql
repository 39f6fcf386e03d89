/*
  The command line's reads: jobs by state, one job with its payload, counts,
  queues, and workers with the locks they hold. Every job is in exactly one
  state: locked (locked_at is set), failed (no attempts left), ready (due
  now) or scheduled (due later, retries included). Ages are seconds by the
  database clock. State takes all, ready, scheduled, locked or failed.
*/

/* @name ListJobs */
select
  jobs.id as "id!", jobs.queue_name, jobs.task_identifier as "task_identifier!",
  jobs.priority as "priority!", jobs.run_at as "run_at!", jobs.attempts as "attempts!",
  jobs.max_attempts as "max_attempts!", jobs.last_error, jobs.created_at as "created_at!",
  jobs.updated_at as "updated_at!", jobs.key, jobs.locked_at, jobs.locked_by,
  jobs.revision as "revision!", jobs.flags, state.name as "state!"
from graphile_worker.jobs as jobs
cross join lateral (
  select case
    when jobs.locked_at is not null then 'locked'
    when jobs.attempts >= jobs.max_attempts then 'failed'
    when jobs.run_at <= now() then 'ready'
    else 'scheduled'
  end as name
) as state
where (:state!::text = 'all' or state.name = :state!::text)
  and (:identifier::text is null or jobs.task_identifier = :identifier::text)
  and (:queueName::text is null or jobs.queue_name = :queueName::text)
order by jobs.priority, jobs.run_at, jobs.id
limit :limit!::integer
offset :offset!::integer;

/* @name ShowJob */
select
  jobs.id as "id!", jobs.queue_name, jobs.task_identifier as "task_identifier!",
  jobs.payload::text as "payload_text!", jobs.priority as "priority!", jobs.run_at as "run_at!",
  jobs.attempts as "attempts!", jobs.max_attempts as "max_attempts!", jobs.last_error,
  jobs.created_at as "created_at!", jobs.updated_at as "updated_at!", jobs.key,
  jobs.locked_at, jobs.locked_by, jobs.revision as "revision!", jobs.flags,
  case
    when jobs.locked_at is not null then 'locked'
    when jobs.attempts >= jobs.max_attempts then 'failed'
    when jobs.run_at <= now() then 'ready'
    else 'scheduled'
  end as "state!"
from graphile_worker._private_jobs as jobs
where jobs.id = :id!::bigint;

/* @name Stats */
with states as (
  select
    jobs.attempts,
    case
      when jobs.locked_at is not null then 'locked'
      when jobs.attempts >= jobs.max_attempts then 'failed'
      when jobs.run_at <= now() then 'ready'
      else 'scheduled'
    end as state
  from graphile_worker._private_jobs as jobs
)
select
  (select count(*) from states where states.state = 'ready')::integer as "ready!",
  (select count(*) from states where states.state = 'scheduled')::integer as "scheduled!",
  (select count(*) from states where states.state = 'locked')::integer as "locked!",
  (select count(*) from states where states.state = 'failed')::integer as "failed!",
  (select count(*) from states)::integer as "total!",
  (select count(*) from states where states.state = 'scheduled' and states.attempts > 0)::integer
    as "waiting_for_retry!",
  (select count(*) from graphile_worker._private_job_queues)::integer as "queues!",
  (select count(*) from graphile_worker._private_job_queues as queues where queues.locked_at is not null)::integer
    as "running_queues!",
  (select count(*) from graphile_worker._private_workers as workers where workers.stopped_at is null)::integer as "workers!",
  (select sweeps.last_swept_at from graphile_worker._private_sweeps as sweeps) as last_swept_at;

/* @name ListQueues */
select
  queues.queue_name as "queue_name!",
  count(jobs.id)::integer as "jobs!",
  (count(jobs.id) filter (
    where jobs.locked_at is null and jobs.attempts < jobs.max_attempts and jobs.run_at <= now()
  ))::integer as "ready!",
  queues.locked_by,
  queues.locked_at,
  extract(epoch from now() - queues.locked_at)::float8 as lock_age_seconds
from graphile_worker._private_job_queues as queues
left join graphile_worker._private_jobs as jobs on jobs.queue_name = queues.queue_name
group by queues.queue_name
order by queues.queue_name;

/* @name ListWorkers */
with locks as (
  select jobs.locked_by as worker_id, jobs.locked_at, 1 as job, 0 as queue
  from graphile_worker._private_jobs as jobs
  where jobs.locked_at is not null and jobs.locked_by is not null
  union all
  select queues.locked_by, queues.locked_at, 0, 1
  from graphile_worker._private_job_queues as queues
  where queues.locked_at is not null and queues.locked_by is not null
),
holders as (
  select
    locks.worker_id,
    sum(locks.job)::integer as jobs_locked,
    sum(locks.queue)::integer as queues_locked,
    min(locks.locked_at) as oldest_locked_at
  from locks
  group by locks.worker_id
),
registry as (
  select *
  from graphile_worker.list_active_workers(make_interval(secs => :thresholdSeconds!::double precision))
)
select
  coalesce(registry.worker_id, holders.worker_id) as "worker_id!",
  registry.worker_id is not null as "registered!",
  registry.started_at,
  registry.last_heartbeat_at,
  extract(epoch from now() - registry.last_heartbeat_at)::float8 as heartbeat_age_seconds,
  coalesce(
    registry.is_stale,
    holders.oldest_locked_at < now() - make_interval(secs => :thresholdSeconds!::double precision)
  ) as "is_stale!",
  coalesce(holders.jobs_locked, 0) as "jobs_locked!",
  coalesce(holders.queues_locked, 0) as "queues_locked!",
  holders.oldest_locked_at,
  extract(epoch from now() - holders.oldest_locked_at)::float8 as oldest_lock_age_seconds,
  registry.metadata
from registry
full join holders on holders.worker_id = registry.worker_id
order by registry.worker_id is null, registry.started_at, coalesce(registry.worker_id, holders.worker_id);
