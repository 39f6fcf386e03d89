-- The most jobs one fetch may claim.
create function :GRAPHILE_WORKER_SCHEMA._max_batch_size()
returns integer
language sql
immutable
parallel safe
as $$
  select 10000
$$;
