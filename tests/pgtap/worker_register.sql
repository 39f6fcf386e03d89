-- worker_register: a worker starting under an id; recovery of what an
-- earlier life under that id left locked; refusal of an id in use.
begin;
select plan(22);

-- A new id.
select results_eq($$select * from graphile_worker.worker_register('w1', '10 seconds', '{"pid": 1}')$$, $$values (0, 0)$$,
  'a new id is registered, with nothing to recover');
select results_eq($$select started_at, last_heartbeat_at, heartbeat_interval, metadata from graphile_worker._private_workers where worker_id = 'w1'$$,
  $$values (now(), now(), interval '10 seconds', '{"pid": 1}'::jsonb)$$, 'with its interval and metadata');

-- An id in use: its last heartbeat is younger than twice its interval.
select test_fx.time_passes('19 seconds');
select throws_ok($$select * from graphile_worker.worker_register('w1', '10 seconds')$$, '55006',
  $$worker_register: worker id 'w1' is in use: its last heartbeat was 00:00:19 ago, within twice its heartbeat interval (00:00:10)$$,
  'an id whose heartbeat is fresh for its interval is refused');
select throws_ok($$select * from graphile_worker.worker_register('w1', '1 second')$$, '55006', null,
  'whatever interval the newcomer promises');

-- An earlier life that stopped heartbeating: what it held is recovered.
select (test_fx.job('locked', queue_name := 'q', worker := 'w1', max_attempts := 3)).id as claimed \gset
select (test_fx.job('locked_v1', worker := 'w1')).id as unclaimed \gset
select (test_fx.job('locked', worker := 'w2')).id as others \gset
select test_fx.time_passes('2 seconds');
select results_eq($$select * from graphile_worker.worker_register('w1', '10 seconds', '{"pid": 2}')$$, $$values (2, 1)$$,
  'past twice its interval, the id is taken over and what it held recovered');
select results_eq(format('select locked_at, locked_by, claim, attempts, run_at from graphile_worker._private_jobs where id = %s', :claimed),
  $$values (null::timestamptz, null::text, null::uuid, 1::smallint, now())$$,
  'its job is unlocked to run again at once, the interrupted attempt counted');
select matches((select last_error from graphile_worker._private_jobs where id = :claimed),
  '^recovered by worker_register: worker w1 restarted while running this job \(locked at .*\); the attempt counts$', 'last_error says why');
select is((select locked_by from graphile_worker._private_jobs where id = :unclaimed), null, 'a job it held through the 0.1 protocol too');
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'its queue is unlocked');
select is((select locked_by from graphile_worker._private_jobs where id = :others), 'w2', 'other workers'' jobs stay');
select results_eq($$select started_at, last_heartbeat_at, metadata from graphile_worker._private_workers where worker_id = 'w1'$$,
  $$values (now(), now(), '{"pid": 2}'::jsonb)$$, 'the new life is registered');

-- A clean stop: a worker that deregistered holding nothing can be followed at
-- once (a pod restarting under its name); one that still holds jobs cannot
-- (they are recovered once its heartbeat is stale).
select graphile_worker.worker_deregister('w1') \gset
select results_eq($$select * from graphile_worker.worker_register('w1', '10 seconds')$$, $$values (0, 0)$$,
  'after a clean stop the id is registered again at once');
select (test_fx.job('locked', worker := 'w1')).id as held \gset
select graphile_worker.worker_deregister('w1') \gset
select throws_ok($$select * from graphile_worker.worker_register('w1', '10 seconds')$$, '55006', null,
  'a stopped worker still holding a job keeps its id until its heartbeat is stale');
select is((select locked_by from graphile_worker._private_jobs where id = :held), 'w1', 'and its job');
-- Re-registering after a clean stop never shortens the interval the id promised.
select graphile_worker.worker_complete_jobs_v2('w1', array[:held::bigint], array[(select claim from graphile_worker._private_jobs where id = :held)]) \gset
select results_eq($$select * from graphile_worker.worker_register('w1', '1 second')$$, $$values (0, 0)$$, 'once it holds nothing, the id is free');
select is((select heartbeat_interval from graphile_worker._private_workers where worker_id = 'w1'), interval '10 seconds',
  'but keeps the longer interval its previous life promised, until that life is stale');

-- Bad input.
select throws_ok($$select graphile_worker.worker_register(null, '10 seconds')$$, '22004', 'worker_register: worker_id must not be null', 'null worker id');
select throws_ok($$select graphile_worker.worker_register(E'w\n1', '10 seconds')$$, '22023', E'worker_register: worker_id must not contain control characters (got \'w\n1\')', 'a control character');
select throws_ok($$select graphile_worker.worker_register(repeat('w', 129), '10 seconds')$$, '22001', 'worker_register: worker_id must be at most 128 characters (got 129)', 'a long id');
select throws_ok($$select graphile_worker.worker_register('w3', null)$$, '22004', 'worker_register: heartbeat_interval must not be null', 'null interval');
select throws_ok($$select graphile_worker.worker_register('w3', '0 seconds')$$, '22023', 'worker_register: heartbeat_interval must be more than 0 and at most 1 day (got 00:00:00)', 'a zero interval');
select throws_ok($$select graphile_worker.worker_register('w3', '25 hours')$$, '22023', 'worker_register: heartbeat_interval must be more than 0 and at most 1 day (got 25:00:00)', 'an interval over a day');

select * from finish();
rollback;
