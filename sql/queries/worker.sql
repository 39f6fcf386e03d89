/*
  The worker protocol, as the runner calls it. Every call is one round trip.
  GetJobs returns timestamps as epoch seconds (parsing four timestamp strings
  per job was the largest cost of a fetch on the Node.js side) and leaves out
  what the claim makes known: locked_by is the worker, updated_at = locked_at.
  FailWorkerJobs' replacementPayloads is a JSON array with one entry per job,
  null for "keep the payload".
*/

/* @name GetJobs */
select
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", extract(epoch from run_at)::float8 as "run_at_epoch!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, extract(epoch from created_at)::float8 as "created_at_epoch!",
  key, extract(epoch from locked_at)::float8 as "locked_at_epoch!", revision as "revision!", flags
from graphile_worker.get_jobs(
  :workerId!::text,
  :taskIdentifiers!::text[],
  :batchSize!::integer,
  :forbiddenFlags::text[],
  coalesce(:now::timestamptz, now()),
  :completeJobIds::bigint[]
);

/* @name CompleteWorkerJobs */
select id as "id!" from graphile_worker.worker_complete_jobs(:workerId!::text, :jobIds!::bigint[]) as id;

/* @name FailWorkerJobs */
select id as "id!", attempts as "attempts!", max_attempts as "max_attempts!", run_at as "run_at!"
from graphile_worker.worker_fail_jobs(
  :workerId!::text,
  :jobIds!::bigint[],
  :errorMessages!::text[],
  (select array_agg(nullif(entry.payload::text, 'null')::json order by entry.n)
     from json_array_elements(:replacementPayloads::json) with ordinality as entry(payload, n))
);

/* @name ReturnWorkerJobs */
select id as "id!" from graphile_worker.worker_return_jobs(:workerId!::text, :jobIds!::bigint[]) as id;

/* @name ReleaseStaleLocks */
select jobs_released as "jobs_released!", queues_released as "queues_released!"
from graphile_worker.release_stale_locks();

/* @name WorkerHeartbeat */
select graphile_worker.worker_heartbeat_v2(
  :workerId!::text,
  make_interval(secs => :heartbeatIntervalSeconds!::double precision),
  :metadata::jsonb
) as "was_registered!";

/* @name WorkerDeregister */
select graphile_worker.worker_deregister(:workerId!::text) as "was_registered!";

/* @name ReturnUnknownWorkerJobs */
select id as "id!" from graphile_worker.worker_return_unknown_jobs(:workerId!::text, :knownJobIds!::bigint[]) as id;
