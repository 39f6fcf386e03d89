-- Worker protocol 0.1: the jobs failed. For each job this worker still
-- holds (locked through get_jobs, without a claim): unlock it, release its
-- queue, keep the attempt, record the error, retry after
-- exp(least(attempts, 10)) seconds, and, when given, replace the payload (a
-- batch job whose failed items alone are retried). New workers use
-- worker_fail_jobs_v2.
create function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs(
  worker_id text,
  job_ids bigint[],
  error_messages text[],
  replacement_payloads json[] default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_fail_jobs', worker_fail_jobs.worker_id);
  if worker_fail_jobs.job_ids is null then
    raise exception 'worker_fail_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  if cardinality(worker_fail_jobs.error_messages) is distinct from cardinality(worker_fail_jobs.job_ids) then
    raise exception 'worker_fail_jobs: error_messages must have one message per job id (got % for % ids)',
      coalesce(cardinality(worker_fail_jobs.error_messages)::text, 'null'), cardinality(worker_fail_jobs.job_ids)
      using errcode = '22023';
  end if;
  if worker_fail_jobs.replacement_payloads is not null
    and cardinality(worker_fail_jobs.replacement_payloads) <> cardinality(worker_fail_jobs.job_ids) then
    raise exception 'worker_fail_jobs: replacement_payloads must have one entry (or null) per job id (got % for % ids)',
      cardinality(worker_fail_jobs.replacement_payloads), cardinality(worker_fail_jobs.job_ids)
      using errcode = '22023';
  end if;

  return query
  select (:GRAPHILE_WORKER_SCHEMA._job_row(failed)).*
  from :GRAPHILE_WORKER_SCHEMA._fail_jobs(
    worker_fail_jobs.worker_id, worker_fail_jobs.job_ids, null, worker_fail_jobs.error_messages,
    worker_fail_jobs.replacement_payloads, null
  ) as failed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs is
  'Worker protocol 0.1: records failures of jobs this worker holds and schedules their retries with exponential backoff.';
