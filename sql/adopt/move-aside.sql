/*
  Adoption, step 3: make room for this package's objects. Upstream's
  functions go (their return types change; catalog.sql made sure that
  nothing of the user's depends on them, and without CASCADE nothing else
  can go with them). Upstream's tables move, with their indexes, constraints
  and sequences, into a scratch schema that copy.sql empties and drops. The
  jobs view, job_spec and _private_known_crontabs stay where they are.
*/
create schema :ADOPT_SCRATCH;

drop function if exists :GRAPHILE_WORKER_SCHEMA.add_job(text, json, text, timestamptz, integer, text, integer, text[], text);
drop function if exists :GRAPHILE_WORKER_SCHEMA.add_jobs(:GRAPHILE_WORKER_SCHEMA.job_spec[], boolean);
drop function if exists :GRAPHILE_WORKER_SCHEMA.complete_jobs(bigint[]);
drop function if exists :GRAPHILE_WORKER_SCHEMA.force_unlock_workers(text[]);
drop function if exists :GRAPHILE_WORKER_SCHEMA.permanently_fail_jobs(bigint[], text);
drop function if exists :GRAPHILE_WORKER_SCHEMA.remove_job(text);
drop function if exists :GRAPHILE_WORKER_SCHEMA.reschedule_jobs(bigint[], timestamptz, integer, integer, integer);

alter table :GRAPHILE_WORKER_SCHEMA._private_jobs set schema :ADOPT_SCRATCH;
alter table :GRAPHILE_WORKER_SCHEMA._private_job_queues set schema :ADOPT_SCRATCH;
alter table :GRAPHILE_WORKER_SCHEMA._private_tasks set schema :ADOPT_SCRATCH;
alter table :GRAPHILE_WORKER_SCHEMA.migrations set schema :ADOPT_SCRATCH;
