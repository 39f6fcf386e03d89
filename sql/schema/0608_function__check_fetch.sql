-- Refuses a fetch that must not be served: a malformed worker id, no task
-- list, a batch size out of bounds, a `now` ahead of the database clock (it
-- would hand out jobs that are not due), a missing claim (caller passes
-- true for the claim-fenced protocol) or a worker that is not registered.
-- Shared by get_jobs_v2 and _claim_jobs.
create function :GRAPHILE_WORKER_SCHEMA._check_fetch(
  caller text,
  worker_id text,
  fenced boolean,
  claim uuid,
  task_identifiers text[],
  batch_size integer,
  now timestamptz
)
returns void
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id(caller, _check_fetch.worker_id);
  if _check_fetch.fenced and _check_fetch.claim is null then
    raise exception '%: claim must not be null (a fresh random uuid for each fetch)', caller using errcode = '22004';
  end if;
  if _check_fetch.task_identifiers is null then
    raise exception '%: task_identifiers must not be null', caller using errcode = '22004';
  end if;
  if _check_fetch.batch_size is null
    or _check_fetch.batch_size not between 1 and :GRAPHILE_WORKER_SCHEMA._max_batch_size() then
    raise exception '%: batch_size must be between 1 and % (got %)',
      caller, :GRAPHILE_WORKER_SCHEMA._max_batch_size(), coalesce(_check_fetch.batch_size::text, 'null')
      using errcode = '22023';
  end if;
  if _check_fetch.now > pg_catalog.now() + :GRAPHILE_WORKER_SCHEMA._max_clock_skew() then
    raise exception '%: now must not be ahead of the database clock by more than % (got %, the database says %)',
      caller, :GRAPHILE_WORKER_SCHEMA._max_clock_skew(), _check_fetch.now, pg_catalog.now()
      using errcode = '22023';
  end if;
  if _check_fetch.fenced and not exists (
    select 1 from :GRAPHILE_WORKER_SCHEMA._private_workers as workers
    where workers.worker_id = _check_fetch.worker_id
  ) then
    raise exception '%: worker_id must be registered (got %): call worker_register first; a worker taken for dead must register again',
      caller, quote_literal(_check_fetch.worker_id) using errcode = '55000';
  end if;
end;
$$;
