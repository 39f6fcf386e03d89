-- remove_job: waiting jobs are deleted; running ones lose their key.
begin;
select plan(15);

select graphile_worker.add_job('t', job_key := 'waiting') as w \gset
select results_eq(
  $$select key, task_identifier from graphile_worker.remove_job('waiting')$$,
  $$values ('waiting'::text, 't'::text)$$,
  'a waiting job is returned'
);
select is((select count(*)::int from graphile_worker._private_jobs where id = (:'w'::graphile_worker.job).id), 0, 'and deleted');
select is_empty($$select * from graphile_worker.remove_job('waiting')$$, 'removing it again returns no row');
select is_empty($$select * from graphile_worker.remove_job('never-existed')$$, 'an unknown key returns no row');

-- Failed and permanently failed jobs are not running: deleted.
select (test_fx.job('permanently_failed', task := 't', job_key := 'failed', max_attempts := 1)).id as f \gset
select is((select count(*)::int from graphile_worker.remove_job('failed')), 1, 'a permanently failed job is removed');
select is((select count(*)::int from graphile_worker._private_jobs where id = :f), 0, 'and deleted');

-- A running job keeps running: it loses its key and will not be retried.
select (test_fx.job('locked_v1', task := 't', job_key := 'running', worker := 'w1')).id as r \gset
select results_eq(
  $$select key, attempts, max_attempts, locked_by from graphile_worker.remove_job('running')$$,
  $$values (null::text, 25::smallint, 25::smallint, 'w1'::text)$$,
  'a running job is returned without its key and with no attempts left'
);
select is((select locked_by from graphile_worker._private_jobs where id = :r), 'w1', 'it is still locked by its worker');
select is((select last_error from graphile_worker._private_jobs where id = :r),
  'will not run again: its job_key was given to a newer job, or removed, while it was running', 'its last_error says it will not run again');
select lives_ok($$select graphile_worker.add_job('t', job_key := 'running')$$, 'the key is free again');
select is((select count(*)::int from graphile_worker._private_jobs where key = 'running' and locked_at is null), 1, 'a new job holds it');

-- A lock older than 4 hours is stale: the job is deleted.
select (test_fx.job('locked_v1', task := 't', job_key := 'stale', worker := 'gone', locked_ago := '5 hours')).id as s \gset
select is((select count(*)::int from graphile_worker.remove_job('stale')), 1, 'a job with a stale lock is removed');
select is((select count(*)::int from graphile_worker._private_jobs where id = :s), 0, 'and deleted');

select throws_ok($$select graphile_worker.remove_job(null)$$, '22004', 'remove_job: job_key must not be null', 'null key');
select throws_ok($$select graphile_worker.remove_job('')$$, '22023', 'remove_job: job_key must not be empty', 'empty key');

select * from finish();
rollback;
