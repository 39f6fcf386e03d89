-- Worker protocol: the jobs failed. For each job this worker still holds:
-- unlock it, release its queue, keep the attempt, record the error, retry
-- after exp(least(attempts, 10)) seconds, and, when given, replace the
-- payload (a batch job whose failed items alone are retried).
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
set search_path to ''
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
  with failed as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set last_error = coalesce(failure.message, 'unknown error'),
        run_at = greatest(pg_catalog.now(), jobs.run_at)
          + exp(least(jobs.attempts, 10)) * interval '1 second',
        payload = coalesce(failure.payload, jobs.payload),
        locked_at = null,
        locked_by = null,
        updated_at = pg_catalog.now()
    from unnest(worker_fail_jobs.job_ids, worker_fail_jobs.error_messages, worker_fail_jobs.replacement_payloads)
      as failure(id, message, payload)
    where jobs.id = failure.id
      and jobs.locked_by = worker_fail_jobs.worker_id
    returning jobs.*
  ),
  released as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.queue_name in (select failed.queue_name from failed)
      and queues.locked_by = worker_fail_jobs.worker_id
  )
  select failed.* from failed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs is
  'Worker protocol: records failures of jobs this worker holds and schedules their retries with exponential backoff.';
