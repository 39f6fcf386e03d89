-- One row: locked by the running sweep (so only one runs at a time) and
-- remembering the last one.
create table :GRAPHILE_WORKER_SCHEMA._private_sweeps (
  singleton boolean primary key default true
    constraint _private_sweeps_singleton_check check (singleton),
  last_swept_at timestamptz,
  last_result jsonb
);
insert into :GRAPHILE_WORKER_SCHEMA._private_sweeps (singleton) values (true);
comment on table :GRAPHILE_WORKER_SCHEMA._private_sweeps is
  'The stale-worker sweep: its row lock keeps sweeps one at a time; it records the last sweep.';
