-- Graphile Worker's record of the crontab items it has seen and when each
-- last fired, with its exact definition: a database adopted from Graphile
-- Worker keeps its rows. sync_crontab reads it so that an adopted crontab
-- neither fires twice nor loses a fire at the switch, and tick_schedules
-- keeps last_execution up to date for crontab schedules (and skips a fire
-- time that is already recorded, as Graphile Worker's own scheduler does).
create table if not exists :GRAPHILE_WORKER_SCHEMA._private_known_crontabs (
  identifier text not null primary key,
  known_since timestamptz not null,
  last_execution timestamptz
);
alter table :GRAPHILE_WORKER_SCHEMA._private_known_crontabs enable row level security;
comment on table :GRAPHILE_WORKER_SCHEMA._private_known_crontabs is
  'Crontab items by identifier (Graphile Worker''s table): when each was first seen and last fired.';
