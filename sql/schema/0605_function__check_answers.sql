-- Refuses the answers of a worker (ids and the claims they were fetched
-- under) unless both lists are given, of the same length, without nulls.
create function :GRAPHILE_WORKER_SCHEMA._check_answers(
  caller text,
  ids_name text,
  job_ids bigint[],
  claims_name text,
  claims uuid[]
)
returns void
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if job_ids is null then
    raise exception '%: % must not be null', caller, ids_name using errcode = '22004';
  end if;
  if claims is null then
    raise exception '%: % must not be null (one claim per job id)', caller, claims_name using errcode = '22004';
  end if;
  if cardinality(claims) <> cardinality(job_ids) then
    raise exception '%: % must have one claim per job id (got % for % ids)',
      caller, claims_name, cardinality(claims), cardinality(job_ids)
      using errcode = '22023';
  end if;
  if array_position(job_ids, null) is not null then
    raise exception '%: % must not contain null', caller, ids_name using errcode = '22004';
  end if;
  if array_position(claims, null) is not null then
    raise exception '%: % must not contain null', caller, claims_name using errcode = '22004';
  end if;
end;
$$;
