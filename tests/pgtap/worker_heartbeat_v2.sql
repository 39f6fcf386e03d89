-- worker_heartbeat_v2: proof of life under the interval the worker promised,
-- and the throughput it reports.
begin;
select plan(17);

select is(graphile_worker.worker_heartbeat_v2('w1', '10 seconds', '{"pid": 1}'), false, 'an unknown worker is registered: false');
select results_eq($$select heartbeat_interval, metadata from graphile_worker._private_workers where worker_id = 'w1'$$,
  $$values (interval '10 seconds', '{"pid": 1}'::jsonb)$$, 'with its interval and metadata');
select test_fx.time_passes('5 seconds');
select is(graphile_worker.worker_heartbeat_v2('w1', '10 seconds'), true, 'a registered worker: true');
select results_eq($$select last_heartbeat_at, metadata from graphile_worker._private_workers where worker_id = 'w1'$$,
  $$values (now(), '{"pid": 1}'::jsonb)$$, 'the heartbeat is recorded; null metadata keeps it');

-- The interval may grow, never shrink: no caller can make a live worker
-- look dead sooner than it promised.
select graphile_worker.worker_heartbeat_v2('w1', '1 minute') \gset
select is((select heartbeat_interval from graphile_worker._private_workers where worker_id = 'w1'), interval '1 minute', 'a longer interval is recorded');
select graphile_worker.worker_heartbeat_v2('w1', '1 microsecond') \gset
select is((select heartbeat_interval from graphile_worker._private_workers where worker_id = 'w1'), interval '1 minute', 'a shorter one is not');
select graphile_worker.worker_heartbeat('w1') \gset
select is((select heartbeat_interval from graphile_worker._private_workers where worker_id = 'w1'), interval '1 minute', 'nor the 0.1 heartbeat''s 30 seconds');

-- Throughput: jobs finished since the last heartbeat, summed per minute.
select graphile_worker.worker_heartbeat_v2('w1', '1 minute', jobs_completed := 5, jobs_failed := 1) \gset
select graphile_worker.worker_heartbeat_v2('w2', '1 minute', jobs_completed := 2) \gset
select graphile_worker.worker_heartbeat_v2('w1', '1 minute') \gset
select results_eq($$select minute, completed, failed from graphile_worker._private_throughput$$,
  $$values (date_trunc('minute', now()), 7::bigint, 1::bigint)$$, 'one row per minute, summed over workers; nothing finished adds nothing');

-- A worker taken for dead (its row removed by a sweep) learns it from its
-- next heartbeat, and what it still held is recovered: its runs are stale.
select (test_fx.job('locked', worker := 'w2')).id as held \gset
delete from graphile_worker._private_workers where worker_id = 'w2';
select is(graphile_worker.worker_heartbeat_v2('w2', '1 minute'), false, 'after a sweep: false');
select results_eq(format('select locked_by, claim from graphile_worker._private_jobs where id = %s', :held),
  $$values (null::text, null::uuid)$$, 'whatever it still held is given up: its answers will change nothing');

-- A deregistered worker that still heartbeats is alive.
select graphile_worker.worker_deregister('w1') \gset
select is((select count(*)::int from graphile_worker.list_active_workers() where worker_id = 'w1'), 0, 'fixture: deregistered');
select is(graphile_worker.worker_heartbeat_v2('w1', '1 minute'), true, 'a heartbeat after deregistering: true');
select is((select count(*)::int from graphile_worker.list_active_workers() where worker_id = 'w1'), 1, 'and it is listed again');

select throws_ok($$select graphile_worker.worker_heartbeat_v2('w1', null)$$, '22004', 'worker_heartbeat_v2: heartbeat_interval must not be null', 'null interval');
select throws_ok($$select graphile_worker.worker_heartbeat_v2('w1', '-1 second')$$, '22023', 'worker_heartbeat_v2: heartbeat_interval must be more than 0 and at most 1 day (got -00:00:01)', 'a negative interval');
select throws_ok($$select graphile_worker.worker_heartbeat_v2('w1', '1 minute', jobs_completed := -1)$$, '22023', 'worker_heartbeat_v2: jobs_completed must be a count, 0 or more (got -1)', 'a negative count');
select throws_ok($$select graphile_worker.worker_heartbeat_v2('w1', '1 minute', jobs_failed := null)$$, '22023', 'worker_heartbeat_v2: jobs_failed must be a count, 0 or more (got null)', 'a null count');

select * from finish();
rollback;
