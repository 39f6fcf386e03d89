-- Fencing: every completion, failure and give-back answers the claim it was
-- fetched under. A run that outlived its claim (its worker was taken for
-- dead, or an administrator unlocked it) changes nothing when it answers,
-- and never releases the queue a newer claim holds.
begin;
select plan(21);

create function pg_temp.held(id bigint) returns text language sql as $$
  select format('%s/%s/%s', jobs.locked_by, jobs.claim, jobs.attempts) from graphile_worker._private_jobs as jobs where jobs.id = $1
$$;
create function pg_temp.queue(name text) returns text language sql as $$
  select coalesce(queues.locked_by, 'free') from graphile_worker._private_job_queues as queues where queues.queue_name = name
$$;

-- 1. force_unlock_workers: w1 fetched J (queue q) under claim 1; an
--    administrator unlocked w1; w1, still running, fetched J again under
--    claim 2 (same worker id). The first run's late answers change nothing.
select test_fx.worker('w1');
select (test_fx.job('waiting', queue_name := 'q', run_at := now() - interval '1 minute')).id as j \gset
select (test_fx.job('waiting', queue_name := 'q')).id as next \gset
select is((select id from graphile_worker.get_jobs_v2('w1', '00000000-0000-4000-8000-000000000001', array['a'])), :j::bigint, 'w1 fetches J under claim 1');
select graphile_worker.force_unlock_workers(array['w1']) \gset
select is((select id from graphile_worker.get_jobs_v2('w1', '00000000-0000-4000-8000-000000000002', array['a'])), :j::bigint, 'after force_unlock_workers, w1 fetches J again under claim 2');
select pg_temp.held(:j) as held_by_claim_2 \gset

select is_empty(format($$select graphile_worker.worker_complete_jobs_v2('w1', array[%s], array['00000000-0000-4000-8000-000000000001'::uuid])$$, :j),
  'the first run''s completion is not applied');
select is_empty(format($$select * from graphile_worker.worker_fail_jobs_v2('w1', array[%s], array['00000000-0000-4000-8000-000000000001'::uuid], array['late'])$$, :j),
  'nor its failure');
select is_empty(format($$select graphile_worker.worker_return_jobs_v2('w1', array[%s], array['00000000-0000-4000-8000-000000000001'::uuid])$$, :j),
  'nor its give-back');
select is_empty($$select graphile_worker.worker_return_claim('w1', '00000000-0000-4000-8000-000000000001')$$, 'nor a give-back of its whole claim');
set local client_min_messages = error;
select is_empty(format($$select * from graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], completed_job_ids := array[%s::bigint], completed_claims := array['00000000-0000-4000-8000-000000000001'::uuid])$$, :j),
  'nor its completion riding along a fetch (which finds the queue still running)');
reset client_min_messages;
select is_empty(format('select graphile_worker.worker_complete_jobs(%L, array[%s])', 'w1', :j), 'nor an answer through the 0.1 protocol');
select is(pg_temp.held(:j), :'held_by_claim_2', 'J is still held under claim 2, its attempt count unchanged, no error recorded');
select is(pg_temp.queue('q'), 'w1', 'its queue is still locked for claim 2');
select is((select locked_at from graphile_worker._private_jobs where id = :next), null, 'the next job of the queue has not started');
select is((select count(*)::int from graphile_worker.worker_complete_jobs_v2('w1', array[:j::bigint], array['00000000-0000-4000-8000-000000000002'::uuid])), 1,
  'claim 2 completes J');
select is(pg_temp.queue('q'), 'free', 'and releases the queue');
delete from graphile_worker._private_jobs;

-- 2. A sweep: w2 stopped heartbeating while running K (queue r) under claim
--    3, was swept, registered again and fetched K under claim 4. The first
--    run's late answers change nothing.
select test_fx.worker('w2', silent_for := '10 minutes');
select (test_fx.job('locked', queue_name := 'r', worker := 'w2', claim := '00000000-0000-4000-8000-000000000003')).id as k \gset
select (test_fx.job('waiting', queue_name := 'r')).id as after \gset
select is((select dead_worker_ids from graphile_worker.sweep_stale_workers(recovery_delay := '0')), array['w2'], 'w2 is swept');
select graphile_worker.worker_register('w2', '30 seconds') \gset
select is((select id from graphile_worker.get_jobs_v2('w2', '00000000-0000-4000-8000-000000000004', array['a'])), :k::bigint, 'w2 fetches K again under claim 4');
select pg_temp.held(:k) as held_by_claim_4 \gset
select is_empty(format($$select * from graphile_worker.worker_fail_jobs_v2('w2', array[%s], array['00000000-0000-4000-8000-000000000003'::uuid], array['late'], '[[0]]')$$, :k),
  'the swept run''s failure is not applied');
select is_empty(format($$select graphile_worker.worker_complete_jobs_v2('w2', array[%s], array['00000000-0000-4000-8000-000000000003'::uuid])$$, :k),
  'nor its completion');
select is(pg_temp.held(:k), :'held_by_claim_4', 'K is still held under claim 4');
select is(pg_temp.queue('r'), 'w2', 'queue r stays locked for claim 4');
select is_empty($$select * from graphile_worker.get_jobs_v2('w2', gen_random_uuid(), array['a'], 10)$$, 'so the next job of the queue cannot start beside it');

-- 3. The right claim under another worker id is no answer either.
select is_empty(format($$select graphile_worker.worker_complete_jobs_v2('w1', array[%s], array['00000000-0000-4000-8000-000000000004'::uuid])$$, :k),
  'a claim is only good with the worker id it was fetched under');

select * from finish();
rollback;
