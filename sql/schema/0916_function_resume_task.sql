-- Admin: resumes a task paused by pause_task, and wakes the workers
-- (as add_job does). Returns whether this call resumed it (false: it was
-- not paused).
create function :GRAPHILE_WORKER_SCHEMA.resume_task(task_identifier text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_changed integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_name('resume_task', 'task_identifier', resume_task.task_identifier);
  update :GRAPHILE_WORKER_SCHEMA._private_tasks as known
  set paused = false
  where known.identifier = resume_task.task_identifier
    and known.paused;
  get diagnostics v_changed = row_count;
  if v_changed > 0 then
    perform pg_notify('jobs:insert', json_build_object('count', 0)::text);
  end if;
  return v_changed > 0;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.resume_task is
  'Admin: resumes a paused task and wakes the workers; returns whether it was paused.';
