/*
  Recurring schedules: upsert_schedule, remove_schedule, pause_schedule,
  resume_schedule, trigger_schedule, preview_schedule, tick_schedules,
  sync_crontab, and the list of schedules with their latest job. Payloads
  and crontab items travel as JSON text; catch_up_window travels as
  interval text ('90 seconds') and comes back as PostgreSQL prints it; a
  preview's local times come back as text (a timestamp without a zone
  would otherwise be read in this process's zone). ListSchedules gives
  every schedule (or the one with this id) in id order, with the state of
  its latest job: ready, scheduled, locked or failed while the job exists,
  null once it is gone (completed) or when there was none.
*/

/* @name UpsertSchedule */
select
  id as "id!", cron as "cron!", time_zone as "time_zone!", task_identifier as "task_identifier!",
  payload as "payload!", queue_name, priority, max_attempts, flags, job_key, job_key_mode,
  catch_up as "catch_up!", catch_up_window::text as "catch_up_window!", enabled as "enabled!", source,
  last_fire_at, next_fire_at, last_job_id, created_at as "created_at!", updated_at as "updated_at!"
from graphile_worker.upsert_schedule(
  id := :id!::text,
  cron := :cron!::text,
  task_identifier := :taskIdentifier!::text,
  payload := :payload::json,
  time_zone := coalesce(:timeZone::text, 'UTC'),
  queue_name := :queueName::text,
  priority := :priority::integer,
  max_attempts := :maxAttempts::integer,
  flags := :flags::text[],
  job_key := :jobKey::text,
  job_key_mode := :jobKeyMode::text,
  catch_up := coalesce(:catchUp::text, 'latest'),
  catch_up_window := coalesce(:catchUpWindow::interval, '1 day'),
  enabled := coalesce(:enabled::boolean, true)
);

/* @name RemoveSchedule */
select
  id as "id!", cron as "cron!", time_zone as "time_zone!", task_identifier as "task_identifier!",
  payload as "payload!", queue_name, priority, max_attempts, flags, job_key, job_key_mode,
  catch_up as "catch_up!", catch_up_window::text as "catch_up_window!", enabled as "enabled!", source,
  last_fire_at, next_fire_at, last_job_id, created_at as "created_at!", updated_at as "updated_at!"
from graphile_worker.remove_schedule(:id!::text);

/* @name PauseSchedule */
select
  id as "id!", cron as "cron!", time_zone as "time_zone!", task_identifier as "task_identifier!",
  payload as "payload!", queue_name, priority, max_attempts, flags, job_key, job_key_mode,
  catch_up as "catch_up!", catch_up_window::text as "catch_up_window!", enabled as "enabled!", source,
  last_fire_at, next_fire_at, last_job_id, created_at as "created_at!", updated_at as "updated_at!"
from graphile_worker.pause_schedule(:id!::text);

/* @name ResumeSchedule */
select
  id as "id!", cron as "cron!", time_zone as "time_zone!", task_identifier as "task_identifier!",
  payload as "payload!", queue_name, priority, max_attempts, flags, job_key, job_key_mode,
  catch_up as "catch_up!", catch_up_window::text as "catch_up_window!", enabled as "enabled!", source,
  last_fire_at, next_fire_at, last_job_id, created_at as "created_at!", updated_at as "updated_at!"
from graphile_worker.resume_schedule(:id!::text);

/* @name TriggerSchedule */
select
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", run_at as "run_at!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, created_at as "created_at!",
  updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
from graphile_worker.trigger_schedule(:id!::text);

/* @name PreviewSchedule */
select
  fire_at as "fire_at!",
  to_char(local_time, 'YYYY-MM-DD"T"HH24:MI:SS') as "local_time!"
from graphile_worker.preview_schedule(
  cron := :cron!::text,
  time_zone := coalesce(:timeZone::text, 'UTC'),
  from_time := coalesce(:fromTime::timestamptz, now()),
  n := coalesce(:n::integer, 10)
);

/* @name TickSchedules */
select
  schedule_id as "schedule_id!", fire_at as "fire_at!", backfilled as "backfilled!",
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", run_at as "run_at!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, created_at as "created_at!",
  updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
from graphile_worker.tick_schedules(coalesce(:now::timestamptz, now()));

/* @name SyncCrontab */
select id as "id!", change as "change!"
from graphile_worker.sync_crontab(:source!::text, :items!::json);

/* @name ListSchedules */
select
  schedules.id as "id!", schedules.cron as "cron!", schedules.time_zone as "time_zone!",
  schedules.task_identifier as "task_identifier!", schedules.payload as "payload!", schedules.queue_name,
  schedules.priority, schedules.max_attempts, schedules.flags, schedules.job_key, schedules.job_key_mode,
  schedules.catch_up as "catch_up!", schedules.catch_up_window::text as "catch_up_window!",
  schedules.enabled as "enabled!", schedules.source, schedules.last_fire_at, schedules.next_fire_at,
  schedules.last_job_id, schedules.created_at as "created_at!", schedules.updated_at as "updated_at!",
  case
    when jobs.id is null then null
    when jobs.locked_at is not null then 'locked'
    when jobs.attempts >= jobs.max_attempts then 'failed'
    when jobs.run_at <= now() then 'ready'
    else 'scheduled'
  end as last_job_state
from graphile_worker.schedules as schedules
left join graphile_worker.jobs as jobs on jobs.id = schedules.last_job_id
where :id::text is null or schedules.id = :id::text
order by schedules.id;
