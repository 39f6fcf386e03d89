-- Worker protocol 0.1: after a fetch whose reply was lost (the connection
-- broke after get_jobs committed), the worker holds jobs it never received.
-- It gives back every job it holds without a claim except those it knows
-- about; their attempt is undone, their queues released. New workers use
-- worker_return_claim.
create function :GRAPHILE_WORKER_SCHEMA.worker_return_unknown_jobs(worker_id text, known_job_ids bigint[])
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_return_unknown_jobs', worker_return_unknown_jobs.worker_id);
  if worker_return_unknown_jobs.known_job_ids is null then
    raise exception 'worker_return_unknown_jobs: known_job_ids must not be null' using errcode = '22004';
  end if;

  return query
  select :GRAPHILE_WORKER_SCHEMA._return_jobs(
    worker_return_unknown_jobs.worker_id,
    array(
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.locked_by = worker_return_unknown_jobs.worker_id
        and jobs.locked_at is not null
        and jobs.claim is null
        and jobs.id <> all(worker_return_unknown_jobs.known_job_ids)
    ),
    null
  );
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_unknown_jobs is
  'Worker protocol 0.1: gives back the jobs this worker holds but never received (a lost fetch reply), except known_job_ids.';
