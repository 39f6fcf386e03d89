-- list_workers: registered workers and unregistered lock holders, with
-- heartbeats, interval, locks and staleness.
begin;
select plan(5);

select is_empty($$select * from graphile_worker.list_workers()$$, 'no workers, no rows');

select test_fx.worker('fresh');
select test_fx.worker('silent', silent_for := '10 minutes');
-- Silent longer than the threshold, but not twice its interval: no sweep takes it.
select test_fx.worker('slow', silent_for := '10 minutes', heartbeat_interval := '1 hour');
select test_fx.worker('gone');
select graphile_worker.worker_deregister('gone');
select test_fx.job('locked', worker := 'fresh', queue_name := 'q');
select test_fx.job('locked', worker := 'fresh');
select test_fx.job('locked_v1', worker := 'v1-old', locked_ago := '10 minutes');
select test_fx.job('locked_v1', worker := 'v1-new');

select results_eq($$select worker_id, registered, heartbeat_interval, stopped_at is not null, stale, jobs_locked, queues_locked
    from graphile_worker.list_workers()$$,
  $$values ('fresh'::text, true, '30 seconds'::interval, false, false, 2::bigint, 1::bigint),
    ('gone', true, '30 seconds', true, false, 0, 0),
    ('silent', true, '30 seconds', false, true, 0, 0),
    ('slow', true, '1 hour', false, false, 0, 0),
    ('v1-new', false, null, false, false, 1, 0),
    ('v1-old', false, null, false, true, 1, 0)$$,
  'registered (deregistered too), unregistered holders; stale as a sweep with the threshold would judge');
select results_eq($$select worker_id, stale from graphile_worker.list_workers('1 minute') where worker_id in ('v1-old', 'silent')$$,
  $$values ('silent'::text, true), ('v1-old', true)$$, 'a shorter threshold');
select results_eq($$select worker_id, stale from graphile_worker.list_workers('1 day') where worker_id in ('v1-old', 'silent')$$,
  $$values ('silent'::text, false), ('v1-old', false)$$, 'a longer one');
select throws_ok($$select * from graphile_worker.list_workers('0')$$, '22023',
  'list_workers: threshold must be a positive interval of at most 100 years (got 00:00:00)', 'threshold zero');

select * from finish();
rollback;
