-- release_stale_locks: locks older than 4 hours are released.
begin;
select plan(6);

select (test_fx.job('locked_v1', queue_name := 'q', run_at := now() - interval '6 hours', worker := 'lost', locked_ago := '5 hours')).id as stale \gset
select (test_fx.job('locked_v1', run_at := now() - interval '6 hours', worker := 'lost', locked_ago := '3 hours')).id as recent \gset

select results_eq($$select * from graphile_worker.release_stale_locks()$$, $$values (1, 1)$$, 'one job and one queue released');
select results_eq(
  format('select locked_at, locked_by, attempts, run_at from graphile_worker._private_jobs where id = %s', :stale),
  $$values (null::timestamptz, null::text, 1::smallint, now())$$,
  'the stale job is unlocked, its attempt counted, and runs now'
);
select matches((select last_error from graphile_worker._private_jobs where id = :stale), '^lock held by worker lost since .* expired after 04:00:00$', 'last_error says why');
select is((select locked_by from graphile_worker._private_jobs where id = :recent), 'lost', 'a 3-hour lock is kept');
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'the stale queue lock is released');
select results_eq($$select * from graphile_worker.release_stale_locks()$$, $$values (0, 0)$$, 'nothing more to release');

select * from finish();
rollback;
