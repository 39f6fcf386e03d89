-- The worker's fetch, 0.1 protocol (0.1 runners keep calling it while a
-- deploy rolls; new workers call get_jobs_v2): locks and returns up to
-- batch_size runnable jobs, at most one per named queue (see _claim_jobs),
-- without a claim token. complete_job_ids: jobs this worker finished since
-- its last call, completed first, in the same round trip.
create function :GRAPHILE_WORKER_SCHEMA.get_jobs(
  worker_id text,
  task_identifiers text[],
  batch_size integer default 1,
  forbidden_flags text[] default null,
  now timestamptz default now(),
  complete_job_ids bigint[] default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('get_jobs', get_jobs.worker_id);
  if cardinality(get_jobs.complete_job_ids) > 0 then
    perform :GRAPHILE_WORKER_SCHEMA._complete_jobs(get_jobs.worker_id, get_jobs.complete_job_ids, null);
  end if;
  return query
  select (:GRAPHILE_WORKER_SCHEMA._job_row(claimed)).*
  from :GRAPHILE_WORKER_SCHEMA._claim_jobs(
    'get_jobs', get_jobs.worker_id, null, get_jobs.task_identifiers, get_jobs.batch_size,
    get_jobs.forbidden_flags, get_jobs.now
  ) as claimed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.get_jobs is
  'Worker protocol 0.1: locks and returns up to batch_size runnable jobs for worker_id, at most one per named queue. New workers use get_jobs_v2.';
