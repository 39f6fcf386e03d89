-- Records failures of jobs worker_id holds (claims as in _complete_jobs):
-- unlock, release the queue, keep the attempt, record the error, retry after
-- exp(least(attempts, 10)) seconds. A batch job whose failed items alone are
-- to be retried gets a new payload: either given whole (the 0.1 protocol's
-- replacement_payloads, one per job, null keeping the payload) or cut from
-- its own payload by the database (failed_items: a JSON array with one entry
-- per job, null or the 0-based positions of the items to keep), so that
-- every item keeps its exact JSON text. Returns the failed jobs as they are now.
-- Jobs are written in id order, as in _complete_jobs.
create function :GRAPHILE_WORKER_SCHEMA._fail_jobs(
  worker_id text,
  job_ids bigint[],
  claims uuid[],
  error_messages text[],
  replacement_payloads json[],
  failed_items json
)
returns setof :GRAPHILE_WORKER_SCHEMA._private_jobs
language sql
volatile
set search_path = pg_catalog, pg_temp
set enable_seqscan = off
set enable_bitmapscan = off
set enable_hashjoin = off
set enable_mergejoin = off
as $$
  with failed as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set last_error = coalesce(failure.message, 'unknown error'),
        run_at = greatest(pg_catalog.now(), jobs.run_at)
          + exp(least(jobs.attempts, 10)) * interval '1 second',
        payload = case
          when failure.payload is not null then failure.payload
          when json_typeof(failure.keep) = 'array' and json_typeof(jobs.payload) = 'array' then (
            select coalesce(json_agg(item.value order by item.position), '[]'::json)
            from json_array_elements(jobs.payload) with ordinality as item(value, position)
            where (item.position - 1)::text in (select json_array_elements_text(failure.keep))
          )
          else jobs.payload
        end,
        locked_at = null,
        locked_by = null,
        claim = null,
        updated_at = pg_catalog.now()
    from (
      select answer.id, answer.claim, answer.message, answer.payload, answer.keep
      from unnest(
        _fail_jobs.job_ids,
        _fail_jobs.claims,
        _fail_jobs.error_messages,
        _fail_jobs.replacement_payloads,
        array(select entry.value from json_array_elements(_fail_jobs.failed_items) with ordinality as entry(value, n) order by entry.n)
      ) as answer(id, claim, message, payload, keep)
      order by answer.id
    ) as failure
    where jobs.id = failure.id
      and coalesce(jobs.locked_by, '') = _fail_jobs.worker_id
      and jobs.claim is not distinct from failure.claim
    returning jobs.*
  ),
  released as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.queue_name in (select failed.queue_name from failed)
      and queues.locked_by = _fail_jobs.worker_id
  )
  select failed.* from failed
$$;
