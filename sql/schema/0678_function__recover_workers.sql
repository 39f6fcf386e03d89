-- Frees what stopped workers held: every lock of the workers in `all_of`,
-- and the locks older than `cutoff` of the holders in `old_of`. Their jobs
-- are unlocked to run again no earlier than now + delay, with last_error
-- saying who recovered them and why; the interrupted attempt stays counted,
-- so a job that kills its worker every time ends permanently failed. Their
-- queues are unlocked. Jobs are locked in id order (see _complete_jobs).
-- With dry_run, nothing changes and the counts are what would be recovered.
-- Shared by sweep_stale_workers and worker_register.
create function :GRAPHILE_WORKER_SCHEMA._recover_workers(
  all_of text[],
  old_of text[],
  cutoff timestamptz,
  delay interval,
  recovered_by text,
  what_happened text,
  dry_run boolean default false
)
returns table (jobs integer, queues integer)
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_jobs integer;
  v_queues integer;
begin
  if _recover_workers.dry_run then
    select count(*)::integer into v_jobs
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_by = any(_recover_workers.all_of)
      or (jobs.locked_by = any(_recover_workers.old_of) and jobs.locked_at < _recover_workers.cutoff);
    select count(*)::integer into v_queues
    from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    where queues.locked_by = any(_recover_workers.all_of)
      or (queues.locked_by = any(_recover_workers.old_of) and queues.locked_at < _recover_workers.cutoff);
    return query select v_jobs, v_queues;
    return;
  end if;

  with held as (
    select array_agg(locked.id) as ids
    from (
      select jobs.id
      from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
      where jobs.locked_by = any(_recover_workers.all_of)
        or (jobs.locked_by = any(_recover_workers.old_of) and jobs.locked_at < _recover_workers.cutoff)
      order by jobs.id
      for update
    ) as locked
  ),
  recovered as (
    update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    set locked_at = null,
        locked_by = null,
        claim = null,
        run_at = greatest(jobs.run_at, pg_catalog.now() + _recover_workers.delay),
        last_error = format(
          'recovered by %s: worker %s %s while running this job (locked at %s); the attempt counts',
          _recover_workers.recovered_by, jobs.locked_by, _recover_workers.what_happened, jobs.locked_at),
        updated_at = pg_catalog.now()
    where jobs.id = any((select held.ids from held)::bigint[])
    returning 1
  )
  select count(*)::integer into v_jobs from recovered;

  with unlocked as (
    update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
    set locked_at = null, locked_by = null
    where queues.locked_by = any(_recover_workers.all_of)
      or (queues.locked_by = any(_recover_workers.old_of) and queues.locked_at < _recover_workers.cutoff)
    returning 1
  )
  select count(*)::integer into v_queues from unlocked;

  return query select v_jobs, v_queues;
end;
$$;
