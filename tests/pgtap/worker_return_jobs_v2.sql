-- worker_return_jobs_v2: jobs fetched but never started go back under their
-- claims, their attempt undone, their queues released.
begin;
select plan(10);

select (test_fx.job('locked', queue_name := 'q', worker := 'w1', claim := '00000000-0000-4000-8000-000000000001')).id as queued \gset
select (test_fx.job('locked', worker := 'w1', claim := '00000000-0000-4000-8000-000000000001')).id as free \gset
select (test_fx.job('locked', worker := 'w1', claim := '00000000-0000-4000-8000-000000000002')).id as other_claim \gset

select set_eq(
  format($$select graphile_worker.worker_return_jobs_v2('w1', array[%s, %s, %s], array['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001']::uuid[])$$,
    :queued, :free, :other_claim),
  format('values (%s::bigint), (%s)', :queued, :free),
  'returns the ids it gave back'
);
select results_eq(format('select attempts, locked_at, locked_by, claim from graphile_worker._private_jobs where id in (%s, %s) order by id', :queued, :free),
  $$values (0::smallint, null::timestamptz, null::text, null::uuid), (0::smallint, null, null, null)$$,
  'the attempt is undone, the jobs unlocked and their claim gone');
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'the queue is released');
select is((select locked_by from graphile_worker._private_jobs where id = :other_claim), 'w1', 'a job under another claim stays');
select test_fx.worker('w2');
select is((select count(*)::int from graphile_worker.get_jobs_v2('w2', gen_random_uuid(), array['a'], 5)), 2, 'another worker can take them');
select is_empty(format($$select graphile_worker.worker_return_jobs_v2('w1', array[%s], array['00000000-0000-4000-8000-000000000001'::uuid])$$, :free),
  'a job now held by another worker is not returned');

-- A running job whose key went to a newer job must not run again, even if given back unstarted.
select (test_fx.job('locked', task := 'k', job_key := 'superseded', worker := 'w3', claim := '00000000-0000-4000-8000-000000000003')).id as detached \gset
select count(*) as n from graphile_worker.add_job('k', job_key := 'superseded') \gset
select is((select count(*)::int from graphile_worker.worker_return_jobs_v2('w3', array[:detached::bigint], array['00000000-0000-4000-8000-000000000003'::uuid])), 1, 'a superseded job is given back');
select results_eq(format('select attempts, max_attempts, locked_by, key from graphile_worker._private_jobs where id = %s', :detached),
  $$values (25::smallint, 25::smallint, null::text, null::text)$$, 'but stays without attempts, never to run again');

select throws_ok($$select graphile_worker.worker_return_jobs_v2('w1', null, array[gen_random_uuid()])$$, '22004', 'worker_return_jobs_v2: job_ids must not be null', 'null ids');
select throws_ok($$select graphile_worker.worker_return_jobs_v2('w1', array[1::bigint, 2], array[gen_random_uuid()])$$, '22023', 'worker_return_jobs_v2: claims must have one claim per job id (got 1 for 2 ids)', 'one claim per id');

select * from finish();
rollback;
