-- worker_return_unknown_jobs: after a lost fetch reply, jobs the worker holds
-- but does not know about go back.
begin;
select plan(6);

select (graphile_worker.add_job('a', queue_name := 'q')).id as lost_queued \gset
select (graphile_worker.add_job('a')).id as known \gset
select (graphile_worker.add_job('a')).id as lost \gset
select count(*) as n from graphile_worker.get_jobs('w1', array['a'], 10) \gset
select (graphile_worker.add_job('a')).id as others \gset
select count(*) as n from graphile_worker.get_jobs('w2', array['a'], 10) \gset

select set_eq(
  format('select graphile_worker.worker_return_unknown_jobs(%L, array[%s])', 'w1', :known),
  format('values (%s::bigint), (%s)', :lost_queued, :lost),
  'returns the ids of the jobs it gave back'
);
select results_eq(format('select attempts, locked_by from graphile_worker._private_jobs where id in (%s, %s) order by id', :lost_queued, :lost),
  $$values (0::smallint, null::text), (0::smallint, null::text)$$, 'they are unlocked, their attempt undone');
select is((select locked_by from graphile_worker._private_jobs where id = :known), 'w1', 'the known job stays locked');
select is((select locked_by from graphile_worker._private_jobs where id = :others), 'w2', 'other workers'' jobs stay locked');
select results_eq($$select locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$, $$values (null::text)$$, 'the queue is released');
select throws_ok($$select graphile_worker.worker_return_unknown_jobs('w', null)$$, '22004', 'worker_return_unknown_jobs: known_job_ids must not be null', 'null ids');

select * from finish();
rollback;
