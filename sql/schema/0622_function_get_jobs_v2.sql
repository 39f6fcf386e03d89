-- The worker's fetch: locks and returns up to batch_size runnable jobs
-- (run_at <= now, not locked, attempts left, identifier in
-- task_identifiers, no forbidden flag), in order of priority, run_at, id,
-- and at most one job per named queue, locking that queue (see
-- _claim_jobs). Each job's attempts go up by one.
--
-- The worker must be registered (worker_register), so that every claim has
-- a holder whose heartbeat the sweep goes by; a worker that a sweep took
-- for dead is refused (SQLSTATE 55000) until it registers again.
--
-- claim: a token the worker chooses for this fetch, fresh and random each
-- time (a version 4 uuid). It is secret: completing, failing or giving back
-- a job takes the claim it was fetched under, so no other caller can answer
-- for this worker, and a run that outlived its claim (its worker was taken
-- for dead meanwhile) changes nothing. If the reply is lost, the worker
-- gives back what it claimed with worker_return_claim(worker_id, claim).
--
-- completed_job_ids, completed_claims: jobs this worker finished since its
-- last call, completed first (as worker_complete_jobs_v2 does) in the same
-- round trip; a queue they free can be fetched from at once. Completions
-- whose claim was no longer held change nothing and raise a WARNING that
-- names them.
create function :GRAPHILE_WORKER_SCHEMA.get_jobs_v2(
  worker_id text,
  claim uuid,
  task_identifiers text[],
  batch_size integer default 1,
  forbidden_flags text[] default null,
  now timestamptz default null,
  completed_job_ids bigint[] default null,
  completed_claims uuid[] default null
)
returns table (
  id bigint,
  queue_name text,
  task_identifier text,
  payload json,
  priority smallint,
  run_at timestamptz,
  attempts smallint,
  max_attempts smallint,
  last_error text,
  created_at timestamptz,
  key text,
  revision integer,
  flags jsonb,
  locked_at timestamptz
)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_completed integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_worker_id('get_jobs_v2', get_jobs_v2.worker_id);
  if get_jobs_v2.claim is null then
    raise exception 'get_jobs_v2: claim must not be null (a fresh random uuid for each fetch)' using errcode = '22004';
  end if;

  -- 1. Completions riding along.
  if cardinality(get_jobs_v2.completed_job_ids) > 0 then
    perform :GRAPHILE_WORKER_SCHEMA._check_answers(
      'get_jobs_v2', 'completed_job_ids', get_jobs_v2.completed_job_ids, 'completed_claims', get_jobs_v2.completed_claims);
    select count(*) into v_completed
    from :GRAPHILE_WORKER_SCHEMA._complete_jobs(
      get_jobs_v2.worker_id, get_jobs_v2.completed_job_ids, get_jobs_v2.completed_claims);
    if v_completed < cardinality(get_jobs_v2.completed_job_ids) then
      raise warning 'get_jobs_v2: % of % completions by worker % were not applied: their claims are no longer held (the worker was taken for dead, or an administrator unlocked the jobs)',
        cardinality(get_jobs_v2.completed_job_ids) - v_completed, cardinality(get_jobs_v2.completed_job_ids),
        get_jobs_v2.worker_id;
    end if;
  end if;

  -- 2. The claim.
  return query
  select claimed.id, claimed.queue_name, claimed.task_identifier, claimed.payload, claimed.priority,
    claimed.run_at, claimed.attempts, claimed.max_attempts, claimed.last_error, claimed.created_at,
    claimed.key, claimed.revision, claimed.flags, claimed.locked_at
  from :GRAPHILE_WORKER_SCHEMA._claim_jobs(
    'get_jobs_v2', get_jobs_v2.worker_id, get_jobs_v2.claim, get_jobs_v2.task_identifiers,
    get_jobs_v2.batch_size, get_jobs_v2.forbidden_flags, get_jobs_v2.now
  ) as claimed;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.get_jobs_v2 is
  'Worker protocol: locks and returns up to batch_size runnable jobs for worker_id under a claim token it chose, at most one per named queue; completes the given finished jobs first.';
