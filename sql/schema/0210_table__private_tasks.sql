-- Every task identifier that has had a job. Jobs carry their identifier
-- themselves, so this registry can be garbage-collected (cleanup task
-- GC_TASK_IDENTIFIERS) while workers run.
create table :GRAPHILE_WORKER_SCHEMA._private_tasks (
  identifier text primary key
    constraint _private_tasks_identifier_check check (length(identifier) between 1 and 128)
);
comment on table :GRAPHILE_WORKER_SCHEMA._private_tasks is
  'Task identifiers that have had jobs.';
