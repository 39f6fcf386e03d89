-- The worker registry: running workers heartbeat here, so that the jobs of
-- a worker that stopped can be recovered (sweep_stale_workers) without
-- waiting for the 4-hour lock expiry. A worker that deregisters keeps its
-- row (stopped_at) until its heartbeat is stale.
create table :GRAPHILE_WORKER_SCHEMA._private_workers (
  worker_id text primary key
    constraint _private_workers_worker_id_check check (length(worker_id) between 1 and 128),
  started_at timestamptz not null default now(),
  last_heartbeat_at timestamptz not null default now(),
  metadata jsonb,
  heartbeat_interval interval not null default '30 seconds',
  stopped_at timestamptz
);
comment on table :GRAPHILE_WORKER_SCHEMA._private_workers is
  'Registered workers and their last heartbeat (database clock).';
comment on column :GRAPHILE_WORKER_SCHEMA._private_workers.metadata is
  'What the worker says about itself (host, pid, tasks).';
comment on column :GRAPHILE_WORKER_SCHEMA._private_workers.heartbeat_interval is
  'How often the worker promised to heartbeat: no sweep takes it for dead within twice this (0.1 workers: their default, 30 s). It may grow while the worker lives, never shrink.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_workers.stopped_at is
  'When the worker deregistered. Its row stays until its heartbeat is stale (then the sweep removes it), so that no one can use a deregistration to take a live worker for dead or to register its id with a shorter interval.';
