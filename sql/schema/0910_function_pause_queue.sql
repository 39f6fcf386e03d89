-- Admin: pauses a named queue: no worker fetches its jobs (get_jobs, get_jobs_v2)
-- until resume_queue; they stay waiting. A job already running finishes.
-- A named queue without jobs can be paused ahead of them. Returns whether this
-- call paused it (false: it was paused already). Takes effect for fetches
-- that start after it commits.
create function :GRAPHILE_WORKER_SCHEMA.pause_queue(queue_name text)
returns boolean
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_changed integer;
begin
  perform :GRAPHILE_WORKER_SCHEMA._check_name('pause_queue', 'queue_name', pause_queue.queue_name);
  insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues as known (queue_name, paused)
  values (pause_queue.queue_name, true)
  on conflict on constraint _private_job_queues_pkey do update set paused = true
  where not known.paused;
  get diagnostics v_changed = row_count;
  return v_changed > 0;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.pause_queue is
  'Admin: pauses a named queue (no worker fetches its jobs until resume_queue); returns whether it was not paused before.';
