/*
  Adoption, step 2: what a schema graphile-worker 0.16 or 0.17 built holds
  ($1: the schema's name, for its id sequence). Runs after catalog.sql found
  upstream's tables in the expected shape, under adoption's lock on them (or,
  for a dry run, in a read-only transaction). Returns one jsonb document:

  - jobs: counts by state, as `graphile-worker list` counts them (locked,
    failed = no attempts left, ready = due, scheduled = due later), with the
    locks younger than 4 hours (running under a live worker) apart;
  - queues, tasks (with their job counts, the first 100 by name), crontabs
    (rows of _private_known_crontabs, which adoption keeps as they are);
  - recent_locks: the jobs and queues locked less than 4 hours ago, and by
    which workers;
  - next_job_id: where the id sequence continues (after the highest id, and
    after every id upstream ever handed out);
  - problems: rows this package's tables cannot hold as they are.
*/
with
jobs as (
  select
    jobs.id, jobs.attempts, jobs.max_attempts, jobs.locked_at, jobs.locked_by, jobs.job_queue_id,
    tasks.identifier as task_identifier, queues.queue_name,
    tasks.id is null as task_missing,
    jobs.job_queue_id is not null and queues.id is null as queue_missing,
    case
      when jobs.locked_at is not null then 'locked'
      when jobs.attempts >= jobs.max_attempts then 'failed'
      when jobs.run_at <= now() then 'ready'
      else 'scheduled'
    end as state,
    jobs.locked_at > now() - interval '4 hours' as recent_lock,
    jobs.run_at > now() and jobs.attempts > 0 and jobs.locked_at is null and jobs.attempts < jobs.max_attempts as retrying
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
  left join :GRAPHILE_WORKER_SCHEMA._private_tasks as tasks on tasks.id = jobs.task_id
  left join :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues on queues.id = jobs.job_queue_id
),
queues as (
  select queues.queue_name, queues.locked_at, queues.locked_by,
    queues.locked_at > now() - interval '4 hours' as recent_lock,
    coalesce(counts.jobs, 0) as jobs
  from :GRAPHILE_WORKER_SCHEMA._private_job_queues as queues
  left join (select job_queue_id, count(*) as jobs from jobs group by job_queue_id) as counts
    on counts.job_queue_id = queues.id
),
tasks as (
  select tasks.identifier, coalesce(counts.jobs, 0) as jobs
  from :GRAPHILE_WORKER_SCHEMA._private_tasks as tasks
  left join (select task_identifier, count(*) as jobs from jobs group by task_identifier) as counts
    on counts.task_identifier = tasks.identifier
),
-- Rows this package's constraints refuse: names must not be empty, attempts
-- not negative; and jobs whose task or queue row is gone (upstream's view
-- hides them) have no name to carry.
problems as (
  select pg_catalog.format('%s job(s) have no task row (ids %s)', count(*),
    pg_catalog.array_to_string((pg_catalog.array_agg(id order by id))[1:10], ', ')) as problem
  from jobs where task_missing having count(*) > 0
  union all
  select pg_catalog.format('%s job(s) name a queue that has no row (ids %s)', count(*),
    pg_catalog.array_to_string((pg_catalog.array_agg(id order by id))[1:10], ', '))
  from jobs where queue_missing having count(*) > 0
  union all
  select pg_catalog.format('%s job(s) have negative attempts (ids %s)', count(*),
    pg_catalog.array_to_string((pg_catalog.array_agg(id order by id))[1:10], ', '))
  from jobs where attempts < 0 having count(*) > 0
  union all
  select pg_catalog.format('the empty task identifier '''' is registered (%s job(s) use it)', tasks.jobs)
  from tasks where tasks.identifier = ''
  union all
  select pg_catalog.format('the empty queue name '''' is registered (%s job(s) use it)', queues.jobs)
  from queues where queues.queue_name = ''
),
sequence as (
  select pg_catalog.pg_sequence_last_value(
    pg_catalog.pg_get_serial_sequence(pg_catalog.format('%I._private_jobs', $1::text), 'id')::pg_catalog.regclass
  ) as last_value
)
select pg_catalog.jsonb_build_object(
  'jobs', (
    select pg_catalog.jsonb_build_object(
      'total', count(*),
      'ready', count(*) filter (where state = 'ready'),
      'scheduled', count(*) filter (where state = 'scheduled'),
      'waiting_for_retry', count(*) filter (where retrying),
      'locked', count(*) filter (where state = 'locked'),
      'locked_recently', count(*) filter (where recent_lock),
      'failed', count(*) filter (where state = 'failed'),
      'in_named_queues', count(*) filter (where job_queue_id is not null)
    )
    from jobs
  ),
  'queues', (
    select pg_catalog.jsonb_build_object(
      'total', count(*),
      'locked', count(*) filter (where locked_at is not null),
      'locked_recently', count(*) filter (where recent_lock),
      'first', coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('queue_name', q.queue_name, 'jobs', q.jobs, 'locked_at', q.locked_at, 'locked_by', q.locked_by) order by q.queue_name)
        from (select * from queues order by queue_name limit 100) as q
      ), '[]')
    )
    from queues
  ),
  'tasks', (
    select pg_catalog.jsonb_build_object(
      'total', count(*),
      'first', coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('identifier', t.identifier, 'jobs', t.jobs) order by t.identifier)
        from (select * from tasks order by identifier limit 100) as t
      ), '[]')
    )
    from tasks
  ),
  'crontabs', (select count(*) from :GRAPHILE_WORKER_SCHEMA._private_known_crontabs),
  'recent_locks', pg_catalog.jsonb_build_object(
    'jobs', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', j.id::text, 'task_identifier', j.task_identifier, 'queue_name', j.queue_name, 'locked_at', j.locked_at, 'locked_by', j.locked_by) order by j.id)
      from jobs as j where j.recent_lock
    ), '[]'),
    'queues', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('queue_name', q.queue_name, 'locked_at', q.locked_at, 'locked_by', q.locked_by) order by q.queue_name)
      from queues as q where q.recent_lock
    ), '[]'),
    'workers', coalesce((
      select pg_catalog.jsonb_agg(distinct w.locked_by order by w.locked_by)
      from (select locked_by from jobs where recent_lock union all select locked_by from queues where recent_lock) as w
      where w.locked_by is not null
    ), '[]')
  ),
  'next_job_id', (
    select greatest(max(jobs.id) + 1, (select last_value + 1 from sequence), 1)::text from jobs
  ),
  'problems', pg_catalog.to_jsonb(array(select problem from problems order by 1))
) as survey;
