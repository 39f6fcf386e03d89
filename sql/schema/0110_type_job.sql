-- A job as the public functions return it: the columns of _private_jobs,
-- in the same order (a pgTAP test keeps the two in step).
create type :GRAPHILE_WORKER_SCHEMA.job as (
  id bigint,
  queue_name text,
  task_identifier text,
  payload json,
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
  flags jsonb
);
