-- The state of a job, as the read API reports it. Every job is in exactly
-- one: running (locked), permanently_failed (no attempts left), failed (an
-- attempt failed; it will be retried at run_at), ready (never attempted,
-- due) or scheduled (never attempted, due later). The planner inlines it.
create function :GRAPHILE_WORKER_SCHEMA._job_state(
  locked_at timestamptz,
  attempts smallint,
  max_attempts smallint,
  run_at timestamptz,
  now timestamptz
)
returns text
language sql
immutable
parallel safe
as $$
  select case
    when locked_at is not null then 'running'
    when attempts >= max_attempts then 'permanently_failed'
    when attempts > 0 then 'failed'
    when run_at <= now then 'ready'
    else 'scheduled'
  end
$$;
