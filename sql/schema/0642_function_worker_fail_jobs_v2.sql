-- Worker protocol: the jobs failed. For each job this worker still holds
-- under the claim it was fetched with (claims[i] for job_ids[i]): unlock it,
-- release its queue, keep the attempt, record error_messages[i], and retry
-- after exp(least(attempts, 10)) seconds. failed_items, for batch jobs
-- (array payloads) whose failed items alone are to be retried: a JSON array
-- with one entry per job, null to keep the whole payload, or the 0-based
-- positions of the items that failed; the database cuts them from the
-- stored payload, so every item keeps its exact JSON text. Answers whose
-- claim is no longer held change nothing and are missing from the result.
create function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs_v2(
  worker_id text,
  job_ids bigint[],
  claims uuid[],
  error_messages text[],
  failed_items json default null
)
returns table (id bigint, attempts smallint, max_attempts smallint, run_at timestamptz)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_bad record;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_fail_jobs_v2', worker_fail_jobs_v2.worker_id);
  perform :GRAPHILE_WORKER_SCHEMA._check_answers(
    'worker_fail_jobs_v2', 'job_ids', worker_fail_jobs_v2.job_ids, 'claims', worker_fail_jobs_v2.claims);
  if cardinality(worker_fail_jobs_v2.error_messages) is distinct from cardinality(worker_fail_jobs_v2.job_ids) then
    raise exception 'worker_fail_jobs_v2: error_messages must have one message per job id (got % for % ids)',
      coalesce(cardinality(worker_fail_jobs_v2.error_messages)::text, 'null'), cardinality(worker_fail_jobs_v2.job_ids)
      using errcode = '22023';
  end if;
  if worker_fail_jobs_v2.failed_items is not null and (
    json_typeof(worker_fail_jobs_v2.failed_items) <> 'array'
    or json_array_length(worker_fail_jobs_v2.failed_items) <> cardinality(worker_fail_jobs_v2.job_ids)
  ) then
    raise exception 'worker_fail_jobs_v2: failed_items must be a JSON array with one entry (null or a list of item positions) per job id'
      using errcode = '22023';
  end if;
  select entry.n, entry.value::text as value
  into v_bad
  from json_array_elements(worker_fail_jobs_v2.failed_items) with ordinality as entry(value, n)
  where case json_typeof(entry.value)
    when 'null' then false
    when 'array' then exists (
      select 1 from json_array_elements(entry.value) as item(position)
      where json_typeof(item.position) <> 'number' or item.position::text !~ '^(0|[1-9][0-9]*)$')
    else true
  end
  order by entry.n
  limit 1;
  if found then
    raise exception 'worker_fail_jobs_v2: failed_items entry % must be null or an array of item positions, integers from 0 (got %)',
      v_bad.n, v_bad.value
      using errcode = '22023';
  end if;

  return query
  select failed.id, failed.attempts, failed.max_attempts, failed.run_at
  from :GRAPHILE_WORKER_SCHEMA._fail_jobs(
    worker_fail_jobs_v2.worker_id, worker_fail_jobs_v2.job_ids, worker_fail_jobs_v2.claims,
    worker_fail_jobs_v2.error_messages, null, worker_fail_jobs_v2.failed_items
  ) as failed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_fail_jobs_v2 is
  'Worker protocol: records failures of jobs this worker holds under the given claims and schedules their retries with exponential backoff.';
