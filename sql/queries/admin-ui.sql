/*
  The administrative UI's reads (the read API of migration 000009, plus the
  throughput the workers report, the schedules and the ledger) and the
  actions it takes besides admin.sql's: pause, resume and trigger of
  schedules. A job's state is _job_state's: running, permanently_failed,
  failed (waiting for its retry), ready or scheduled. Ids travel as text
  (bigint).
*/

/* @name JobCounts */
select counts.task_identifier as "task_identifier!", counts.queue_name, counts.state as "state!",
  counts.count::integer as "count!", counts.estimated as "estimated!"
from graphile_worker.job_counts() as counts
order by counts.task_identifier, counts.queue_name, counts.state;

/* @name ListJobs */
select
  jobs.id::text as "id!", jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at,
  jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.key, jobs.locked_at,
  jobs.locked_by, jobs.revision, jobs.flags, jobs.state as "state!"
from graphile_worker.list_jobs(
  state := :state::text,
  task_identifier := :taskIdentifier::text,
  queue_name := :queueName::text,
  search := :search::text,
  after_id := :afterId::bigint,
  page_size := :pageSize!::integer
) as jobs;

/* @name CountJobs */
-- How many jobs list_jobs would list for a filter (its predicates), for the
-- confirmation of an action on all of them.
select count(*)::integer as "count!"
from graphile_worker._private_jobs as jobs
where (:state::text is null
    or graphile_worker._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, now()) = :state::text)
  and (:taskIdentifier::text is null or jobs.task_identifier = :taskIdentifier::text)
  and (:queueName::text is null or jobs.queue_name = :queueName::text)
  and (
    :search::text is null
    or jobs.id::text = :search::text
    or strpos(lower(jobs.task_identifier), lower(:search::text)) > 0
    or strpos(lower(jobs.queue_name), lower(:search::text)) > 0
    or strpos(lower(jobs.key), lower(:search::text)) > 0
    or strpos(lower(jobs.last_error), lower(:search::text)) > 0
    or strpos(lower(jobs.payload::text), lower(:search::text)) > 0
  );

/* @name GetJob */
select
  job.id::text as "id!", job.queue_name, job.task_identifier as "task_identifier!",
  job.payload::text as "payload_text!", job.priority as "priority!", job.run_at as "run_at!",
  job.attempts as "attempts!", job.max_attempts as "max_attempts!", job.last_error,
  job.created_at as "created_at!", job.updated_at as "updated_at!", job.key,
  job.locked_at, job.locked_by, job.revision as "revision!", job.flags, job.state as "state!"
from graphile_worker.get_job(:id!::bigint) as job;

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
  queues.queue_name as "queue_name!", queues.waiting::integer as "waiting!", queues.running::integer as "running!",
  queues.locked_by, queues.locked_at, queues.paused as "paused!", queues.head_job_id::text as head_job_id,
  queues.waiting_capped as "waiting_capped!"
from graphile_worker.list_queues() as queues
order by queues.queue_name;

/* @name ListWorkers */
select
  workers.worker_id as "worker_id!", workers.registered as "registered!", workers.started_at,
  workers.last_heartbeat_at, extract(epoch from workers.heartbeat_interval)::float8 as heartbeat_interval_seconds,
  workers.stopped_at, workers.metadata, workers.stale as "is_stale!",
  workers.jobs_locked::integer as "jobs_locked!", workers.queues_locked::integer as "queues_locked!",
  workers.oldest_locked_at
from graphile_worker.list_workers(make_interval(secs => :thresholdSeconds!::double precision)) as workers;


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

/* @name GetJobSummary */
-- One job without its payload: for a viewer not granted get_job.
select
  job.id::text as "id!", job.queue_name, job.task_identifier as "task_identifier!",
  job.priority as "priority!", job.run_at as "run_at!", job.attempts as "attempts!",
  job.max_attempts as "max_attempts!", job.last_error, job.created_at as "created_at!",
  job.updated_at as "updated_at!", job.key, job.locked_at, job.locked_by,
  job.revision as "revision!", job.flags, job.state as "state!"
from graphile_worker.get_job_summary(:id!::bigint) as job;
