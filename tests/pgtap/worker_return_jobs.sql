-- worker_return_jobs: unstarted jobs go back, their attempt undone.
begin;
select plan(8);

select graphile_worker.add_job('a', queue_name := 'q') as queued \gset
select graphile_worker.add_job('a') as free \gset
select count(*) as n from graphile_worker.get_jobs('w1', array['a'], 5) \gset
select set_eq(
  format('select graphile_worker.worker_return_jobs(%L, array[%s, %s])', 'w1', (:'queued'::graphile_worker.job).id, (:'free'::graphile_worker.job).id),
  format('values (%s::bigint), (%s)', (:'queued'::graphile_worker.job).id, (:'free'::graphile_worker.job).id),
  'returns the ids it gave back'
);
select results_eq(
  $$select attempts, locked_at, locked_by, last_error from graphile_worker._private_jobs order by id$$,
  $$values (0::smallint, null::timestamptz, null::text, null::text), (0::smallint, null, null, null)$$,
  'the attempt is undone and the jobs unlocked'
);
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'the queue is released');
select is((select count(*)::int from graphile_worker.get_jobs('w2', array['a'], 5)), 2, 'another worker can take them');
select is_empty(format('select graphile_worker.worker_return_jobs(%L, array[%s])', 'w1', (:'free'::graphile_worker.job).id), 'a job now held by another worker is not returned');
-- A running job whose key went to a newer job must not run again, even if given back unstarted.
select (graphile_worker.add_job('k', job_key := 'superseded')).id as detached \gset
select count(*) as n from graphile_worker.get_jobs('w3', array['k']) \gset
select count(*) as n from graphile_worker.add_job('k', job_key := 'superseded') \gset
select count(*) as n from graphile_worker.worker_return_jobs('w3', array[:detached::bigint]) \gset
select results_eq(format('select attempts, max_attempts, locked_by, key from graphile_worker._private_jobs where id = %s', :detached),
  $$values (25::smallint, 25::smallint, null::text, null::text)$$, 'a superseded job given back stays without attempts');
select is_empty(format('select * from graphile_worker.get_jobs(%L, array[%L]) where id = %s', 'w4', 'k', :detached), 'and is never fetched again');
select throws_ok($$select graphile_worker.worker_return_jobs('w', null)$$, '22004', 'worker_return_jobs: job_ids must not be null', 'null ids');

select * from finish();
rollback;
