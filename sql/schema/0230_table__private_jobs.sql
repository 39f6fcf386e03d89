-- The jobs. The first columns are those of the public type `job`, in its
-- order (_job_row projects a row into one); claim and detached are private.
create table :GRAPHILE_WORKER_SCHEMA._private_jobs (
  id bigint primary key generated always as identity,
  queue_name text
    constraint _private_jobs_queue_name_check check (length(queue_name) between 1 and 128),
  task_identifier text not null
    constraint _private_jobs_task_identifier_check check (length(task_identifier) between 1 and 128),
  payload json not null default '{}'::json,
  priority smallint not null default 0,
  run_at timestamptz not null default now(),
  attempts smallint not null default 0
    constraint _private_jobs_attempts_check check (attempts >= 0),
  max_attempts smallint not null default 25
    constraint _private_jobs_max_attempts_check check (max_attempts >= 1),
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  key text
    constraint _private_jobs_key_check check (length(key) between 1 and 512),
  locked_at timestamptz,
  locked_by text,
  revision integer not null default 0,
  flags jsonb,
  claim uuid,
  detached boolean not null default false
);

-- At most one job per key.
create unique index _private_jobs_key on :GRAPHILE_WORKER_SCHEMA._private_jobs (key)
  where key is not null;

-- The fetch, in run order, over jobs that can run now or later: locked and
-- permanently failed rows are not in these indexes, so they never slow it
-- down. Jobs outside named queues and jobs in them are indexed apart, so
-- that neither kind has to be scanned past to find the other.
create index _private_jobs_fetch on :GRAPHILE_WORKER_SCHEMA._private_jobs (priority, run_at, id)
  where queue_name is null and locked_at is null and attempts < max_attempts;
create index _private_jobs_fetch_queued on :GRAPHILE_WORKER_SCHEMA._private_jobs (priority, run_at, id)
  where queue_name is not null and locked_at is null and attempts < max_attempts;

-- The first waiting job of a named queue.
create index _private_jobs_queue_head on :GRAPHILE_WORKER_SCHEMA._private_jobs (queue_name, priority, run_at, id)
  where queue_name is not null and locked_at is null and attempts < max_attempts;

-- Running jobs, by holder: completion, recovery and stale-lock release.
create index _private_jobs_locked on :GRAPHILE_WORKER_SCHEMA._private_jobs (locked_by, locked_at)
  where locked_at is not null;

-- Permanently failed jobs, for cleanup.
create index _private_jobs_permanently_failed on :GRAPHILE_WORKER_SCHEMA._private_jobs (id)
  where attempts >= max_attempts;

comment on table :GRAPHILE_WORKER_SCHEMA._private_jobs is
  'The jobs. Read them through the jobs view; change them through the functions.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.queue_name is
  'Jobs of one named queue run one at a time, in order; null runs in parallel with everything.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.priority is
  'Lower runs first.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.attempts is
  'Attempts started so far; a job with attempts = max_attempts is permanently failed.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.key is
  'Job key: adding a job with an existing key updates or replaces that job.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.locked_by is
  'The worker id running this job.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.revision is
  'How many times the job was updated by a keyed add.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.flags is
  'The job''s flags as a set: an object whose keys are the flags.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.claim is
  'The token of the fetch that locked the job (chosen by the worker, secret): completions, failures and give-backs must present it. Null for jobs locked through the 0.1 protocol.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_jobs.detached is
  'The job lost its key (to a newer job, or remove_job) while it was running: it finishes, but never runs again, even if its worker gives it back unstarted.';
