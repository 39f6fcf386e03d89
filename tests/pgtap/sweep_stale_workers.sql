-- sweep_stale_workers: recovery of dead workers' jobs and queues.
-- (One sweep at a time is tested with real concurrent sessions in vitest.)
begin;
select plan(21);

-- A dead registered worker (heartbeat 10 minutes old) running a queued job,
-- a live one running a job, an unregistered holder with a 10-minute-old lock,
-- and an unregistered holder with a fresh lock.
select test_fx.worker('dead', silent_for := '10 minutes');
select test_fx.worker('alive');
select graphile_worker.add_job('a', '{"who": "dead"}', queue_name := 'q', max_attempts := 3) as dead_job \gset
select count(*) as n from graphile_worker.get_jobs('dead', array['a']) \gset
select graphile_worker.add_job('a', '{"who": "alive"}') as alive_job \gset
select count(*) as n from graphile_worker.get_jobs('alive', array['a']) \gset
select graphile_worker.add_job('a', '{"who": "ghost"}') as ghost_job \gset
select count(*) as n from graphile_worker.get_jobs('ghost', array['a']) \gset
update graphile_worker._private_jobs set locked_at = now() - interval '10 minutes' where locked_by = 'ghost';
select graphile_worker.add_job('a', '{"who": "newcomer"}') as new_job \gset
select count(*) as n from graphile_worker.get_jobs('newcomer', array['a']) \gset

-- Dry run: says what it would do, changes nothing.
select results_eq(
  $$select dead_worker_ids, jobs_recovered, queues_unlocked, another_sweep_running from graphile_worker.sweep_stale_workers(dry_run := true)$$,
  $$values (array['dead', 'ghost'], 2, 1, false)$$,
  'a dry run reports the dead workers and what it would recover'
);
select is((select count(*)::int from graphile_worker._private_jobs where locked_at is not null), 4, 'a dry run unlocks nothing');
select is((select count(*)::int from graphile_worker._private_workers), 2, 'a dry run removes no worker');
select is((select last_swept_at from graphile_worker._private_sweeps), null, 'a dry run is not recorded as a sweep');

-- The sweep.
select results_eq(
  $$select dead_worker_ids, jobs_recovered, queues_unlocked, another_sweep_running from graphile_worker.sweep_stale_workers(recovery_delay := '1 minute')$$,
  $$values (array['dead', 'ghost'], 2, 1, false)$$,
  'the sweep returns the dead workers and what it recovered'
);
select results_eq(
  format('select locked_at, locked_by, attempts, run_at from graphile_worker._private_jobs where id = %s', (:'dead_job'::graphile_worker.job).id),
  $$values (null::timestamptz, null::text, 1::smallint, now() + interval '1 minute')$$,
  'the dead worker''s job is unlocked, its attempt counted, and runs after the recovery delay'
);
select matches(
  (select last_error from graphile_worker._private_jobs where id = (:'dead_job'::graphile_worker.job).id),
  '^recovered by sweep_stale_workers: worker dead stopped while running this job',
  'last_error says the job was recovered after its worker stopped'
);
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'the dead worker''s queue is unlocked');
select is((select locked_by from graphile_worker._private_jobs where id = (:'ghost_job'::graphile_worker.job).id), null, 'the unregistered holder''s old lock is recovered');
select is((select locked_by from graphile_worker._private_jobs where id = (:'alive_job'::graphile_worker.job).id), 'alive', 'a live worker''s job is left alone');
select is((select locked_by from graphile_worker._private_jobs where id = (:'new_job'::graphile_worker.job).id), 'newcomer', 'a fresh lock of an unregistered holder is left alone');
select is((select array_agg(worker_id) from graphile_worker._private_workers), array['alive'], 'the dead worker is deregistered');
select results_eq(
  $$select last_swept_at, last_result from graphile_worker._private_sweeps$$,
  $$values (now(), '{"dead_worker_ids": ["dead", "ghost"], "jobs_recovered": 2, "queues_unlocked": 1}'::jsonb)$$,
  'the sweep is recorded'
);
select results_eq(
  $$select dead_worker_ids, jobs_recovered, queues_unlocked from graphile_worker.sweep_stale_workers()$$,
  $$values ('{}'::text[], 0, 0)$$,
  'a second sweep finds nothing'
);

-- The recovered job is fetched after the delay; the interrupted attempt counts,
-- so a job that kills its worker every time ends permanently failed.
select is_empty($$select * from graphile_worker.get_jobs('w', array['a'], 5)$$, 'not before the recovery delay');
create function pg_temp.crash(worker text) returns void language plpgsql as $$
begin
  perform graphile_worker.worker_heartbeat(worker);
  perform test_fx.time_passes('1 day');
  perform graphile_worker.get_jobs(worker, array['a'], 10);
  perform graphile_worker.sweep_stale_workers(recovery_delay := '0');
end $$;
select pg_temp.crash('crash-2') \gset
select is((select attempts from graphile_worker._private_jobs where id = (:'dead_job'::graphile_worker.job).id), 2::smallint, 'the second crash counts a second attempt');
select pg_temp.crash('crash-3') \gset
select results_eq(
  format('select attempts, max_attempts, locked_at from graphile_worker._private_jobs where id = %s', (:'dead_job'::graphile_worker.job).id),
  $$values (3::smallint, 3::smallint, null::timestamptz)$$,
  'after max_attempts crashes the job is permanently failed'
);
select test_fx.time_passes('1 year');
select is_empty($$select * from graphile_worker.get_jobs('w', array['a'], 5) where payload->>'who' = 'dead'$$, 'and is not fetched again');

select throws_ok($$select * from graphile_worker.sweep_stale_workers('0 seconds')$$, '22023', 'sweep_stale_workers: sweep_threshold must be a positive interval of at most 100 years (got 00:00:00)', 'a zero threshold');
select throws_ok($$select * from graphile_worker.sweep_stale_workers(null)$$, '22023', 'sweep_stale_workers: sweep_threshold must be a positive interval of at most 100 years (got null)', 'a null threshold');
select throws_ok($$select * from graphile_worker.sweep_stale_workers(recovery_delay := '-1 second')$$, '22023', 'sweep_stale_workers: recovery_delay must be an interval from 0 to 100 years (got -00:00:01)', 'a negative delay');

select * from finish();
rollback;
