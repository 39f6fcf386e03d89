/*
  The administrative UI's reads and the schedule actions it takes. Every job
  is in one state: running (locked), permanently_failed (no attempts left),
  failed (an attempt failed; waiting for its retry), ready (due now) or
  scheduled (due later). The search and the job detail read payloads, so the
  jobs table; the writes are the SQL API's functions (admin.sql). Ids travel
  as text (bigint).
*/

/* @name JobCounts */
select
  jobs.task_identifier as "task_identifier!", jobs.queue_name, state.name as "state!",
  count(*)::integer as "count!"
from graphile_worker.jobs as jobs
cross join lateral (
  select case
    when jobs.locked_at is not null then 'running'
    when jobs.attempts >= jobs.max_attempts then 'permanently_failed'
    when jobs.attempts > 0 and jobs.last_error is not null then 'failed'
    when jobs.run_at <= now() then 'ready'
    else 'scheduled'
  end as name
) as state
group by jobs.task_identifier, jobs.queue_name, state.name
order by jobs.task_identifier, jobs.queue_name, state.name;

/* @name ListJobs */
select
  jobs.id::text as "id!", jobs.queue_name, jobs.task_identifier as "task_identifier!",
  jobs.priority as "priority!", jobs.run_at as "run_at!", jobs.attempts as "attempts!",
  jobs.max_attempts as "max_attempts!", jobs.last_error, jobs.created_at as "created_at!",
  jobs.key, jobs.locked_at, jobs.locked_by, jobs.revision as "revision!", jobs.flags,
  state.name as "state!"
from graphile_worker._private_jobs as jobs
cross join lateral (
  select case
    when jobs.locked_at is not null then 'running'
    when jobs.attempts >= jobs.max_attempts then 'permanently_failed'
    when jobs.attempts > 0 and jobs.last_error is not null then 'failed'
    when jobs.run_at <= now() then 'ready'
    else 'scheduled'
  end as name
) as state
where (:state::text is null or state.name = :state::text)
  and (:taskIdentifier::text is null or jobs.task_identifier = :taskIdentifier::text)
  and (:queueName::text is null or jobs.queue_name = :queueName::text)
  and (:afterId::bigint is null or jobs.id < :afterId::bigint)
  and (
    :search::text is null
    or jobs.id::text = :search::text
    or strpos(jobs.task_identifier, :search::text) > 0
    or strpos(coalesce(jobs.queue_name, ''), :search::text) > 0
    or strpos(coalesce(jobs.key, ''), :search::text) > 0
    or strpos(coalesce(jobs.last_error, ''), :search::text) > 0
    or strpos(jobs.payload::text, :search::text) > 0
  )
order by jobs.id desc
limit :pageSize!::integer;

/* @name CountJobs */
select count(*)::integer as "count!"
from graphile_worker._private_jobs as jobs
cross join lateral (
  select case
    when jobs.locked_at is not null then 'running'
    when jobs.attempts >= jobs.max_attempts then 'permanently_failed'
    when jobs.attempts > 0 and jobs.last_error is not null then 'failed'
    when jobs.run_at <= now() then 'ready'
    else 'scheduled'
  end as name
) as state
where (:state::text is null or state.name = :state::text)
  and (:taskIdentifier::text is null or jobs.task_identifier = :taskIdentifier::text)
  and (:queueName::text is null or jobs.queue_name = :queueName::text)
  and (
    :search::text is null
    or jobs.id::text = :search::text
    or strpos(jobs.task_identifier, :search::text) > 0
    or strpos(coalesce(jobs.queue_name, ''), :search::text) > 0
    or strpos(coalesce(jobs.key, ''), :search::text) > 0
    or strpos(coalesce(jobs.last_error, ''), :search::text) > 0
    or strpos(jobs.payload::text, :search::text) > 0
  );

/* @name GetJob */
select
  jobs.id::text as "id!", jobs.queue_name, jobs.task_identifier as "task_identifier!",
  jobs.payload::text as "payload_text!", jobs.priority as "priority!", jobs.run_at as "run_at!",
  jobs.attempts as "attempts!", jobs.max_attempts as "max_attempts!", jobs.last_error,
  jobs.created_at as "created_at!", jobs.updated_at as "updated_at!", jobs.key,
  jobs.locked_at, jobs.locked_by, jobs.revision as "revision!", jobs.flags,
  case
    when jobs.locked_at is not null then 'running'
    when jobs.attempts >= jobs.max_attempts then 'permanently_failed'
    when jobs.attempts > 0 and jobs.last_error is not null then 'failed'
    when jobs.run_at <= now() then 'ready'
    else 'scheduled'
  end as "state!"
from graphile_worker._private_jobs as jobs
where jobs.id = :id!::bigint;

/* @name OldestWaiting */
select jobs.id::text as "id!", jobs.task_identifier as "task_identifier!", jobs.run_at as "run_at!",
  extract(epoch from now() - jobs.run_at)::float8 as "waiting_seconds!"
from graphile_worker.jobs as jobs
where jobs.locked_at is null and jobs.attempts < jobs.max_attempts and jobs.run_at <= now()
order by jobs.run_at, jobs.id
limit 1;

/* @name Throughput */
select throughput.minute as "minute!", throughput.completed::integer as "completed!",
  throughput.failed::integer as "failed!"
from graphile_worker._private_throughput as throughput
where throughput.minute > now() - make_interval(mins => :minutes!::integer)
order by throughput.minute;

/* @name ListQueues */
select
  queues.queue_name as "queue_name!",
  (count(jobs.id) filter (where jobs.locked_at is null and jobs.attempts < jobs.max_attempts))::integer as "waiting!",
  (count(jobs.id) filter (where jobs.locked_at is not null))::integer as "running!",
  queues.locked_by, queues.locked_at, false as "paused!",
  (min(jobs.id) filter (where jobs.locked_at is null and jobs.attempts < jobs.max_attempts))::text as head_job_id
from graphile_worker._private_job_queues as queues
left join graphile_worker.jobs as jobs on jobs.queue_name = queues.queue_name
group by queues.queue_name, queues.locked_by, queues.locked_at
order by queues.queue_name;

/* @name ListSchedules */
select
  schedules.id as "id!", schedules.cron as "cron!", schedules.time_zone as "time_zone!",
  schedules.task_identifier as "task_identifier!", schedules.queue_name,
  schedules.enabled as "enabled!", schedules.source, schedules.last_fire_at,
  schedules.next_fire_at, schedules.last_job_id::text as last_job_id
from graphile_worker.schedules as schedules
order by schedules.id;

/* @name PauseSchedule */
select schedules.id as "id!", schedules.enabled as "enabled!"
from graphile_worker.pause_schedule(:id!::text) as schedules;

/* @name ResumeSchedule */
select schedules.id as "id!", schedules.enabled as "enabled!"
from graphile_worker.resume_schedule(:id!::text) as schedules;

/* @name TriggerSchedule */
select job.id::text as "id!"
from graphile_worker.trigger_schedule(:id!::text) as job;

/* @name AppliedMigrations */
select migrations.id as "id!", migrations.name as "name!", migrations.applied_at as "applied_at!"
from graphile_worker.migrations as migrations
order by migrations.id;
