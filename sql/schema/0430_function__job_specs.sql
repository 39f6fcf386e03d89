-- The specs of a batch with defaults applied and flags as a set, numbered
-- from 1 in batch order. Every name is schema-qualified and there is no SET
-- clause, so that the planner inlines it into the statement that reads it
-- (no copy of a large batch) and no search_path can change what it means.
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
as $$
  select
    s.ord,
    s.identifier,
    coalesce(s.payload, '{}'::pg_catalog.json),
    s.queue_name,
    coalesce(s.run_at, pg_catalog.now()),
    coalesce(s.max_attempts, 25::pg_catalog.int2),
    s.job_key,
    coalesce(s.priority, 0::pg_catalog.int2),
    case when s.flags is not null then
      (select pg_catalog.jsonb_object_agg(f.flag, true) from pg_catalog.unnest(s.flags) as f(flag))
    end
  from pg_catalog.unnest(_job_specs.specs) with ordinality
    as s(identifier, payload, queue_name, run_at, max_attempts, job_key, priority, flags, ord)
$$;
