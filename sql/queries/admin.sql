/*
  Administration: complete_jobs, permanently_fail_jobs, reschedule_jobs,
  force_unlock_workers, cleanup, analyze_jobs, pause and resume of queues
  and tasks, and the worker registry's list and sweep. Ids travel as text
  (bigint). A null option means "unchanged"; 0 is a value.
*/

/* @name CompleteJobs */
select
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", run_at as "run_at!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, created_at as "created_at!",
  updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
from graphile_worker.complete_jobs(:jobIds!::bigint[]);

/* @name PermanentlyFailJobs */
select
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", run_at as "run_at!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, created_at as "created_at!",
  updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
from graphile_worker.permanently_fail_jobs(:jobIds!::bigint[], :reason::text);

/* @name RescheduleJobs */
select
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", run_at as "run_at!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, created_at as "created_at!",
  updated_at as "updated_at!", key, locked_at, locked_by, revision as "revision!", flags
from graphile_worker.reschedule_jobs(
  :jobIds!::bigint[],
  run_at := :runAt::timestamptz,
  priority := :priority::integer,
  attempts := :attempts::integer,
  max_attempts := :maxAttempts::integer
);

/* @name ForceUnlockWorkers */
select graphile_worker.force_unlock_workers(:workerIds!::text[]) as "done";

/* @name Cleanup */
select task as "task!", deleted as "deleted!"
from graphile_worker.cleanup(:tasks!::text[], coalesce(:taskIdentifiersToKeep::text[], '{}'));

/* @name AnalyzeJobs */
select graphile_worker.analyze_jobs() as "done";

/* @name ListActiveWorkers */
select
  worker_id as "worker_id!", started_at as "started_at!", last_heartbeat_at as "last_heartbeat_at!",
  metadata, is_stale as "is_stale!"
from graphile_worker.list_active_workers(make_interval(secs => :thresholdSeconds!::double precision));

/* @name SweepStaleWorkers */
select
  dead_worker_ids as "dead_worker_ids!", jobs_recovered as "jobs_recovered!",
  queues_unlocked as "queues_unlocked!", another_sweep_running as "another_sweep_running!"
from graphile_worker.sweep_stale_workers(
  make_interval(secs => :sweepThresholdSeconds!::double precision),
  make_interval(secs => :recoveryDelaySeconds!::double precision),
  :dryRun!::boolean
);

/* @name PauseQueue */
select graphile_worker.pause_queue(:queueName!::text) as "changed!";

/* @name ResumeQueue */
select graphile_worker.resume_queue(:queueName!::text) as "changed!";

/* @name PauseTask */
select graphile_worker.pause_task(:taskIdentifier!::text) as "changed!";

/* @name ResumeTask */
select graphile_worker.resume_task(:taskIdentifier!::text) as "changed!";
