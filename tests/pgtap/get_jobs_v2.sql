-- get_jobs_v2: the fetch under a claim token, completions riding along, the
-- registration it requires, the clock it trusts, the order of jobs outside
-- named queues, and its bad input. (Named queues go through _claim_jobs,
-- tested through get_jobs in get_jobs.sql; races with writers are tested
-- with real connections in tests/ts/serial-queues.test.ts, and how much of
-- the fetch index a fetch reads in tests/ts/fetch-scale.test.ts.)
begin;
select plan(45);

select test_fx.worker('w1');
select test_fx.worker('w2');
create function pg_temp.fetch(claim uuid, batch integer default 10, worker text default 'w1', at timestamptz default null)
returns setof record language sql as $$
  select id, queue_name, payload, attempts, locked_at from graphile_worker.get_jobs_v2(worker, claim, array['a'], batch, null, at)
$$;

-- The row it returns: the job as the worker needs it, locked under the claim.
select test_fx.job('waiting', payload := '{"n": 1}', queue_name := 'q', job_key := 'k', flags := array['f'], priority := -1) as j \gset
select results_eq(
  $$select id, queue_name, task_identifier, payload::text, priority, attempts, max_attempts, last_error, key, revision, flags, locked_at = now()
    from graphile_worker.get_jobs_v2('w1', '00000000-0000-4000-8000-000000000001', array['a'])$$,
  format($$values (%s::bigint, 'q'::text, 'a'::text, '{"n": 1}'::text, -1::smallint, 1::smallint, 25::smallint, null::text, 'k'::text, 0, '{"f": true}'::jsonb, true)$$,
    (:'j'::graphile_worker._private_jobs).id),
  'returns the job with its attempt counted and locked_at'
);
select results_eq(
  $$select locked_by, claim from graphile_worker._private_jobs$$,
  $$values ('w1'::text, '00000000-0000-4000-8000-000000000001'::uuid)$$,
  'the job is locked by the worker under the claim'
);
select results_eq($$select locked_by, locked_at = now() from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values ('w1'::text, true)$$, 'its queue is locked by the worker');
select is_empty($$select * from graphile_worker.get_jobs_v2('w2', gen_random_uuid(), array['a'])$$, 'a locked job is not fetched again');
select test_fx.unlock_all();
delete from graphile_worker._private_jobs;

-- One fetch, one claim, however many jobs; at most one job per named queue.
select test_fx.job(queue_name := 'serial', payload := json_build_object('n', i)) from generate_series(1, 3) i;
select test_fx.job(payload := json_build_object('n', i)) from generate_series(4, 5) i;
select is((select count(*)::int from pg_temp.fetch('00000000-0000-4000-8000-000000000002') as t(id bigint, q text, p json, a smallint, l timestamptz)), 3,
  'a batch takes the first job of the queue and every free job');
select results_eq(
  $$select count(*)::int, count(distinct claim)::int, min(claim::text) from graphile_worker._private_jobs where locked_at is not null$$,
  $$values (3, 1, '00000000-0000-4000-8000-000000000002')$$,
  'all under the one claim'
);
select test_fx.unlock_all();
delete from graphile_worker._private_jobs;

-- Completions ride along: finished jobs are completed (under their claims)
-- first, and a queue they free is fetched from in the same call.
select (test_fx.job(queue_name := 'ride', payload := '{"n": "first"}', run_at := now() - interval '1 minute')).id as first \gset
select (test_fx.job(queue_name := 'ride', payload := '{"n": "second"}')).id as second \gset
select is((select id from graphile_worker.get_jobs_v2('w1', '00000000-0000-4000-8000-0000000000a1', array['a'])), :first::bigint, 'the first job of the queue');
select is_empty($$select * from graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'])$$, 'the queue is running');
select is(
  (select id from graphile_worker.get_jobs_v2('w1', '00000000-0000-4000-8000-0000000000a2', array['a'],
    completed_job_ids := array[:first::bigint], completed_claims := array['00000000-0000-4000-8000-0000000000a1'::uuid])),
  :second::bigint,
  'completing the first in the same call frees the queue for the second'
);
select is((select count(*)::int from graphile_worker._private_jobs where id = :first), 0, 'the completed job is gone');
-- A completion under a claim no longer held changes nothing, and says so.
set local client_min_messages = error;
select lives_ok(
  format($$select graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], completed_job_ids := array[%s::bigint], completed_claims := array['00000000-0000-4000-8000-0000000000a1'::uuid])$$, :second),
  'a completion under a claim no longer held is not an error (a WARNING names it)'
);
reset client_min_messages;
select is((select locked_by from graphile_worker._private_jobs where id = :second), 'w1', 'a completion under a stale claim does not complete the job');
select results_eq($$select locked_by from graphile_worker._private_job_queues where queue_name = 'ride'$$, $$values ('w1'::text)$$,
  'nor release its queue');
select test_fx.unlock_all();
delete from graphile_worker._private_jobs;

-- The 0.1 protocol's jobs (no claim) and the claimed ones do not mix.
select (test_fx.job('locked_v1', worker := 'w1')).id as v1 \gset
select (test_fx.job('locked', worker := 'w1', claim := '00000000-0000-4000-8000-0000000000b1')).id as v2 \gset
select is_empty(format('select graphile_worker.worker_complete_jobs(%L, array[%s])', 'w1', :v2), 'a 0.1 completion does not complete a claimed job');
select is_empty(format('select graphile_worker.worker_complete_jobs_v2(%L, array[%s], array[gen_random_uuid()])', 'w1', :v1),
  'a claimed completion does not complete a job of the 0.1 protocol');
select is((select count(*)::int from graphile_worker._private_jobs where locked_by = 'w1'), 2, 'both stay locked');
delete from graphile_worker._private_jobs;

-- `now`: the database clock by default; a worker's clock may be behind or
-- up to rules().max_clock_skew_seconds ahead, never further (that would
-- hand out jobs that are not due).
select test_fx.job('waiting', run_at := now() + interval '30 seconds') as soon \gset
select test_fx.job('waiting', run_at := now() + interval '2 hours') as later \gset
select is_empty($$select * from graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'])$$, 'jobs not yet due are not fetched');
select is((select id from graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], now := now() + interval '59 seconds')),
  (:'soon'::graphile_worker._private_jobs).id, 'a clock less than a minute ahead is trusted');
select throws_like(
  $$select graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], now := now() + interval '3 hours')$$,
  'get_jobs_v2: now must not be ahead of the database clock by more than 00:01:00 (got %',
  'a clock hours ahead is refused'
);
select throws_like(
  $$select graphile_worker.get_jobs(gen_random_uuid()::text, array['a'], now := 'infinity')$$,
  'get_jobs: now must not be ahead of the database clock by more than 00:01:00 (got infinity%',
  'the 0.1 fetch refuses it too'
);
select is((select locked_at from graphile_worker._private_jobs where id = (:'later'::graphile_worker._private_jobs).id), null, 'the job that is not due stays unlocked');
select is_empty($$select * from graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], now := now() - interval '1 day')$$, 'a clock behind fetches less');
delete from graphile_worker._private_jobs;

-- Only registered workers fetch: a worker taken for dead learns it here too.
select test_fx.job('waiting') as j \gset
select throws_ok($$select graphile_worker.get_jobs_v2('nobody', gen_random_uuid(), array['a'])$$, '55000',
  $$get_jobs_v2: worker_id must be registered (got 'nobody'): call worker_register first; a worker taken for dead must register again$$,
  'an unregistered worker is refused');
select is((select locked_at from graphile_worker._private_jobs), null, 'and takes nothing');

-- Bad input.
select throws_ok($$select graphile_worker.get_jobs_v2('w1', null, array['a'])$$, '22004',
  'get_jobs_v2: claim must not be null (a fresh random uuid for each fetch)', 'null claim');
select throws_ok($$select graphile_worker.get_jobs_v2(null, gen_random_uuid(), array['a'])$$, '22004', 'get_jobs_v2: worker_id must not be null', 'null worker id');
select throws_ok($$select graphile_worker.get_jobs_v2('w1', gen_random_uuid(), null)$$, '22004', 'get_jobs_v2: task_identifiers must not be null', 'null task identifiers');
select throws_ok($$select graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], 10001)$$, '22023', 'get_jobs_v2: batch_size must be between 1 and 10000 (got 10001)', 'batch too large');
-- get_jobs_v2 writes its checks out and calls _check_fetch, which words the
-- error, only when one fails: each bad input is refused with that wording.
select throws_ok($$select graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], 0)$$, '22023', 'get_jobs_v2: batch_size must be between 1 and 10000 (got 0)', 'batch of 0');
select throws_ok($$select graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], null)$$, '22023', 'get_jobs_v2: batch_size must be between 1 and 10000 (got null)', 'null batch size');
select throws_ok($$select graphile_worker.get_jobs_v2('', gen_random_uuid(), array['a'])$$, '22023', 'get_jobs_v2: worker_id must not be empty', 'empty worker id');
select throws_ok(format('select graphile_worker.get_jobs_v2(%L, gen_random_uuid(), array[''a''])', repeat('w', 129)), '22001',
  'get_jobs_v2: worker_id must be at most 128 characters (got 129)', 'worker id too long');
select throws_ok($$select graphile_worker.get_jobs_v2(E'w\n1', gen_random_uuid(), array['a'])$$, '22023',
  format('get_jobs_v2: worker_id must not contain control characters (got %s)', quote_literal(E'w\n1')), 'control characters in the worker id');
select is((select locked_at from graphile_worker._private_jobs), null, 'bad input takes nothing');
select throws_ok($$select graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], completed_job_ids := array[1::bigint])$$, '22004',
  'get_jobs_v2: completed_claims must not be null (one claim per job id)', 'completions without claims');
select throws_ok($$select graphile_worker.get_jobs_v2('w1', gen_random_uuid(), array['a'], completed_job_ids := array[1, 2]::bigint[], completed_claims := array[gen_random_uuid()])$$, '22023',
  'get_jobs_v2: completed_claims must have one claim per job id (got 1 for 2 ids)', 'one claim per completion');

-- Outside named queues: priority first, then run_at, then id, across
-- priorities with jobs not due yet among them, skipping forbidden flags and
-- other tasks, as far as the batch goes; the completions path the same.
delete from graphile_worker._private_jobs;
select (test_fx.job('waiting', priority := 5)).id as a5 \gset
select (test_fx.job('future', priority := -2)).id as f_2 \gset
select (test_fx.job('waiting', priority := -2, run_at := now() - interval '1 minute')).id as a_2b \gset
select (test_fx.job('waiting', priority := -2, run_at := now() - interval '2 minutes')).id as a_2a \gset
select (test_fx.job('waiting', priority := 0, flags := array['x'])).id as x0 \gset
select (test_fx.job('waiting', task := 'b', priority := 0)).id as b0 \gset
select (test_fx.job('waiting', priority := 1)).id as a1 \gset
select (test_fx.job('future', priority := 3)).id as f3 \gset
create temp table first_claim as
  select id, priority from graphile_worker.get_jobs_v2('w1', '00000000-0000-0000-0000-000000000001', array['a'], 3, array['x']);
select results_eq($$select id from first_claim$$, format('values (%s::bigint), (%s), (%s)', :a_2a, :a_2b, :a1),
  'a batch of 3 takes the due jobs by priority and run_at, skipping a forbidden flag, another task and jobs not due yet');
select results_eq(
  $$select id from graphile_worker.get_jobs_v2('w1', '00000000-0000-0000-0000-000000000002', array['a'], 10,
      completed_job_ids := array(select id from first_claim order by id),
      completed_claims := array(select '00000000-0000-0000-0000-000000000001'::uuid from first_claim))$$,
  format('values (%s::bigint), (%s)', :x0, :a5),
  'with completions riding along, the next fetch takes the rest in the same order, and no more than are due');
select is((select count(*)::int from graphile_worker._private_jobs where id in (select id from first_claim)), 0, 'the completions went through');
select set_eq($$select id from graphile_worker._private_jobs where locked_at is null$$, format('values (%s::bigint), (%s), (%s)', :f_2, :b0, :f3),
  'what is left: the jobs not due yet and the other task''s');

-- Whether a named queue has a runnable job is read the same way: a due job
-- in a named queue behind jobs not due yet at a more urgent priority, and
-- one behind a paused queue's, are found, and go the named-queue way.
delete from graphile_worker._private_jobs;
select test_fx.unlock_all();
select (test_fx.job('future', queue_name := 'later', priority := -3)).id as ql \gset
select (test_fx.job('waiting', queue_name := 'held', priority := -1)).id as qh \gset
select graphile_worker.pause_queue('held');
select (test_fx.job('waiting', queue_name := 'due', priority := 2)).id as qd \gset
select (test_fx.job('waiting', priority := 4)).id as free4 \gset
select results_eq(
  $$select id, queue_name from graphile_worker.get_jobs_v2('w1', '00000000-0000-0000-0000-000000000003', array['a'], 10)$$,
  format($$values (%s::bigint, 'due'::text), (%s, null)$$, :qd, :free4),
  'a named queue''s due job behind jobs not due yet and a paused queue''s is claimed, its queue taken, in order');
select results_eq($$select locked_by from graphile_worker._private_job_queues where queue_name = 'due'$$, $$values ('w1'::text)$$,
  'its queue is locked by the worker');
select is_empty($$select * from graphile_worker.get_jobs_v2('w2', gen_random_uuid(), array['a'], 10)$$,
  'then nothing: a queue running, one paused, one not due');

-- A claim is never compiled: over a big table a generic plan's estimates
-- pass jit_above_cost, and compiling would cost more than the claim.
select ok((select 'jit=off' = any(proconfig) from pg_proc where oid = 'graphile_worker.get_jobs_v2'::regproc), 'get_jobs_v2 runs without JIT');
select ok((select 'jit=off' = any(proconfig) from pg_proc where oid = 'graphile_worker._claim_jobs'::regproc), '_claim_jobs runs without JIT');

select * from finish();
rollback;
