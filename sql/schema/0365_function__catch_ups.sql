-- The catch-up policies a schedule may have (upsert_schedule's default is
-- latest).
create function :GRAPHILE_WORKER_SCHEMA._catch_ups()
returns text[]
language sql
immutable
parallel safe
as $$
  select array['none', 'latest', 'all']::pg_catalog.text[]
$$;
