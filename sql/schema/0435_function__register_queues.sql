-- Registers the named queues of a batch. Each queue name is first locked
-- (a transaction-level advisory lock, in one global order), and a fetch
-- that recreates a queue row cleanup removed only tries that lock (see
-- _claim_jobs): so a fetch never waits for an adder's uncommitted queue row
-- while that adder waits for the jobs the fetch holds.
create function :GRAPHILE_WORKER_SCHEMA._register_queues(specs :GRAPHILE_WORKER_SCHEMA.job_spec[])
returns void
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform pg_advisory_xact_lock(:GRAPHILE_WORKER_SCHEMA._queue_lock_class(), hashed.h)
  from (
    select distinct hashtext(s.queue_name) as h
    from unnest(_register_queues.specs) as s
    where s.queue_name is not null
    order by 1
  ) as hashed;

  insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name)
  select distinct s.queue_name from unnest(_register_queues.specs) as s
  where s.queue_name is not null
  order by 1
  on conflict do nothing;
end;
$$;
