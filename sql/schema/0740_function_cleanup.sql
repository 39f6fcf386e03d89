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
