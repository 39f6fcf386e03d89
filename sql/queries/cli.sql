/*
  The command line's reads: jobs by state, one job with its payload, counts,
  queues, and workers with the locks they hold; through the read API
  (job_counts, get_job, list_queues, list_workers) but for the list, which
  reads the public jobs view in run order. In the list, every job is in
  exactly one state: locked (locked_at is set), failed (no attempts left),
  ready (due now) or scheduled (due later, retries included). Ages are
  seconds by the database clock. State takes all, ready, scheduled, locked
  or failed.
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
  case jobs.state
    when 'running' then 'locked'
    when 'permanently_failed' then 'failed'
    when 'failed' then case when jobs.run_at <= now() then 'ready' else 'scheduled' end
    else jobs.state
  end as "state!"
from graphile_worker.get_job(:id!::bigint) as jobs;

/*
  Counts from job_counts (estimated beyond 1,000 jobs in a state): a job
  waiting for its retry, due or not, counts as scheduled and as waiting for
  a retry.
*/
/* @name Stats */
with counts as (
  select counts.state, sum(counts.count)::integer as n, bool_or(counts.estimated) as estimated
  from graphile_worker.job_counts() as counts
  group by counts.state
),
queues as (
  select count(*)::integer as named, (count(*) filter (where queues.locked_at is not null))::integer as running
  from graphile_worker.list_queues() as queues
)
select
  coalesce((select n from counts where state = 'ready'), 0) as "ready!",
  coalesce((select sum(n) from counts where state in ('scheduled', 'failed')), 0)::integer as "scheduled!",
  coalesce((select n from counts where state = 'running'), 0) as "locked!",
  coalesce((select n from counts where state = 'permanently_failed'), 0) as "failed!",
  coalesce((select sum(n) from counts), 0)::integer as "total!",
  coalesce((select n from counts where state = 'failed'), 0) as "waiting_for_retry!",
  coalesce((select bool_or(estimated) from counts), false) as "estimated!",
  (select named from queues) as "queues!",
  (select running from queues) as "running_queues!",
  (select count(*) from graphile_worker.list_workers() as workers
    where workers.registered and workers.stopped_at is null)::integer as "workers!",
  (select sweeps.last_swept_at from graphile_worker._private_sweeps as sweeps) as last_swept_at;

/* @name ListQueues */
select
  queues.queue_name as "queue_name!",
  queues.waiting::integer as "waiting!",
  queues.waiting_capped as "waiting_capped!",
  queues.running::integer as "running!",
  queues.paused as "paused!",
  queues.head_job_id::text as head_job_id,
  queues.locked_by,
  queues.locked_at,
  extract(epoch from now() - queues.locked_at)::float8 as lock_age_seconds
from graphile_worker.list_queues() as queues;

/* @name ListWorkers */
select
  workers.worker_id as "worker_id!",
  workers.registered as "registered!",
  workers.started_at,
  workers.last_heartbeat_at,
  extract(epoch from now() - workers.last_heartbeat_at)::float8 as heartbeat_age_seconds,
  workers.stale as "is_stale!",
  workers.jobs_locked::integer as "jobs_locked!",
  workers.queues_locked::integer as "queues_locked!",
  workers.oldest_locked_at,
  extract(epoch from now() - workers.oldest_locked_at)::float8 as oldest_lock_age_seconds,
  workers.metadata
from graphile_worker.list_workers(make_interval(secs => :thresholdSeconds!::double precision)) as workers
where workers.stopped_at is null or workers.jobs_locked + workers.queues_locked > 0
order by not workers.registered, workers.started_at, workers.worker_id;
