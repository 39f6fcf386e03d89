-- worker_complete_jobs: deletes the jobs this worker holds, releases queues.
begin;
select plan(9);

select graphile_worker.add_job('a', queue_name := 'q') as queued \gset
select graphile_worker.add_job('a') as free \gset
select graphile_worker.add_job('a') as unfetched \gset
select count(*) as n from graphile_worker.get_jobs('w1', array['a'], 2) \gset
select graphile_worker.add_job('a') as other \gset
select count(*) as n from graphile_worker.get_jobs('w2', array['a'], 5) \gset

select set_eq(
  format('select graphile_worker.worker_complete_jobs(%L, array[%s, %s, %s, %s])', 'w1',
    (:'queued'::graphile_worker.job).id, (:'free'::graphile_worker.job).id,
    (:'unfetched'::graphile_worker.job).id, (:'other'::graphile_worker.job).id),
  format('values (%s::bigint), (%s)', (:'queued'::graphile_worker.job).id, (:'free'::graphile_worker.job).id),
  'returns the ids of the jobs it held'
);
select is((select count(*)::int from graphile_worker._private_jobs where id in ((:'queued'::graphile_worker.job).id, (:'free'::graphile_worker.job).id)), 0, 'they are deleted');
select results_eq(
  $$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$,
  'their queue is released'
);
select is((select locked_by from graphile_worker._private_jobs where id = (:'other'::graphile_worker.job).id), 'w2', 'another worker''s job is left alone');
select is((select count(*)::int from graphile_worker._private_jobs), 2, 'only the held jobs went');
select is_empty($$select graphile_worker.worker_complete_jobs('w1', '{}')$$, 'no ids: nothing');

-- A job whose lock moved to another worker (a sweep recovered it) is not completed by the old one.
select is_empty(format('select graphile_worker.worker_complete_jobs(%L, array[%s])', 'w1', (:'other'::graphile_worker.job).id), 'a job held by someone else is not completed');

select throws_ok($$select graphile_worker.worker_complete_jobs(null, array[1::bigint])$$, '22004', 'worker_complete_jobs: worker_id must not be null', 'null worker id');
select throws_ok($$select graphile_worker.worker_complete_jobs('w', null)$$, '22004', 'worker_complete_jobs: job_ids must not be null', 'null ids');

select * from finish();
rollback;
