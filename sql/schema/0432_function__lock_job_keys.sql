-- Takes a transaction-level advisory lock for each job key (nulls ignored),
-- in one global order (of the keys' hashes), so that two calls settling the
-- same key (keyed adds, remove_job) run one after the other, and never wait
-- for each other's uncommitted rows in an order that could deadlock.
create function :GRAPHILE_WORKER_SCHEMA._lock_job_keys(keys text[])
returns void
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform pg_advisory_xact_lock(:GRAPHILE_WORKER_SCHEMA._job_key_lock_class(), hashed.h)
  from (
    select distinct hashtext(k.key) as h
    from unnest(_lock_job_keys.keys) as k(key)
    where k.key is not null
    order by 1
  ) as hashed;
end;
$$;
