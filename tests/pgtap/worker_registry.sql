-- worker_heartbeat, worker_deregister, list_active_workers.
begin;
select plan(14);

select is(graphile_worker.worker_heartbeat('w1', '{"host": "a", "pid": 1}'), false, 'the first heartbeat registers: false');
select is(graphile_worker.worker_heartbeat('w1'), true, 'the next says the worker was registered: true');
select is((select metadata from graphile_worker._private_workers where worker_id = 'w1'), '{"host": "a", "pid": 1}'::jsonb, 'a heartbeat without metadata keeps it');
select is(graphile_worker.worker_heartbeat('w1', '{"host": "b"}'), true, 'metadata can change');
select is((select metadata->>'host' from graphile_worker._private_workers where worker_id = 'w1'), 'b', 'and is stored');

select test_fx.worker('w2', silent_for := '10 minutes');
select results_eq(
  $$select worker_id, is_stale, last_heartbeat_at = now() - interval '10 minutes' from graphile_worker.list_active_workers()$$,
  $$values ('w2', true, true), ('w1', false, false)$$,
  'every registered worker, oldest first, stale when its heartbeat is older than 5 minutes'
);
select results_eq(
  $$select worker_id, is_stale from graphile_worker.list_active_workers('15 minutes')$$,
  $$values ('w2', false), ('w1', false)$$,
  'the threshold decides what is stale'
);
select results_eq(
  $$select started_at, metadata from graphile_worker.list_active_workers() where worker_id = 'w1'$$,
  $$values (now(), '{"host": "b"}'::jsonb)$$,
  'start time and metadata are listed'
);

select is(graphile_worker.worker_deregister('w1'), true, 'deregistering a registered worker: true');
select is(graphile_worker.worker_deregister('w1'), false, 'again: false');
select is((select array_agg(worker_id) from graphile_worker.list_active_workers()), array['w2'], 'it is gone from the list');

select throws_ok($$select graphile_worker.worker_heartbeat(null)$$, '22004', 'worker_heartbeat: worker_id must not be null', 'null worker id');
select throws_ok($$select graphile_worker.worker_deregister('')$$, '22023', 'worker_deregister: worker_id must not be empty', 'empty worker id');
select throws_ok($$select * from graphile_worker.list_active_workers('-1 minute')$$, '22023', 'list_active_workers: threshold must be a positive interval of at most 100 years (got -00:01:00)', 'negative threshold');

select * from finish();
rollback;
