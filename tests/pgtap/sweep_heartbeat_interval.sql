-- sweep_stale_workers and the interval each worker promised: no caller can
-- take a worker for dead while its last heartbeat is younger than twice the
-- interval it registered, whatever threshold it passes, and no other call
-- (a heartbeat, a deregistration, a registration under its id) can make it
-- look dead sooner.
begin;
select plan(19);

create function pg_temp.sweep(threshold interval default '1 microsecond') returns text[] language sql as $$
  select dead_worker_ids from graphile_worker.sweep_stale_workers(threshold, '0')
$$;

-- A worker with a 5-minute interval, silent for 6 minutes, holding a job.
select test_fx.worker('slow', silent_for := '6 minutes', heartbeat_interval := '5 minutes');
select (test_fx.job('locked', worker := 'slow')).id as slow_job \gset
select is(pg_temp.sweep(), '{}', 'silent for less than twice its interval: not dead, even at a threshold of 1 microsecond');
select is((select locked_by from graphile_worker._private_jobs where id = :slow_job), 'slow', 'its job stays');
select test_fx.time_passes('5 minutes');
select is(pg_temp.sweep('15 minutes'), '{}', 'past twice its interval but within the threshold: not dead');
select is(pg_temp.sweep('10 minutes'), array['slow'], 'past both: dead');
select is((select locked_by from graphile_worker._private_jobs where id = :slow_job), null, 'its job is recovered');

-- A 0.1 worker (30 seconds) silent for 50 seconds is alive; for 70, dead.
select graphile_worker.worker_heartbeat('old') \gset
select test_fx.time_passes('50 seconds');
select is(pg_temp.sweep(), '{}', 'a 0.1 worker silent for 50 s is alive');
select test_fx.time_passes('20 seconds');
select is(pg_temp.sweep(), array['old'], 'silent for 70 s it is dead');

-- Impersonation: another caller heartbeats under a live worker's id with a
-- tiny interval, then sweeps. The interval it registered stands.
select test_fx.worker('victim', heartbeat_interval := '1 minute');
select (test_fx.job('locked', queue_name := 'vq', worker := 'victim')).id as victim_job \gset
select test_fx.time_passes('10 seconds');
select graphile_worker.worker_heartbeat_v2('victim', '1 microsecond') \gset
select test_fx.time_passes('1 second');
select is(pg_temp.sweep(), '{}', 'a heartbeat promising a shorter interval does not make a live worker sweepable');

-- ...deregisters it, then sweeps: a deregistered worker keeps its promise
-- until it is stale.
select graphile_worker.worker_deregister('victim') \gset
select test_fx.time_passes('1 second');
select is(pg_temp.sweep(), '{}', 'deregistering a live worker does not make it sweepable');
select results_eq(format('select locked_by from graphile_worker._private_jobs where id = %s union all select locked_by from graphile_worker._private_job_queues where queue_name = %L', :victim_job, 'vq'),
  $$values ('victim'::text), ('victim')$$, 'its job and queue stay locked');

-- ...registers its id anew with a tiny interval: refused while it holds jobs.
select throws_ok($$select graphile_worker.worker_register('victim', '1 microsecond')$$, '55006', null, 'registering a live worker''s id is refused');
select is(pg_temp.sweep(), '{}', 'and the sweep still finds it alive');
select is((select locked_by from graphile_worker._private_jobs where id = :victim_job), 'victim', 'its job is still its own');

-- A worker that stopped cleanly (deregistered, holding nothing) disappears
-- once stale without being reported dead; one that stopped holding jobs is
-- dead once stale, like any other.
select graphile_worker.worker_register('clean', '10 seconds') \gset
select graphile_worker.worker_deregister('clean') \gset
select test_fx.time_passes('1 hour');
select results_eq($$select dead_worker_ids, jobs_recovered from graphile_worker.sweep_stale_workers('5 minutes', '0')$$,
  $$values (array['victim'], 1)$$, 'once stale, the stopped worker that held a job is dead, the clean one is not reported');
select is((select count(*)::int from graphile_worker._private_workers where worker_id in ('clean', 'victim')), 0, 'both rows are gone');

-- A dry run reports what a sweep would do, and a deregistered clean worker
-- is not in it either.
select graphile_worker.worker_register('clean2', '10 seconds') \gset
select graphile_worker.worker_deregister('clean2') \gset
select test_fx.time_passes('1 hour');
select results_eq($$select dead_worker_ids, jobs_recovered from graphile_worker.sweep_stale_workers('5 minutes', '0', dry_run := true)$$,
  $$values ('{}'::text[], 0)$$, 'a dry run does not report a clean stop');
select is((select count(*)::int from graphile_worker._private_workers where worker_id = 'clean2'), 1, 'and removes nothing');

-- list_active_workers lists running workers only.
select graphile_worker.worker_register('running', '10 seconds') \gset
select is((select array_agg(worker_id) from graphile_worker.list_active_workers()), array['running'], 'a deregistered worker is not listed');
select is((select count(*)::int from graphile_worker._private_workers), 2, 'fixture: its row is still there');

select * from finish();
rollback;
