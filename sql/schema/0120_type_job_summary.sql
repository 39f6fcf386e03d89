-- A job as the read API lists it: the columns of the jobs view (no
-- payload) and its state (see _job_state).
create type :GRAPHILE_WORKER_SCHEMA.job_summary as (
  id bigint,
  queue_name text,
  task_identifier text,
  priority smallint,
  run_at timestamptz,
  attempts smallint,
  max_attempts smallint,
  last_error text,
  created_at timestamptz,
  updated_at timestamptz,
  key text,
  locked_at timestamptz,
  locked_by text,
  revision integer,
  flags jsonb,
  state text
);
comment on type :GRAPHILE_WORKER_SCHEMA.job_summary is
  'A job without its payload, with its state: ready, scheduled, running, failed or permanently_failed.';
