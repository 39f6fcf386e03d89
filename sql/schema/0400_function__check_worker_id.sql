-- Refuses a missing or malformed worker id, naming the calling function.
create function :GRAPHILE_WORKER_SCHEMA._check_worker_id(caller text, worker_id text)
returns void
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if worker_id is null then
    raise exception '%: worker_id must not be null', caller using errcode = '22004';
  end if;
  if worker_id = '' then
    raise exception '%: worker_id must not be empty', caller using errcode = '22023';
  end if;
  if length(worker_id) > :GRAPHILE_WORKER_SCHEMA._name_max_length() then
    raise exception '%: worker_id must be at most % characters (got %)',
      caller, :GRAPHILE_WORKER_SCHEMA._name_max_length(), length(worker_id)
      using errcode = '22001';
  end if;
  if worker_id ~ E'[\\x01-\\x1f\\x7f-\\x9f]' then
    raise exception '%: worker_id must not contain control characters (got %)', caller, quote_literal(worker_id)
      using errcode = '22023';
  end if;
end;
$$;
