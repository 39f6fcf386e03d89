-- permanently_fail_jobs on a selection: a permanently failed job, two regular
-- ones, a running one, one locked more than 4 hours ago, one not asked for.
begin;
select plan(9);

select (test_fx.job('permanently_failed', task := 't', payload := '{"n": "failed"}', max_attempts := 1)).id as failed \gset
select (graphile_worker.add_job('t', max_attempts := 7)).id as regular1 \gset
select (graphile_worker.add_job('t')).id as regular2 \gset
select (graphile_worker.add_job('t', queue_name := 'q', run_at := now() - interval '1 hour')).id as running \gset
select count(*) as n from graphile_worker.get_jobs('w1', array['t'], 1) \gset
select (test_fx.job('locked_v1', task := 't', worker := 'lost', locked_ago := '5 hours')).id as stale \gset
select (graphile_worker.add_job('t')).id as untouched \gset

select set_eq(
  format('select id, attempts, max_attempts, last_error from graphile_worker.permanently_fail_jobs(array[%s, %s, %s, %s, %s], %L)', :failed, :regular1, :regular2, :running, :stale, 'Enter reason here'),
  format('values (%s::bigint, 1::smallint, 1::smallint, %L::text), (%s, 7, 7, %L), (%s, 25, 25, %L), (%s, 25, 25, %L)',
    :failed, 'Enter reason here', :regular1, 'Enter reason here', :regular2, 'Enter reason here', :stale, 'Enter reason here'),
  'returns the updated jobs: attempts = max_attempts, last_error = the reason'
);
select is((select locked_at from graphile_worker._private_jobs where id = :stale), null, 'a stale lock is cleared');
select results_eq(format('select attempts, last_error, locked_by from graphile_worker._private_jobs where id = %s', :running),
  $$values (1::smallint, null::text, 'w1'::text)$$, 'the running job is left alone');
select results_eq(format('select attempts, last_error from graphile_worker._private_jobs where id = %s', :untouched),
  $$values (0::smallint, null::text)$$, 'a job not asked for is left alone');
select is(
  (select last_error from graphile_worker.permanently_fail_jobs(array[:untouched::bigint])),
  'Manually marked as failed',
  'the default reason'
);
select is((select count(*)::int from graphile_worker.permanently_fail_jobs(array[:untouched::bigint], 'again')), 1, 'an already failed job can be failed again with a new reason');
select is_empty($$select * from graphile_worker.permanently_fail_jobs('{}')$$, 'no ids: nothing');
select is_empty(format('select * from graphile_worker.get_jobs(%L, array[%L], 10) where id in (%s, %s)', 'w2', 't', :regular1, :regular2), 'permanently failed jobs are not fetched');
select throws_ok($$select graphile_worker.permanently_fail_jobs(null)$$, '22004', 'permanently_fail_jobs: job_ids must not be null', 'null ids');

select * from finish();
rollback;
