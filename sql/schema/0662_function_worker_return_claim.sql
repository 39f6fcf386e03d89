-- Worker protocol: a fetch whose reply was lost (the connection broke after
-- get_jobs_v2 committed) left this worker holding jobs it never received.
-- Gives back every job it holds under that fetch's claim: the attempt is
-- undone, the queue released. Returns the ids given back.
create function :GRAPHILE_WORKER_SCHEMA.worker_return_claim(worker_id text, claim uuid)
returns setof bigint
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('worker_return_claim', worker_return_claim.worker_id);
  if worker_return_claim.claim is null then
    raise exception 'worker_return_claim: claim must not be null' using errcode = '22004';
  end if;

  return query
  select :GRAPHILE_WORKER_SCHEMA._return_jobs(worker_return_claim.worker_id, held.ids, held.claims)
  from (
    select array_agg(jobs.id) as ids, array_agg(jobs.claim) as claims
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_by = worker_return_claim.worker_id
      and jobs.locked_at is not null
      and jobs.claim = worker_return_claim.claim
  ) as held
  where held.ids is not null;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.worker_return_claim is
  'Worker protocol: gives back the jobs this worker holds under one claim (a fetch whose reply was lost), undoing their attempt.';
