--! Previous: sha1:b64351e4ef9cc09a79302b9ea95158ab9e739035
--! Hash: sha1:3b924cc3fa7c4e0b3117a240504492ec35b730d0
--! Message: cleanup reads only what it must

-- Cleanup at scale reads only what it must. DELETE_PERMAFAILED_JOBS finds
-- the failed jobs in their index and deletes them through the primary key;
-- before, the planner (which cannot tell how few there are) joined them to
-- a read of the whole table. GC_TASK_IDENTIFIERS looks for each
-- identifier's jobs among the first rows before reading the whole table,
-- and reads it only for identifiers not found there. The same answers.

create or replace function :GRAPHILE_WORKER_SCHEMA.cleanup(
  tasks text[],
  task_identifiers_to_keep text[] default '{}'
)
returns table (task text, deleted integer)
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_unknown text;
  v_task text;
  v_deleted integer;
  v_candidates text[];
begin
  if cleanup.tasks is null then
    raise exception 'cleanup: tasks must not be null' using errcode = '22004';
  end if;
  select t into v_unknown
  from unnest(cleanup.tasks) as t
  where t is null or t <> all(:GRAPHILE_WORKER_SCHEMA._cleanup_tasks())
  limit 1;
  if found then
    raise exception 'cleanup: unknown task %; the tasks are %',
      coalesce(quote_literal(v_unknown), 'null'), array_to_string(:GRAPHILE_WORKER_SCHEMA._cleanup_tasks(), ', ')
      using errcode = '22023';
  end if;

  -- In _cleanup_tasks' order: permanently failed jobs go first, so that
  -- their queues and identifiers can be collected in the same call.
  foreach v_task in array array(
    select known.name from unnest(:GRAPHILE_WORKER_SCHEMA._cleanup_tasks()) with ordinality as known(name, n)
    where known.name = any(cleanup.tasks) order by known.n)
  loop
    case v_task
      when 'DELETE_PERMAFAILED_JOBS' then
        -- Found in their own small index, locked in id order, deleted
        -- through the primary key: never a read of the whole table (the
        -- planner cannot tell how few rows the first part finds).
        delete from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
        where jobs.id = any(array(
          select failed.id
          from :GRAPHILE_WORKER_SCHEMA._private_jobs as failed
          where failed.attempts >= failed.max_attempts
            and failed.locked_at is null
          order by failed.id
          for update skip locked
        ));
        get diagnostics v_deleted = row_count;
      when 'GC_JOB_QUEUES' then
        -- Every job is waiting (in the queue-head index), running, or
        -- permanently failed (both in small partial indexes): three lookups
        -- instead of a scan of the whole table.
        with chosen as (
          select queues.queue_name
          from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
          where queues.locked_at is null
            and not queues.paused
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
            )
          for update skip locked
        )
        delete from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
        using chosen
        where queues.queue_name = chosen.queue_name;
        get diagnostics v_deleted = row_count;
      when 'GC_TASK_IDENTIFIERS' then
        -- Only an identifier without jobs needs the whole table read. An
        -- identifier in use almost always has a job among the first rows,
        -- so those are looked at first, and the whole table is read (once,
        -- whatever the number of identifiers) only for the rest, if any.
        v_candidates := array(
          select known.identifier
          from :GRAPHILE_WORKER_SCHEMA._private_tasks as known
          where known.identifier <> all(coalesce(cleanup.task_identifiers_to_keep, '{}'))
            and not known.paused
            and known.identifier not in (
              select first_rows.task_identifier
              from (
                select jobs.task_identifier from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
                limit 10000
              ) as first_rows
            ));
        v_deleted := 0;
        if cardinality(v_candidates) > 0 then
          with chosen as (
            select known.identifier
            from :GRAPHILE_WORKER_SCHEMA._private_tasks as known
            where known.identifier = any(v_candidates)
              and not known.paused
              and known.identifier not in (
                select distinct jobs.task_identifier from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
                where jobs.task_identifier = any(v_candidates)
              )
            for update skip locked
          )
          delete from :GRAPHILE_WORKER_SCHEMA._private_tasks as known
          using chosen
          where known.identifier = chosen.identifier;
          get diagnostics v_deleted = row_count;
        end if;
    end case;
    task := v_task;
    deleted := v_deleted;
    return next;
  end loop;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.cleanup is
  'Admin: DELETE_PERMAFAILED_JOBS, GC_JOB_QUEUES, GC_TASK_IDENTIFIERS (keeping task_identifiers_to_keep); returns rows deleted per task.';
