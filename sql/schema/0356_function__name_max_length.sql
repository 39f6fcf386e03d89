-- The longest task identifier, queue name or worker id, in characters.
create function :GRAPHILE_WORKER_SCHEMA._name_max_length()
returns integer
language sql
immutable
parallel safe
as $$
  select 128
$$;
