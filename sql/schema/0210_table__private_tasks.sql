-- Every task identifier that has had a job. Jobs carry their identifier
-- themselves, so this registry can be garbage-collected (cleanup task
-- GC_TASK_IDENTIFIERS) while workers run.
create table :GRAPHILE_WORKER_SCHEMA._private_tasks (
  identifier text primary key
    constraint _private_tasks_identifier_check check (length(identifier) between 1 and 128),
  paused boolean not null default false
);

-- Paused tasks: the fetch looks here first (an empty index when none is).
create index _private_tasks_paused on :GRAPHILE_WORKER_SCHEMA._private_tasks (identifier)
  where paused;
comment on table :GRAPHILE_WORKER_SCHEMA._private_tasks is
  'Task identifiers that have had jobs.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_tasks.paused is
  'Paused (pause_task): no worker fetches this task''s jobs until resume_task. A paused task is never garbage-collected.';
