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
select graphile_worker.add_job('t', job_key := 'failed', max_attempts := 1) as f \gset
update graphile_worker._private_jobs set attempts = 1, last_error = 'boom' where key = 'failed';
select is((select count(*)::int from graphile_worker.remove_job('failed')), 1, 'a permanently failed job is removed');
select is((select count(*)::int from graphile_worker._private_jobs where id = (:'f'::graphile_worker.job).id), 0, 'and deleted');

-- A running job keeps running: it loses its key and will not be retried.
select graphile_worker.add_job('t', job_key := 'running') as r \gset
update graphile_worker._private_jobs set attempts = 1, locked_at = now(), locked_by = 'w1' where key = 'running';
select results_eq(
  $$select key, attempts, max_attempts, locked_by from graphile_worker.remove_job('running')$$,
  $$values (null::text, 25::smallint, 25::smallint, 'w1'::text)$$,
  'a running job is returned without its key and with no attempts left'
);
select is((select locked_by from graphile_worker._private_jobs where id = (:'r'::graphile_worker.job).id), 'w1', 'it is still locked by its worker');
select is((select last_error from graphile_worker._private_jobs where id = (:'r'::graphile_worker.job).id),
  'will not run again: its job_key was given to a newer job, or removed, while it was running', 'its last_error says it will not run again');
select lives_ok($$select graphile_worker.add_job('t', job_key := 'running')$$, 'the key is free again');
select is((select count(*)::int from graphile_worker._private_jobs where key = 'running' and locked_at is null), 1, 'a new job holds it');

-- A lock older than 4 hours is stale: the job is deleted.
select graphile_worker.add_job('t', job_key := 'stale') as s \gset
update graphile_worker._private_jobs set locked_at = now() - interval '5 hours', locked_by = 'gone' where key = 'stale';
select is((select count(*)::int from graphile_worker.remove_job('stale')), 1, 'a job with a stale lock is removed');
select is((select count(*)::int from graphile_worker._private_jobs where id = (:'s'::graphile_worker.job).id), 0, 'and deleted');

select throws_ok($$select graphile_worker.remove_job(null)$$, '22004', 'remove_job: job_key must not be null', 'null key');
select throws_ok($$select graphile_worker.remove_job('')$$, '22023', 'remove_job: job_key must not be empty', 'empty key');

select * from finish();
rollback;
