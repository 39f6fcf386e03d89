-- Jobs finished per minute, as workers report them with their heartbeats
-- (never a write per job): the throughput the administrative UI charts.
-- Minutes older than a week are deleted by sweep_stale_workers.
create table :GRAPHILE_WORKER_SCHEMA._private_throughput (
  minute timestamptz primary key,
  completed bigint not null default 0,
  failed bigint not null default 0
);
comment on table :GRAPHILE_WORKER_SCHEMA._private_throughput is
  'Jobs completed and failed per minute, summed from the workers'' heartbeats.';
