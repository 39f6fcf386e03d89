-- The specs of a batch with defaults applied and flags as a set, numbered
-- from 1 in batch order. Validation is _add_jobs's job.
create function :GRAPHILE_WORKER_SCHEMA._job_specs(specs :GRAPHILE_WORKER_SCHEMA.job_spec[])
returns table (
  ord bigint,
  identifier text,
  payload json,
  queue_name text,
  run_at timestamptz,
  max_attempts smallint,
  job_key text,
  priority smallint,
  flags jsonb
)
language sql
stable
set search_path to ''
as $$
  select
    s.ord,
    s.identifier,
    coalesce(s.payload, '{}'::json),
    s.queue_name,
    coalesce(s.run_at, now()),
    coalesce(s.max_attempts, 25::smallint),
    s.job_key,
    coalesce(s.priority, 0::smallint),
    case when s.flags is not null then
      (select jsonb_object_agg(f.flag, true) from unnest(s.flags) as f(flag))
    end
  from unnest(_job_specs.specs) with ordinality
    as s(identifier, payload, queue_name, run_at, max_attempts, job_key, priority, flags, ord)
$$;
