/*
  Adoption with takeOverLocks: the jobs and named queues that graphile-worker
  workers locked less than 4 hours ago are unlocked in upstream's tables
  before they are converted, so that they run again here. The interrupted
  attempt counts (upstream counted it when it took the job), and last_error
  says what happened. Returns how many jobs and queues were taken over.
*/
with
jobs as (
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set
    locked_at = null,
    locked_by = null,
    updated_at = now(),
    last_error = pg_catalog.format(
      'taken over when this schema was adopted from graphile-worker: worker %s had been running this job since %s; it runs again (the interrupted attempt counts)',
      jobs.locked_by, jobs.locked_at)
  where jobs.locked_at > now() - interval '4 hours'
  returning jobs.id
),
queues as (
  update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
  set locked_at = null, locked_by = null
  where queues.locked_at > now() - interval '4 hours'
  returning queues.id
)
select (select count(*) from jobs)::integer as jobs, (select count(*) from queues)::integer as queues;
