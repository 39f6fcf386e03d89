-- The longest job key, in characters.
create function :GRAPHILE_WORKER_SCHEMA._key_max_length()
returns integer
language sql
immutable
parallel safe
as $$
  select 512
$$;
