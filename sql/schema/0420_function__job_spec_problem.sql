-- The first rule a job spec breaks, as 'sqlstate|argument|rule', or null.
-- A plain expression with every name schema-qualified and no SET clause, so
-- that the planner inlines it (into a scan over a whole batch) and no
-- search_path can change what it means. Only the queue's own functions,
-- whose search_path is pinned, may call it.
create function :GRAPHILE_WORKER_SCHEMA._job_spec_problem(
  identifier text,
  queue_name text,
  job_key text,
  max_attempts smallint,
  flags text[]
)
returns text
language sql
stable
as $$
  select case
    when identifier is null then '22004|identifier|must not be null'
    when identifier operator(pg_catalog.=) '' then '22023|identifier|must not be empty'
    when pg_catalog.length(identifier) operator(pg_catalog.>) :GRAPHILE_WORKER_SCHEMA._name_max_length()
      then pg_catalog.format('22001|identifier|must be at most %s characters (got %s)',
        :GRAPHILE_WORKER_SCHEMA._name_max_length(), pg_catalog.length(identifier))
    when queue_name operator(pg_catalog.=) '' then '22023|queue_name|must not be empty'
    when pg_catalog.length(queue_name) operator(pg_catalog.>) :GRAPHILE_WORKER_SCHEMA._name_max_length()
      then pg_catalog.format('22001|queue_name|must be at most %s characters (got %s)',
        :GRAPHILE_WORKER_SCHEMA._name_max_length(), pg_catalog.length(queue_name))
    when job_key operator(pg_catalog.=) '' then '22023|job_key|must not be empty'
    when pg_catalog.length(job_key) operator(pg_catalog.>) :GRAPHILE_WORKER_SCHEMA._key_max_length()
      then pg_catalog.format('22001|job_key|must be at most %s characters (got %s)',
        :GRAPHILE_WORKER_SCHEMA._key_max_length(), pg_catalog.length(job_key))
    when max_attempts operator(pg_catalog.<) 1
      then pg_catalog.format('22023|max_attempts|must be at least 1 (got %s)', max_attempts)
    when pg_catalog.array_position(flags, null) is not null then '22004|flags|must not contain null'
    when pg_catalog.array_position(flags, '') is not null then '22023|flags|must not contain an empty string'
  end
$$;
