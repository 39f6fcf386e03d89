--! Previous: sha1:5d6470cb1730fc4d8d5a622c8b13f1beae3c91ea
--! Hash: sha1:92ba07e0cf4f6b8441a449b38531990aaa6ff901
--! Message: administration

-- Administration: complete_jobs, permanently_fail_jobs, reschedule_jobs,
-- force_unlock_workers, cleanup.

-- Admin: mark jobs as completed, which deletes them; failed and
-- permanently failed ones too. Jobs locked in the last 4 hours (running)
-- are left alone. Returns the deleted jobs.
create function :GRAPHILE_WORKER_SCHEMA.complete_jobs(job_ids bigint[])
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  if complete_jobs.job_ids is null then
    raise exception 'complete_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  return query
  delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  where jobs.id = any(complete_jobs.job_ids)
    and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - interval '4 hours')
  returning *;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.complete_jobs is
  'Admin: deletes the given jobs unless they are running; returns the deleted jobs.';

-- Admin: mark jobs as permanently failed (attempts = max_attempts) with a
-- reason. Jobs locked in the last 4 hours are left alone. Returns the
-- updated jobs.
create function :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs(
  job_ids bigint[],
  error_message text default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  if permanently_fail_jobs.job_ids is null then
    raise exception 'permanently_fail_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  return query
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set last_error = coalesce(permanently_fail_jobs.error_message, 'Manually marked as failed'),
      attempts = jobs.max_attempts,
      locked_at = null,
      locked_by = null,
      updated_at = pg_catalog.now()
  where jobs.id = any(permanently_fail_jobs.job_ids)
    and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - interval '4 hours')
  returning *;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs is
  'Admin: sets attempts = max_attempts and last_error on the given jobs unless they are running; returns them.';

-- Admin: change when and how the given jobs run. Each null argument leaves
-- its field unchanged (run now: run_at := now()). Jobs locked in the last
-- 4 hours are left alone. Returns the updated jobs.
create function :GRAPHILE_WORKER_SCHEMA.reschedule_jobs(
  job_ids bigint[],
  run_at timestamptz default null,
  priority integer default null,
  attempts integer default null,
  max_attempts integer default null
)
returns setof :GRAPHILE_WORKER_SCHEMA.job
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  if reschedule_jobs.job_ids is null then
    raise exception 'reschedule_jobs: job_ids must not be null' using errcode = '22004';
  end if;
  if reschedule_jobs.priority not between -32768 and 32767 then
    raise exception 'reschedule_jobs: priority must be between -32768 and 32767 (got %)', reschedule_jobs.priority
      using errcode = '22003';
  end if;
  if reschedule_jobs.attempts not between 0 and 32767 then
    raise exception 'reschedule_jobs: attempts must be between 0 and 32767 (got %)', reschedule_jobs.attempts
      using errcode = case when reschedule_jobs.attempts < 0 then '22023' else '22003' end;
  end if;
  if reschedule_jobs.max_attempts not between 1 and 32767 then
    raise exception 'reschedule_jobs: max_attempts must be between 1 and 32767 (got %)', reschedule_jobs.max_attempts
      using errcode = case when reschedule_jobs.max_attempts < 1 then '22023' else '22003' end;
  end if;

  return query
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set run_at = coalesce(reschedule_jobs.run_at, jobs.run_at),
      priority = coalesce(reschedule_jobs.priority::smallint, jobs.priority),
      attempts = coalesce(reschedule_jobs.attempts::smallint, jobs.attempts),
      max_attempts = coalesce(reschedule_jobs.max_attempts::smallint, jobs.max_attempts),
      locked_at = null,
      locked_by = null,
      updated_at = pg_catalog.now()
  where jobs.id = any(reschedule_jobs.job_ids)
    and (jobs.locked_at is null or jobs.locked_at < pg_catalog.now() - interval '4 hours')
  returning *;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.reschedule_jobs is
  'Admin: updates run_at, priority, attempts, max_attempts (null leaves a field unchanged) of the given jobs unless they are running.';

-- Admin: clear every lock (on jobs and on named queues) held by the given
-- worker ids, which must belong to workers that are gone. Nothing else
-- changes.
create function :GRAPHILE_WORKER_SCHEMA.force_unlock_workers(worker_ids text[])
returns void
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  if force_unlock_workers.worker_ids is null then
    raise exception 'force_unlock_workers: worker_ids must not be null' using errcode = '22004';
  end if;
  update :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  set locked_at = null, locked_by = null
  where jobs.locked_by = any(force_unlock_workers.worker_ids);
  update :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
  set locked_at = null, locked_by = null
  where queues.locked_by = any(force_unlock_workers.worker_ids);
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.force_unlock_workers is
  'Admin: clears the job and queue locks held by the given (crashed) worker ids.';

-- Admin: database cleanup.
--   GC_JOB_QUEUES: delete named queues that are unlocked and have no jobs;
--   GC_TASK_IDENTIFIERS: delete task identifiers that have no jobs, except
--     task_identifiers_to_keep (safe while workers run: they fetch by name);
--   DELETE_PERMAFAILED_JOBS: delete unlocked jobs with no attempts left.
-- The GC tasks first lock their tables against concurrent adders (which
-- register identifiers and queues as they add, in that order), so nothing in
-- use is deleted and no deadlock can form.
create function :GRAPHILE_WORKER_SCHEMA.cleanup(
  tasks text[],
  task_identifiers_to_keep text[] default '{}'
)
returns table (task text, deleted integer)
language plpgsql
volatile
security definer
set search_path to ''
as $$
declare
  v_known constant text[] := array['GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS', 'DELETE_PERMAFAILED_JOBS'];
  v_unknown text;
  v_task text;
  v_deleted integer;
  v_identifier text;
begin
  if cleanup.tasks is null then
    raise exception 'cleanup: tasks must not be null' using errcode = '22004';
  end if;
  select t into v_unknown from unnest(cleanup.tasks) as t where t is null or t <> all(v_known) limit 1;
  if found then
    raise exception 'cleanup: unknown task %; the tasks are GC_JOB_QUEUES, GC_TASK_IDENTIFIERS, DELETE_PERMAFAILED_JOBS',
      coalesce(quote_literal(v_unknown), 'null') using errcode = '22023';
  end if;

  if 'GC_TASK_IDENTIFIERS' = any(cleanup.tasks) then
    lock table :GRAPHILE_WORKER_SCHEMA._private_tasks in share row exclusive mode;
  end if;
  if 'GC_JOB_QUEUES' = any(cleanup.tasks) then
    lock table :GRAPHILE_WORKER_SCHEMA._private_job_queues in share row exclusive mode;
  end if;

  -- Permanently failed jobs go first, so that their queues and identifiers
  -- can be collected in the same call.
  foreach v_task in array array(select k from unnest(v_known) with ordinality as k(k, n)
                                where k = any(cleanup.tasks) order by case k when 'DELETE_PERMAFAILED_JOBS' then 0 else n end)
  loop
    case v_task
      when 'DELETE_PERMAFAILED_JOBS' then
        delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
        where jobs.attempts >= jobs.max_attempts
          and jobs.locked_at is null;
      when 'GC_JOB_QUEUES' then
        -- Every job is waiting (in the queue-head index), running, or
        -- permanently failed (both in small partial indexes): three lookups
        -- instead of a scan of the whole table.
        delete from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
        where queues.locked_at is null
          and not exists (
            select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
            where jobs.queue_name = queues.queue_name
              and jobs.locked_at is null and jobs.attempts < jobs.max_attempts
          )
          and not exists (
            select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
            where jobs.queue_name = queues.queue_name and jobs.locked_at is not null
          )
          and not exists (
            select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
            where jobs.queue_name = queues.queue_name and jobs.attempts >= jobs.max_attempts
          );
      when 'GC_TASK_IDENTIFIERS' then
        -- One search per identifier, stopping at its first job: identifiers
        -- in use are found at once; only unused ones cost a full scan.
        v_deleted := 0;
        for v_identifier in
          select known.identifier from :GRAPHILE_WORKER_SCHEMA._private_tasks as known
          where known.identifier <> all(coalesce(cleanup.task_identifiers_to_keep, '{}'))
        loop
          if not exists (
            select 1 from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
            where jobs.task_identifier = v_identifier
          ) then
            delete from :GRAPHILE_WORKER_SCHEMA._private_tasks as known where known.identifier = v_identifier;
            v_deleted := v_deleted + 1;
          end if;
        end loop;
    end case;
    if v_task <> 'GC_TASK_IDENTIFIERS' then
      get diagnostics v_deleted = row_count;
    end if;
    task := v_task;
    deleted := v_deleted;
    return next;
  end loop;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.cleanup is
  'Admin: GC_JOB_QUEUES, GC_TASK_IDENTIFIERS (keeping task_identifiers_to_keep), DELETE_PERMAFAILED_JOBS; returns rows deleted per task.';

-- Refreshes the planner's statistics on the jobs table, as the owner, so
-- that a role allowed to enqueue can follow a large batch with it.
create function :GRAPHILE_WORKER_SCHEMA.analyze_jobs()
returns void
language plpgsql
volatile
security definer
set search_path to ''
as $$
begin
  analyze :GRAPHILE_WORKER_SCHEMA._private_jobs;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.analyze_jobs is
  'Runs ANALYZE on the jobs table (worth it after adding 10,000 jobs or more).';

-- Nothing in the schema is callable or readable by default: grant each
-- capability to the roles that need it (see the README's "Privileges").
revoke all on all functions in schema :GRAPHILE_WORKER_SCHEMA from public;
