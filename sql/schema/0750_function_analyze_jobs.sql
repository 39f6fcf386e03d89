-- Refreshes the planner's statistics on the jobs table, as the owner, so
-- that a role allowed to enqueue can follow a large batch with it.
create function :GRAPHILE_WORKER_SCHEMA.analyze_jobs()
returns void
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  analyze :GRAPHILE_WORKER_SCHEMA._private_jobs;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.analyze_jobs is
  'Runs ANALYZE on the jobs table (worth it after adding 10,000 jobs or more).';
