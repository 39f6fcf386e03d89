-- Named queues. A queue row is the lock that makes its jobs run one at a
-- time: a worker locks the queue together with the job it takes from it.
create table :GRAPHILE_WORKER_SCHEMA._private_job_queues (
  queue_name text primary key
    constraint _private_job_queues_queue_name_check check (length(queue_name) between 1 and 128),
  locked_at timestamptz,
  locked_by text,
  paused boolean not null default false
);
comment on table :GRAPHILE_WORKER_SCHEMA._private_job_queues is
  'Named queues; a locked queue has a job running.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_job_queues.locked_by is
  'The worker id running this queue''s current job.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_job_queues.paused is
  'Paused (pause_queue): no worker takes this queue''s jobs until resume_queue; a job already running finishes. A paused queue is never garbage-collected.';
