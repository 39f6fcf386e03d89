-- release_stale_locks: locks older than 4 hours are released.
begin;
select plan(6);

select graphile_worker.add_job('a', queue_name := 'q', run_at := now() - interval '6 hours') as stale \gset
select graphile_worker.add_job('a', run_at := now() - interval '6 hours') as recent \gset
select count(*) as n from graphile_worker.get_jobs('lost', array['a'], 5) \gset
update graphile_worker._private_jobs set locked_at = now() - interval '5 hours' where id = (:'stale'::graphile_worker.job).id;
update graphile_worker._private_jobs set locked_at = now() - interval '3 hours' where id = (:'recent'::graphile_worker.job).id;
update graphile_worker._private_job_queues set locked_at = now() - interval '5 hours' where queue_name = 'q';

select results_eq($$select * from graphile_worker.release_stale_locks()$$, $$values (1, 1)$$, 'one job and one queue released');
select results_eq(
  format('select locked_at, locked_by, attempts, run_at from graphile_worker._private_jobs where id = %s', (:'stale'::graphile_worker.job).id),
  $$values (null::timestamptz, null::text, 1::smallint, now())$$,
  'the stale job is unlocked, its attempt counted, and runs now'
);
select matches((select last_error from graphile_worker._private_jobs where id = (:'stale'::graphile_worker.job).id), '^lock held by worker lost since .* expired after 04:00:00$', 'last_error says why');
select is((select locked_by from graphile_worker._private_jobs where id = (:'recent'::graphile_worker.job).id), 'lost', 'a 3-hour lock is kept');
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'the stale queue lock is released');
select results_eq($$select * from graphile_worker.release_stale_locks()$$, $$values (0, 0)$$, 'nothing more to release');

select * from finish();
rollback;
