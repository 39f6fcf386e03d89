/*
  Enqueueing: add_job, add_jobs (specs: a JSON array of job_spec objects, in
  order), remove_job. Payloads travel as JSON text. Columns are listed so that
  pgtyped knows which ones are never null (suffix !).
*/

/* @name AddJob */
select
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", run_at as "run_at!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, created_at as "created_at!",
  updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
from graphile_worker.add_job(
  identifier := :identifier!,
  payload := :payload::json,
  queue_name := :queueName,
  run_at := :runAt,
  max_attempts := :maxAttempts,
  job_key := :jobKey,
  priority := :priority,
  flags := :flags,
  job_key_mode := coalesce(:jobKeyMode, 'replace')
);

/* @name AddJobs */
select
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", run_at as "run_at!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, created_at as "created_at!",
  updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
from graphile_worker.add_jobs(
  array(select json_populate_recordset(null::graphile_worker.job_spec, :specs!::json)),
  coalesce(:jobKeyPreserveRunAt::boolean, false)
);

/* @name RemoveJob */
select
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", run_at as "run_at!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, created_at as "created_at!",
  updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
from graphile_worker.remove_job(:jobKey!);
