-- reschedule_jobs on a selection: a permanently failed job, two regular
-- ones, a running one, one locked more than 4 hours ago, one not asked for.
begin;
select plan(15);

select (test_fx.job('permanently_failed', task := 't', max_attempts := 1)).id as failed \gset
select (graphile_worker.add_job('t', run_at := '2030-01-01', priority := 3)).id as regular1 \gset
select (graphile_worker.add_job('t', run_at := '2031-01-01', priority := 4)).id as regular2 \gset
select (graphile_worker.add_job('t', queue_name := 'q', run_at := now() - interval '1 hour')).id as running \gset
select count(*) as n from graphile_worker.get_jobs('w1', array['t'], 1) \gset
select (test_fx.job('locked_v1', task := 't', worker := 'lost', locked_ago := '5 hours')).id as stale \gset
select (graphile_worker.add_job('t', run_at := '2032-01-01')).id as untouched \gset

-- Every field at once, as in the documentation.
select set_eq(
  format($$select id, run_at, priority, attempts, max_attempts from graphile_worker.reschedule_jobs(
      array[%s, %s, %s, %s, %s],
      run_at := now() + interval '5 minutes',
      priority := 5,
      attempts := 5,
      max_attempts := 25
    )$$, :failed, :regular1, :regular2, :running, :stale),
  format($$values (%s::bigint, now() + interval '5 minutes', 5::smallint, 5::smallint, 25::smallint), (%s, now() + interval '5 minutes', 5, 5, 25),
                  (%s, now() + interval '5 minutes', 5, 5, 25), (%s, now() + interval '5 minutes', 5, 5, 25)$$,
    :failed, :regular1, :regular2, :stale),
  'returns the updated jobs, not the running one'
);
select is((select locked_at from graphile_worker._private_jobs where id = :stale), null, 'a stale lock is cleared');
select results_eq(format('select run_at = now() - interval ''1 hour'', priority, attempts, locked_by from graphile_worker._private_jobs where id = %s', :running),
  $$values (true, 0::smallint, 1::smallint, 'w1'::text)$$, 'the running job is left alone');
select is((select run_at from graphile_worker._private_jobs where id = :untouched), '2032-01-01'::timestamptz, 'a job not asked for is left alone');

-- Null leaves a field unchanged: a priority change never makes a future job run early.
select results_eq(
  format('select run_at, priority, attempts, max_attempts from graphile_worker.reschedule_jobs(array[%s], priority := 1)', :untouched),
  $$values ('2032-01-01'::timestamptz, 1::smallint, 0::smallint, 25::smallint)$$,
  'only the given field changes; run_at stays in the future'
);
select is((select run_at from graphile_worker.reschedule_jobs(array[:untouched::bigint], run_at := now())), now(), 'run now is explicit: run_at := now()');

-- Zero is a value.
select results_eq(
  format('select priority, attempts from graphile_worker.reschedule_jobs(array[%s], priority := 0, attempts := 0)', :regular1),
  $$values (0::smallint, 0::smallint)$$,
  'priority 0 and attempts 0 are set'
);

-- A permanently failed job comes back to life.
select is((select count(*)::int from graphile_worker.reschedule_jobs(array[:failed::bigint], attempts := 0, run_at := now())), 1, 'a permanently failed job can be rescheduled');
select is((select count(*)::int from graphile_worker.get_jobs('w2', array['t'], 10) where id = :failed), 1, 'and runs again');

select throws_ok($$select graphile_worker.reschedule_jobs(null)$$, '22004', 'reschedule_jobs: job_ids must not be null', 'null ids');
select throws_ok($$select graphile_worker.reschedule_jobs(array[1::bigint], priority := 40000)$$, '22003', 'reschedule_jobs: priority must be between -32768 and 32767 (got 40000)', 'priority out of range');
select throws_ok($$select graphile_worker.reschedule_jobs(array[1::bigint], attempts := -1)$$, '22023', 'reschedule_jobs: attempts must be between 0 and 32767 (got -1)', 'negative attempts');
select throws_ok($$select graphile_worker.reschedule_jobs(array[1::bigint], attempts := 40000)$$, '22003', 'reschedule_jobs: attempts must be between 0 and 32767 (got 40000)', 'attempts out of range');
select throws_ok($$select graphile_worker.reschedule_jobs(array[1::bigint], max_attempts := 0)$$, '22023', 'reschedule_jobs: max_attempts must be between 1 and 32767 (got 0)', 'max_attempts 0');
select is_empty($$select * from graphile_worker.reschedule_jobs('{}', priority := 1)$$, 'no ids: nothing');

select * from finish();
rollback;
