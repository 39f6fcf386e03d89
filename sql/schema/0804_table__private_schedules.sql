-- Recurring jobs: one row per schedule. Read them through the schedules
-- view; change them through upsert_schedule, sync_crontab and friends;
-- tick_schedules fires them.
create table :GRAPHILE_WORKER_SCHEMA._private_schedules (
  id text primary key
    constraint _private_schedules_id_check check (length(id) between 1 and 128),
  cron text not null,
  fields :GRAPHILE_WORKER_SCHEMA._cron_fields not null,
  time_zone text not null default 'UTC',
  task_identifier text not null
    constraint _private_schedules_task_identifier_check check (length(task_identifier) between 1 and 128),
  payload json not null default '{}'::json,
  queue_name text
    constraint _private_schedules_queue_name_check check (length(queue_name) between 1 and 128),
  priority smallint,
  max_attempts smallint
    constraint _private_schedules_max_attempts_check check (max_attempts >= 1),
  flags text[],
  job_key text
    constraint _private_schedules_job_key_check check (length(job_key) between 1 and 512),
  job_key_mode text,
  catch_up text not null default 'latest'
    constraint _private_schedules_catch_up_check check (catch_up in ('none', 'latest', 'all')),
  catch_up_window interval not null default '1 day'
    constraint _private_schedules_catch_up_window_check check (catch_up_window >= '0'::interval),
  enabled boolean not null default true,
  source text
    constraint _private_schedules_source_check check (length(source) between 1 and 128),
  vanished_at timestamptz,
  last_fire_at timestamptz,
  next_fire_at timestamptz,
  last_job_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint _private_schedules_next_fire_at_check check (enabled = (next_fire_at is not null))
);

-- The tick: due schedules, soonest first. An idle tick is one probe here.
create index _private_schedules_due on :GRAPHILE_WORKER_SCHEMA._private_schedules (next_fire_at)
  where enabled;

-- A crontab's schedules, for sync_crontab.
create index _private_schedules_source on :GRAPHILE_WORKER_SCHEMA._private_schedules (source, id)
  where source is not null;

comment on table :GRAPHILE_WORKER_SCHEMA._private_schedules is
  'Recurring jobs. Read them through the schedules view; change them through the schedule functions.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.cron is
  'Five cron fields (minute hour day-of-month month day-of-week) or @yearly, @monthly, @weekly, @daily, @hourly, as written.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.fields is
  'The cron expression parsed (_parse_cron), for _next_fire.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.time_zone is
  'The IANA time zone the cron fields are read in (PostgreSQL''s tz data).';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.catch_up is
  'Fires missed by more than the grace (rules()): none skips them, latest fires the most recent one within catch_up_window, all fires every one within catch_up_window.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.source is
  'The crontab (sync_crontab source) that defines this schedule; null for schedules made with upsert_schedule.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.vanished_at is
  'When the schedule left its crontab (sync_crontab disabled it then); null while it is in it.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.next_fire_at is
  'The next fire time not yet handled by a tick (in the past while a tick is due); null while disabled.';
comment on column :GRAPHILE_WORKER_SCHEMA._private_schedules.last_job_id is
  'The job of the latest fire or trigger_schedule.';
