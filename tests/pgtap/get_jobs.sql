-- get_jobs: what is runnable, in what order, and one job per named queue.
begin;
select plan(45);

create function pg_temp.fetch(batch integer default 10, tasks text[] default array['a', 'b'], forbidden text[] default null, at timestamptz default now(), worker text default 'w1')
returns setof graphile_worker.job language sql as $$
  select * from graphile_worker.get_jobs(worker, tasks, batch, forbidden, at)
$$;

-- Order: priority, then run_at, then id; attempts + 1; locked by the worker.
select graphile_worker.add_job('a', '{"n": 1}', priority := 1) \gset
select graphile_worker.add_job('a', '{"n": 2}', priority := 0, run_at := now() - interval '1 minute') \gset
select graphile_worker.add_job('a', '{"n": 3}', priority := 0, run_at := now() - interval '2 minutes') \gset
select graphile_worker.add_job('b', '{"n": 4}', priority := 0, run_at := now() - interval '1 minute') \gset
select results_eq(
  $$select payload->>'n', attempts, locked_by, locked_at = now() from pg_temp.fetch()$$,
  $$values ('3', 1::smallint, 'w1', true), ('2', 1::smallint, 'w1', true), ('4', 1::smallint, 'w1', true), ('1', 1::smallint, 'w1', true)$$,
  'jobs come in order of priority, run_at, id, with attempts + 1, locked by the worker'
);
select is_empty($$select * from pg_temp.fetch(worker := 'w2')$$, 'locked jobs are not fetched again');
delete from graphile_worker._private_jobs;

-- batch_size
select count(*) as n from graphile_worker.add_jobs(array(select row('a', json_build_object('n', i), null, null, null, null, null, null)::graphile_worker.job_spec from generate_series(1, 5) i)) \gset
select is((select count(*)::int from pg_temp.fetch(batch := 2)), 2, 'batch_size 2 takes two');
select is((select count(*)::int from pg_temp.fetch(batch := 1)), 1, 'batch_size 1 takes one');
select is((select count(*)::int from pg_temp.fetch(batch := 100)), 2, 'a large batch takes what is left');
delete from graphile_worker._private_jobs;

-- Future jobs wait; `now` decides.
select graphile_worker.add_job('a', run_at := now() + interval '1 hour') as future \gset
select is_empty($$select * from pg_temp.fetch()$$, 'a future job is not fetched');
select test_fx.time_passes('2 hours');
select is((select id from pg_temp.fetch()), (:'future'::graphile_worker.job).id, 'it is once now passes its run_at');
delete from graphile_worker._private_jobs;

-- Only the worker's task identifiers.
select graphile_worker.add_job('a') \gset
select graphile_worker.add_job('c') as other \gset
select is((select array_agg(task_identifier) from pg_temp.fetch(tasks := array['a'])), array['a'], 'only listed identifiers are fetched');
select is((select array_agg(task_identifier) from pg_temp.fetch(tasks := array['c', 'zzz'])), array['c'], 'an identifier nobody added is harmless');
select is_empty($$select * from pg_temp.fetch(tasks := '{}')$$, 'no identifiers: nothing');
delete from graphile_worker._private_jobs;

-- Forbidden flags.
select graphile_worker.add_job('a', '{"n": 1}', flags := array['slow']) \gset
select graphile_worker.add_job('a', '{"n": 2}', flags := array['fast', 'cheap']) \gset
select graphile_worker.add_job('a', '{"n": 3}') \gset
select is(
  (select array_agg(payload->>'n' order by id) from pg_temp.fetch(forbidden := array['slow', 'cheap'])),
  array['3'],
  'a job carrying any forbidden flag is refused'
);
select is((select array_agg(payload->>'n' order by id) from pg_temp.fetch(forbidden := '{}')), array['1', '2'], 'no forbidden flags: all');
delete from graphile_worker._private_jobs;

-- Locked and permanently failed jobs are never fetched.
select test_fx.job('permanently_failed', max_attempts := 1) \gset
select test_fx.job('locked_v1', worker := 'other') \gset
select is_empty($$select * from pg_temp.fetch()$$, 'permanently failed and locked jobs are not fetched');
delete from graphile_worker._private_jobs;

-- Named queues: one job per queue however large the batch (upstream #621).
select count(*) as n from graphile_worker.add_jobs(array(
  select row('a', json_build_object('n', i), 'serial', null, null, null, null, null)::graphile_worker.job_spec
  from generate_series(1, 5) i)) \gset
select results_eq(
  $$select payload->>'n', queue_name from pg_temp.fetch(batch := 10)$$,
  $$values ('1', 'serial')$$,
  'a batch of 10 over five jobs of one named queue takes one, the first'
);
select results_eq(
  $$select locked_by, locked_at = now() from graphile_worker._private_job_queues where queue_name = 'serial'$$,
  $$values ('w1', true)$$,
  'the queue is locked by the worker'
);
select is_empty($$select * from pg_temp.fetch(batch := 10, worker := 'w2')$$, 'a running queue gives nothing more');
select is((select count(*)::int from graphile_worker.worker_complete_jobs('w1', array(select id from graphile_worker.jobs where locked_by = 'w1'))), 1, 'the worker completes it');
select is((select payload->>'n' from pg_temp.fetch(batch := 10, worker := 'w2')), '2', 'then the next job of the queue, in order');
delete from graphile_worker._private_jobs;
select test_fx.unlock_all();

-- Several queues and free jobs in one batch: one per queue, order kept.
select graphile_worker.add_job('a', '{"n": "q1-first"}', queue_name := 'q1', run_at := now() - interval '5 minutes') \gset
select graphile_worker.add_job('a', '{"n": "q1-second"}', queue_name := 'q1', run_at := now() - interval '4 minutes') \gset
select graphile_worker.add_job('a', '{"n": "free-1"}', run_at := now() - interval '3 minutes') \gset
select graphile_worker.add_job('a', '{"n": "q2-first"}', queue_name := 'q2', run_at := now() - interval '2 minutes') \gset
select graphile_worker.add_job('a', '{"n": "free-2"}', run_at := now() - interval '1 minutes') \gset
select results_eq(
  $$select payload->>'n' from pg_temp.fetch(batch := 10)$$,
  $$values ('q1-first'), ('free-1'), ('q2-first'), ('free-2')$$,
  'one job per named queue, free jobs all, in order'
);
delete from graphile_worker._private_jobs;
select test_fx.unlock_all();

-- The batch size caps free jobs and queue heads together, in order.
select graphile_worker.add_job('a', '{"n": "q"}', queue_name := 'q3', run_at := now() - interval '3 minutes') \gset
select graphile_worker.add_job('a', '{"n": "f1"}', run_at := now() - interval '2 minutes') \gset
select graphile_worker.add_job('a', '{"n": "f2"}', run_at := now() - interval '1 minutes') \gset
select results_eq($$select payload->>'n' from pg_temp.fetch(batch := 2)$$, $$values ('q'), ('f1')$$, 'batch_size counts queue heads and free jobs together');
select is((select locked_at from graphile_worker._private_jobs where payload->>'n' = 'f2'), null, 'the job beyond the batch is left alone');
delete from graphile_worker._private_jobs;
select test_fx.unlock_all();

-- Within a queue, order is priority, then run_at, then id.
select graphile_worker.add_job('a', '{"n": "late"}', queue_name := 'q4', priority := 5) \gset
select graphile_worker.add_job('a', '{"n": "urgent"}', queue_name := 'q4', priority := -5) \gset
select is((select payload->>'n' from pg_temp.fetch()), 'urgent', 'a queue''s head is its most urgent job');
delete from graphile_worker._private_jobs;
select test_fx.unlock_all();

-- A queue's head that this worker may not run is passed over, as in Graphile Worker.
select graphile_worker.add_job('c', '{"n": "other task"}', queue_name := 'q5', run_at := now() - interval '1 minute') \gset
select graphile_worker.add_job('a', '{"n": "mine"}', queue_name := 'q5') \gset
select is((select payload->>'n' from pg_temp.fetch(tasks := array['a'])), 'mine', 'the first job of the queue this worker can run');
delete from graphile_worker._private_jobs;
select test_fx.unlock_all();

-- A queue whose row was collected is recreated by the next add.
select graphile_worker.add_job('a', queue_name := 'fresh') \gset
select is((select queue_name from pg_temp.fetch()), 'fresh', 'a new queue is fetched');

-- A 4-hour stale queue lock still blocks until released.
select test_fx.unlock_all();
select test_fx.lock_queue('fresh', 'lost', '5 hours');
select is_empty($$select * from pg_temp.fetch()$$, 'a queue locked by a lost worker blocks its jobs until its lock is released');

-- Jobs not due yet sit between and after the due ones in run order, inside
-- and outside named queues: the fetch reads each priority's due jobs and
-- passes over the rest, and keeps the order across priorities.
select graphile_worker.add_job('a', '{"n": "q1-later"}', queue_name := 'pq1', priority := -1, run_at := now() + interval '1 hour') \gset
select graphile_worker.add_job('a', '{"n": "free-later"}', priority := -1, run_at := now() + interval '1 hour') \gset
select graphile_worker.add_job('a', '{"n": "q1-now"}', queue_name := 'pq1', priority := 1) \gset
select graphile_worker.add_job('a', '{"n": "q1-next"}', queue_name := 'pq1', priority := 1) \gset
select graphile_worker.add_job('a', '{"n": "free-now"}', priority := 2) \gset
select graphile_worker.add_job('a', '{"n": "q2-later"}', queue_name := 'pq2', priority := 2, run_at := now() + interval '1 hour') \gset
select graphile_worker.add_job('a', '{"n": "q2-now"}', queue_name := 'pq2', priority := 3) \gset
select graphile_worker.add_job('c', '{"n": "q3-other-task"}', queue_name := 'pq3', priority := 0) \gset
select graphile_worker.add_job('a', '{"n": "q3-flagged"}', queue_name := 'pq3', priority := 0, flags := array['slow']) \gset
select graphile_worker.add_job('a', '{"n": "q3-now"}', queue_name := 'pq3', priority := 4) \gset
select is_empty($$select * from pg_temp.fetch(at := now() - interval '30 minutes')$$,
  'at an earlier now, none of them is due');
select results_eq(
  $$select payload->>'n' from pg_temp.fetch(tasks := array['a'], forbidden := array['slow'])$$,
  $$values ('q1-now'), ('free-now'), ('q2-now'), ('q3-now')$$,
  'due jobs across priorities, past jobs not due, other tasks and forbidden flags: in order, one per named queue'
);
select is_empty($$select * from pg_temp.fetch(tasks := array['a'], forbidden := array['slow'], worker := 'w2')$$,
  'the running queues and the jobs not due yet give nothing more');
select test_fx.time_passes('2 hours');
select results_eq(
  $$select payload->>'n' from pg_temp.fetch(tasks := array['a'], forbidden := array['slow'], worker := 'w2')$$,
  $$values ('free-later')$$,
  'once due, a job outside named queues comes; the queues still running hold theirs back'
);
delete from graphile_worker._private_jobs;
select test_fx.unlock_all();

-- A running queue's backlog: more waiting jobs than a claim reads in run
-- order (batch_size + 100) come first and none can run; the claim then
-- takes the other queues one by one, with the same answers: each free
-- queue's first runnable job (past its jobs not due yet and other tasks'),
-- in run order, never a paused queue's.
select count(*) from graphile_worker.add_jobs(array(
  select row('a', json_build_object('n', 'long-' || i), 'long', now() - interval '1 hour' + i * interval '1 second', null, null, null, null)::graphile_worker.job_spec
  from generate_series(1, 150) as i));
select is((select payload->>'n' from pg_temp.fetch(batch := 1)), 'long-1', 'the backlog''s head runs');
select graphile_worker.add_job('a', '{"n": "late-q"}', queue_name := 'late', priority := 1) \gset
select graphile_worker.add_job('a', '{"n": "free"}', priority := 2) \gset
select graphile_worker.add_job('a', '{"n": "mixed-later"}', queue_name := 'mixed', priority := -5, run_at := now() + interval '1 hour') \gset
select graphile_worker.add_job('c', '{"n": "mixed-other-task"}', queue_name := 'mixed', priority := -4) \gset
select graphile_worker.add_job('a', '{"n": "mixed-now"}', queue_name := 'mixed', priority := 3) \gset
select graphile_worker.add_job('a', '{"n": "held"}', queue_name := 'held', priority := -9) \gset
select graphile_worker.pause_queue('held');
select graphile_worker.add_job('a', '{"n": "early"}', queue_name := 'early', priority := 0, run_at := now() - interval '1 minute') \gset
select results_eq(
  $$select payload->>'n' from pg_temp.fetch(batch := 1, tasks := array['a'], worker := 'w2')$$,
  $$values ('early')$$,
  'behind a backlog, a batch of one takes the first runnable job of a free queue'
);
select results_eq(
  $$select payload->>'n' from pg_temp.fetch(batch := 10, tasks := array['a'], worker := 'w2')$$,
  $$values ('late-q'), ('free'), ('mixed-now')$$,
  'behind a backlog, the free queues'' first runnable jobs and the free jobs, in order; a paused queue''s never'
);
select is((select count(*)::int from graphile_worker._private_jobs where queue_name = 'long' and locked_at is null), 149,
  'the backlog waits for its head');
delete from graphile_worker._private_jobs;
select test_fx.unlock_all();
select graphile_worker.resume_queue('held');

-- Completions ride along: finished jobs are completed first, in the same call,
-- and a named queue they free is fetched from at once.
select (graphile_worker.add_job('a', '{"n": "first"}', queue_name := 'ride', run_at := now() - interval '1 minute')).id as ride1 \gset
select (graphile_worker.add_job('a', '{"n": "second"}', queue_name := 'ride')).id as ride2 \gset
select is((select id from graphile_worker.get_jobs('rider', array['a'])), :ride1::bigint, 'the first job of the queue');
select is_empty($$select * from graphile_worker.get_jobs('rider', array['a'])$$, 'the queue is running');
select is((select id from graphile_worker.get_jobs('rider', array['a'], complete_job_ids := array[:ride1::bigint])), :ride2::bigint,
  'completing the first in the same call frees the queue for the second');
select is((select count(*)::int from graphile_worker._private_jobs where id = :ride1), 0, 'the completed job is gone');
delete from graphile_worker._private_jobs;
select test_fx.unlock_all();

-- Bad input.
select throws_ok($$select graphile_worker.get_jobs(null, array['a'])$$, '22004', 'get_jobs: worker_id must not be null', 'null worker id');
select throws_ok($$select graphile_worker.get_jobs('', array['a'])$$, '22023', 'get_jobs: worker_id must not be empty', 'empty worker id');
select throws_ok(format('select graphile_worker.get_jobs(%L, array[%L])', repeat('w', 129), 'a'), '22001', 'get_jobs: worker_id must be at most 128 characters (got 129)', 'long worker id');
select throws_ok($$select graphile_worker.get_jobs('w', null)$$, '22004', 'get_jobs: task_identifiers must not be null', 'null task identifiers');
select throws_ok($$select graphile_worker.get_jobs('w', array['a'], 0)$$, '22023', 'get_jobs: batch_size must be between 1 and 10000 (got 0)', 'batch_size 0');
select throws_ok($$select graphile_worker.get_jobs('w', array['a'], 10001)$$, '22023', 'get_jobs: batch_size must be between 1 and 10000 (got 10001)', 'batch_size too large');
select throws_ok($$select graphile_worker.get_jobs('w', array['a'], null)$$, '22023', 'get_jobs: batch_size must be between 1 and 10000 (got null)', 'null batch_size');
select lives_ok($$select graphile_worker.get_jobs('w', array['a'], now := null)$$, 'a null now means the database clock');

select * from finish();
rollback;
