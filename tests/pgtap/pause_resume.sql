-- pause_queue, resume_queue, pause_task, resume_task: paused work stays
-- waiting; no fetch (get_jobs, get_jobs_v2 on both its paths) takes it.
begin;
select plan(26);

select test_fx.worker('w');
select test_fx.worker('w1');

-- The flags.
select is(graphile_worker.pause_queue('q'), true, 'pause_queue: paused');
select is(graphile_worker.pause_queue('q'), false, 'pause_queue again: already paused');
select is(graphile_worker.resume_queue('q'), true, 'resume_queue: resumed');
select is(graphile_worker.resume_queue('q'), false, 'resume_queue again: not paused');
select is(graphile_worker.resume_queue('never-seen'), false, 'resume_queue of an unknown queue: nothing to do');
select is(graphile_worker.pause_task('t'), true, 'pause_task: paused (ahead of any job)');
select is(graphile_worker.pause_task('t'), false, 'pause_task again');
select is(graphile_worker.resume_task('t'), true, 'resume_task');
select is(graphile_worker.resume_task('t'), false, 'resume_task again');

-- get_jobs_v2's fast path (no named queue has a runnable job): a paused task is skipped.
select (test_fx.job('waiting', task := 'paused_task')).id as pt \gset
select (test_fx.job('waiting', task := 'other')).id as other \gset
select graphile_worker.pause_task('paused_task');
select results_eq($$select id from graphile_worker.get_jobs_v2('w', gen_random_uuid(), array['paused_task', 'other'], 10)$$,
  format($$values (%s::bigint)$$, :other), 'get_jobs_v2 (fast path): the paused task''s job is not fetched');
select results_eq($$select id from graphile_worker.get_jobs('w1', array['paused_task', 'other'], 10)$$,
  $$select 1::bigint where false$$, 'get_jobs (0.1): nor by the old protocol');
select is((select locked_at from graphile_worker._private_jobs where id = :pt), null, 'it stays waiting');

-- A paused queue: its jobs are skipped, on both paths of get_jobs_v2 and by get_jobs.
select (test_fx.job('waiting', task := 'q_task', queue_name := 'paused_q')).id as pq \gset
select graphile_worker.pause_queue('paused_q');
select (test_fx.job('waiting', task := 'plain')).id as plain \gset
select results_eq($$select id from graphile_worker.get_jobs_v2('w', gen_random_uuid(), array['q_task', 'plain'], 10)$$,
  format($$values (%s::bigint)$$, :plain), 'get_jobs_v2 (fast path, only a paused queue has work): not fetched');
select (test_fx.job('waiting', task := 'q_task', queue_name := 'open_q')).id as oq \gset
select results_eq($$select id from graphile_worker.get_jobs_v2('w', gen_random_uuid(), array['q_task'], 10)$$,
  format($$values (%s::bigint)$$, :oq), 'get_jobs_v2 (named queues): the open queue''s job only');
select results_eq($$select id from graphile_worker.get_jobs('w1', array['q_task'], 10)$$,
  $$select 1::bigint where false$$, 'get_jobs (0.1): nothing from the paused queue');
select results_eq(format($$select locked_at is null, attempts from graphile_worker._private_jobs where id = %s$$, :pq),
  $$values (true, 0::smallint)$$, 'the paused queue''s job stays waiting, unattempted');

-- A paused task inside an open named queue.
select (test_fx.job('waiting', task := 'paused_task', queue_name := 'mixed')).id as mixed \gset
select (test_fx.job('waiting', task := 'y', queue_name := 'mixed2')).id as y \gset
select results_eq($$select id from graphile_worker.get_jobs_v2('w', gen_random_uuid(), array['paused_task', 'y'], 10)$$,
  format($$values (%s::bigint)$$, :y), 'get_jobs_v2 (named queues): a paused task in an open queue is not fetched');
-- The only named queue's runnable job is a paused task's: get_jobs_v2 goes the
-- general way for it, and still takes only the job outside named queues.
select (test_fx.job('waiting', task := 'z')).id as z \gset
select results_eq($$select id from graphile_worker.get_jobs_v2('w', gen_random_uuid(), array['paused_task', 'z'], 10)$$,
  format($$values (%s::bigint)$$, :z), 'get_jobs_v2: a paused task''s job in a named queue is not fetched');
select results_eq(format($$select locked_at is null, attempts from graphile_worker._private_jobs where id in (%s, %s) order by id$$, :pt, :mixed),
  $$values (true, 0::smallint), (true, 0::smallint)$$, 'the paused task''s jobs stay waiting, unattempted');

-- Resumed: fetched.
select graphile_worker.resume_queue('paused_q');
select graphile_worker.resume_task('paused_task');
select results_eq($$select id from graphile_worker.get_jobs_v2('w', gen_random_uuid(), array['q_task', 'paused_task'], 10) order by id$$,
  format($$values (%s::bigint), (%s), (%s)$$, :pt, :pq, :mixed), 'once resumed, their jobs are fetched');

-- Pausing a queue while its job runs: the job finishes, the next one waits.
select test_fx.unlock_all();
delete from graphile_worker._private_jobs;
select (test_fx.job('locked_v1', task := 'x', queue_name := 'busy', worker := 'w1')).id as busy1 \gset
select (test_fx.job('waiting', task := 'x', queue_name := 'busy')).id as busy2 \gset
select graphile_worker.pause_queue('busy');
select graphile_worker.worker_complete_jobs('w1', array[:busy1::bigint]);
select is((select count(*)::int from graphile_worker._private_jobs where id = :busy1), 0, 'the running job completes');
select results_eq($$select id from graphile_worker.get_jobs('w1', array['x'], 10)$$, $$select 1::bigint where false$$,
  'the next one waits');

-- Cleanup keeps paused queues and tasks.
delete from graphile_worker._private_jobs;
select graphile_worker.pause_task('idle_task');
select graphile_worker.cleanup(array['GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS']);
select results_eq($$select (select array_agg(queue_name order by queue_name) from graphile_worker._private_job_queues),
    (select array_agg(identifier order by identifier) from graphile_worker._private_tasks)$$,
  $$values (array['busy']::text[], array['idle_task']::text[])$$, 'cleanup keeps paused queues and tasks (and nothing else)');

-- Bad input.
select throws_ok($$select graphile_worker.pause_queue(null)$$, '22004', 'pause_queue: queue_name must not be null', 'pause_queue(null)');
select throws_ok($$select graphile_worker.resume_queue('')$$, '22023', 'resume_queue: queue_name must not be empty', 'resume_queue('''')');
select throws_ok(format('select graphile_worker.pause_task(%L)', repeat('t', 129)), '22001',
  'pause_task: task_identifier must be at most 128 characters (got 129)', 'pause_task: too long');

select * from finish();
rollback;
