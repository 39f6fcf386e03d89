/*
  The worker protocol, as the runner calls it. Every call is one round trip.
  A fetch's claim is a fresh random uuid; every answer about a job (complete,
  fail, give back) carries the claim it was fetched under.
  GetJobs returns timestamps as epoch seconds (parsing four timestamp strings
  per job was the largest cost of a fetch on the Node.js side).
  FailWorkerJobs' failedItems is a JSON array with one entry per job: null, or
  the positions of a batch job's items that failed.
*/

/* @name GetJobs */
select
  id as "id!", queue_name, task_identifier as "task_identifier!", payload as "payload!",
  priority as "priority!", extract(epoch from run_at)::float8 as "run_at_epoch!", attempts as "attempts!",
  max_attempts as "max_attempts!", last_error, extract(epoch from created_at)::float8 as "created_at_epoch!",
  key, extract(epoch from locked_at)::float8 as "locked_at_epoch!", revision as "revision!", flags
from graphile_worker.get_jobs_v2(
  :workerId!::text,
  :claim!::uuid,
  :taskIdentifiers!::text[],
  :batchSize!::integer,
  :forbiddenFlags::text[],
  :now::timestamptz,
  :completedJobIds::bigint[],
  :completedClaims::uuid[]
);

/* @name CompleteWorkerJobs */
select id as "id!" from graphile_worker.worker_complete_jobs_v2(:workerId!::text, :jobIds!::bigint[], :claims!::uuid[]) as id;

/* @name FailWorkerJobs */
select id as "id!", attempts as "attempts!", max_attempts as "max_attempts!", run_at as "run_at!"
from graphile_worker.worker_fail_jobs_v2(
  :workerId!::text,
  :jobIds!::bigint[],
  :claims!::uuid[],
  :errorMessages!::text[],
  :failedItems::json
);

/* @name ReturnWorkerJobs */
select id as "id!" from graphile_worker.worker_return_jobs_v2(:workerId!::text, :jobIds!::bigint[], :claims!::uuid[]) as id;

/* @name ReturnClaim */
select id as "id!" from graphile_worker.worker_return_claim(:workerId!::text, :claim!::uuid) as id;

/* @name WorkerRegister */
select jobs_recovered as "jobs_recovered!", queues_unlocked as "queues_unlocked!"
from graphile_worker.worker_register(
  :workerId!::text,
  make_interval(secs => :heartbeatIntervalSeconds!::double precision),
  :metadata::jsonb
);

/* @name WorkerHeartbeat */
select graphile_worker.worker_heartbeat_v2(
  :workerId!::text,
  make_interval(secs => :heartbeatIntervalSeconds!::double precision),
  null,
  :jobsCompleted!::bigint,
  :jobsFailed!::bigint
) as "was_registered!";

/* @name WorkerDeregister */
select graphile_worker.worker_deregister(:workerId!::text) as "was_registered!";

/* @name ReleaseStaleLocks */
select jobs_released as "jobs_released!", queues_released as "queues_released!"
from graphile_worker.release_stale_locks();
