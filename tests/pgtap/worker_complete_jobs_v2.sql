-- worker_complete_jobs_v2: deletes the jobs this worker holds under the
-- claims given, releases their queues; anything else is left alone.
begin;
select plan(11);

select (test_fx.job('locked', queue_name := 'q', worker := 'w1', claim := '00000000-0000-4000-8000-000000000001')).id as queued \gset
select (test_fx.job('locked', worker := 'w1', claim := '00000000-0000-4000-8000-000000000001')).id as free \gset
select (test_fx.job('locked', worker := 'w1', claim := '00000000-0000-4000-8000-000000000002')).id as other_claim \gset
select (test_fx.job('locked', worker := 'w2', claim := '00000000-0000-4000-8000-000000000001')).id as other_worker \gset
select (test_fx.job('waiting')).id as unfetched \gset

select set_eq(
  format($$select graphile_worker.worker_complete_jobs_v2('w1', array[%s, %s, %s, %s, %s], array[%s]::uuid[])$$,
    :queued, :free, :other_claim, :other_worker, :unfetched,
    repeat('''00000000-0000-4000-8000-000000000001'', ', 4) || '''00000000-0000-4000-8000-000000000001'''),
  format('values (%s::bigint), (%s)', :queued, :free),
  'returns the ids of the jobs it held under those claims'
);
select is((select count(*)::int from graphile_worker._private_jobs where id in (:queued, :free)), 0, 'they are deleted');
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'their queue is released');
select results_eq(format('select id, locked_by from graphile_worker._private_jobs where id in (%s, %s) order by id', :other_claim, :other_worker),
  format($$values (%s::bigint, 'w1'::text), (%s, 'w2')$$, :other_claim, :other_worker),
  'a job held under another claim, or by another worker under the same claim, is left alone');
select is((select locked_at from graphile_worker._private_jobs where id = :unfetched), null, 'a job not held is left alone');
select is_empty($$select graphile_worker.worker_complete_jobs_v2('w1', '{}', '{}')$$, 'no ids: nothing');

select throws_ok($$select graphile_worker.worker_complete_jobs_v2(null, array[1::bigint], array[gen_random_uuid()])$$, '22004', 'worker_complete_jobs_v2: worker_id must not be null', 'null worker id');
select throws_ok($$select graphile_worker.worker_complete_jobs_v2('w1', null, array[gen_random_uuid()])$$, '22004', 'worker_complete_jobs_v2: job_ids must not be null', 'null ids');
select throws_ok($$select graphile_worker.worker_complete_jobs_v2('w1', array[1::bigint], null)$$, '22004', 'worker_complete_jobs_v2: claims must not be null (one claim per job id)', 'null claims');
select throws_ok($$select graphile_worker.worker_complete_jobs_v2('w1', array[1::bigint, null], array[gen_random_uuid(), gen_random_uuid()])$$, '22004', 'worker_complete_jobs_v2: job_ids must not contain null', 'a null id');
select throws_ok($$select graphile_worker.worker_complete_jobs_v2('w1', array[1::bigint], array[null::uuid])$$, '22004', 'worker_complete_jobs_v2: claims must not contain null', 'a null claim');

select * from finish();
rollback;
