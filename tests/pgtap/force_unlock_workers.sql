-- force_unlock_workers: clears the locks of the named workers, nothing else.
begin;
select plan(6);

select (graphile_worker.add_job('t', queue_name := 'q1')).id as a \gset
select count(*) as n from graphile_worker.get_jobs('worker-0d069f0d6be41d1adb', array['t']) \gset
select (graphile_worker.add_job('t', queue_name := 'q2')).id as b \gset
select count(*) as n from graphile_worker.get_jobs('worker-cd357d05e3382cd169', array['t']) \gset
select (graphile_worker.add_job('t', queue_name := 'q3')).id as c \gset
select count(*) as n from graphile_worker.get_jobs('alive', array['t']) \gset
select (select row(run_at, attempts, last_error, updated_at)::text from graphile_worker._private_jobs where id = :a) as before \gset

select lives_ok($$select graphile_worker.force_unlock_workers(array['worker-0d069f0d6be41d1adb', 'worker-cd357d05e3382cd169'])$$, 'unlocks the named workers');
select is((select count(*)::int from graphile_worker._private_jobs where id in (:a, :b) and locked_at is null and locked_by is null), 2, 'their jobs are unlocked');
select is((select count(*)::int from graphile_worker._private_job_queues where queue_name in ('q1', 'q2') and locked_at is null and locked_by is null), 2, 'their queues are unlocked');
select is((select row(run_at, attempts, last_error, updated_at)::text from graphile_worker._private_jobs where id = :a), :'before', 'nothing else changes');
select results_eq($$select locked_by from graphile_worker._private_jobs where locked_at is not null union all select locked_by from graphile_worker._private_job_queues where locked_at is not null$$,
  $$values ('alive'::text), ('alive')$$, 'other workers keep their locks');
select throws_ok($$select graphile_worker.force_unlock_workers(null)$$, '22004', 'force_unlock_workers: worker_ids must not be null', 'null ids');

select * from finish();
rollback;
