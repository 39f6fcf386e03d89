/*
  Adoption, step 5, once this package's schema stands beside upstream's moved
  tables: every row comes across with its id, names, payload (json keeps its
  text byte for byte), counters, timestamps and lock state. Then upstream's
  tables and the scratch schema are dropped without CASCADE: if anything
  still depended on them, adoption fails as a whole and nothing changes.
*/
insert into :GRAPHILE_WORKER_SCHEMA._private_tasks (identifier)
select tasks.identifier
from :ADOPT_SCRATCH._private_tasks as tasks
order by tasks.identifier;

insert into :GRAPHILE_WORKER_SCHEMA._private_job_queues (queue_name, locked_at, locked_by)
select queues.queue_name, queues.locked_at, queues.locked_by
from :ADOPT_SCRATCH._private_job_queues as queues
order by queues.queue_name;

insert into :GRAPHILE_WORKER_SCHEMA._private_jobs (
  id, queue_name, task_identifier, payload, priority, run_at, attempts, max_attempts, last_error,
  created_at, updated_at, key, locked_at, locked_by, revision, flags
)
overriding system value
select
  jobs.id, queues.queue_name, tasks.identifier, jobs.payload, jobs.priority, jobs.run_at, jobs.attempts,
  jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key, jobs.locked_at,
  jobs.locked_by, jobs.revision, jobs.flags
from :ADOPT_SCRATCH._private_jobs as jobs
join :ADOPT_SCRATCH._private_tasks as tasks on tasks.id = jobs.task_id
left join :ADOPT_SCRATCH._private_job_queues as queues on queues.id = jobs.job_queue_id
order by jobs.id;

comment on table :GRAPHILE_WORKER_SCHEMA._private_known_crontabs is
  'Kept from graphile-worker as it was: the crontab items it knew and when each last ran.';

drop table :ADOPT_SCRATCH._private_jobs;
drop table :ADOPT_SCRATCH._private_job_queues;
drop table :ADOPT_SCRATCH._private_tasks;
drop table :ADOPT_SCRATCH.migrations;
drop schema :ADOPT_SCRATCH;

analyze :GRAPHILE_WORKER_SCHEMA._private_jobs;
analyze :GRAPHILE_WORKER_SCHEMA._private_job_queues;
analyze :GRAPHILE_WORKER_SCHEMA._private_tasks;
