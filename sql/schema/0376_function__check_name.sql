-- Refuses a missing, empty or too long queue name or task identifier
-- (argument names which), naming the calling function.
create function :GRAPHILE_WORKER_SCHEMA._check_name(caller text, argument text, name text)
returns void
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if _check_name.name is null then
    raise exception '%: % must not be null', caller, argument using errcode = '22004';
  end if;
  if _check_name.name = '' then
    raise exception '%: % must not be empty', caller, argument using errcode = '22023';
  end if;
  if length(_check_name.name) > :GRAPHILE_WORKER_SCHEMA._name_max_length() then
    raise exception '%: % must be at most % characters (got %)',
      caller, argument, :GRAPHILE_WORKER_SCHEMA._name_max_length(), length(_check_name.name)
      using errcode = '22001';
  end if;
end;
$$;
