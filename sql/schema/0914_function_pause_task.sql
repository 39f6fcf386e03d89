-- Admin: pauses a task: no worker fetches its jobs (get_jobs, get_jobs_v2)
-- until resume_task; they stay waiting. A job already running finishes.
-- A task without jobs can be paused ahead of them. Returns whether this
-- call paused it (false: it was paused already). Takes effect for fetches
-- that start after it commits.
create function :GRAPHILE_WORKER_SCHEMA.pause_task(task_identifier text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_changed integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_name('pause_task', 'task_identifier', pause_task.task_identifier);
  insert into :GRAPHILE_WORKER_SCHEMA._private_tasks as known (identifier, paused)
  values (pause_task.task_identifier, true)
  on conflict on constraint _private_tasks_pkey do update set paused = true
  where not known.paused;
  get diagnostics v_changed = row_count;
  return v_changed > 0;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.pause_task is
  'Admin: pauses a task (no worker fetches its jobs until resume_task); returns whether it was not paused before.';
