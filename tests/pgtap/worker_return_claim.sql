-- worker_return_claim: after a fetch whose reply was lost, everything the
-- worker holds under that claim goes back, and nothing else.
begin;
select plan(7);

select test_fx.worker('w1');
select test_fx.job('waiting', queue_name := 'q') from generate_series(1, 1);
select test_fx.job('waiting') from generate_series(1, 2);
-- The fetch happened; its reply never arrived.
select count(*) as n from graphile_worker.get_jobs_v2('w1', '00000000-0000-4000-8000-000000000001', array['a'], 10) \gset
select (test_fx.job('locked', worker := 'w1', claim := '00000000-0000-4000-8000-000000000002')).id as other_claim \gset
select (test_fx.job('locked', worker := 'w2', claim := '00000000-0000-4000-8000-000000000001')).id as other_worker \gset

select is((select count(*)::int from graphile_worker.worker_return_claim('w1', '00000000-0000-4000-8000-000000000001')), 3, 'returns the ids of the three jobs of the claim');
select is((select count(*)::int from graphile_worker._private_jobs where claim = '00000000-0000-4000-8000-000000000001' and locked_by = 'w1'), 0, 'they are unlocked');
select is((select sum(attempts)::int from graphile_worker._private_jobs where locked_at is null), 0, 'their attempts undone');
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'their queue released');
select results_eq(format('select id, locked_by from graphile_worker._private_jobs where id in (%s, %s) order by id', :other_claim, :other_worker),
  format($$values (%s::bigint, 'w1'::text), (%s, 'w2')$$, :other_claim, :other_worker),
  'the worker''s other claims and other workers'' jobs stay');
select is_empty($$select graphile_worker.worker_return_claim('w1', '00000000-0000-4000-8000-000000000001')$$, 'a second call finds nothing');

select throws_ok($$select graphile_worker.worker_return_claim('w1', null)$$, '22004', 'worker_return_claim: claim must not be null', 'null claim');

select * from finish();
rollback;
