-- complete_jobs on a selection: a permanently failed job, two regular ones,
-- a running one, one locked more than 4 hours ago, and one not asked for.
begin;
select plan(7);

select (test_fx.job('permanently_failed', task := 't', payload := '{"n": "failed"}', max_attempts := 1)).id as failed \gset
select (graphile_worker.add_job('t', '{"n": "regular-1"}')).id as regular1 \gset
select (graphile_worker.add_job('t', '{"n": "regular-2"}', run_at := now() + interval '1 day')).id as regular2 \gset
select (graphile_worker.add_job('t', '{"n": "running"}', queue_name := 'q', run_at := now() - interval '1 hour')).id as running \gset
select count(*) as n from graphile_worker.get_jobs('w1', array['t'], 1) \gset
select (test_fx.job('locked_v1', task := 't', payload := '{"n": "stale"}', worker := 'lost', locked_ago := '5 hours')).id as stale \gset
select (graphile_worker.add_job('t', '{"n": "untouched"}')).id as untouched \gset
select is((select locked_by from graphile_worker._private_jobs where id = :running), 'w1', 'fixture: the queued job is running');

select set_eq(
  format('select id, payload->>%L from graphile_worker.complete_jobs(array[%s, %s, %s, %s, %s])', 'n', :failed, :regular1, :regular2, :running, :stale),
  format('values (%s::bigint, %L), (%s, %L), (%s, %L), (%s, %L)', :failed, 'failed', :regular1, 'regular-1', :regular2, 'regular-2', :stale, 'stale'),
  'returns the completed jobs, with payloads: failed, regular, stale-locked; not the running one'
);
select is((select count(*)::int from graphile_worker._private_jobs where id in (:failed, :regular1, :regular2, :stale)), 0, 'completing deletes them');
select is((select locked_by from graphile_worker._private_jobs where id = :running), 'w1', 'the running job is left alone');
select is((select count(*)::int from graphile_worker._private_jobs where id = :untouched and locked_at is null), 1, 'a job not asked for is left alone');
select is_empty(format('select * from graphile_worker.complete_jobs(array[%s, 999999999])', :failed), 'unknown or already completed ids return nothing');
select throws_ok($$select graphile_worker.complete_jobs(null)$$, '22004', 'complete_jobs: job_ids must not be null', 'null ids');

select * from finish();
rollback;
