-- worker_fail_jobs_v2: backoff, error, unlock and queue release under the
-- claim; failed_items cut from the stored payload as exact JSON text.
begin;
select plan(24);

create function pg_temp.fail(id bigint, message text default 'boom', items json default null, claim uuid default '00000000-0000-4000-8000-000000000001')
returns table (id bigint, attempts smallint, max_attempts smallint, run_at timestamptz) language sql as $$
  select * from graphile_worker.worker_fail_jobs_v2('w1', array[id], array[claim], array[message],
    case when items is null then null else json_build_array(items) end)
$$;
create function pg_temp.locked(payload json, queue_name text default null, attempts_before integer default 0, run_at timestamptz default null)
returns bigint language plpgsql as $$
declare v_id bigint;
begin
  v_id := (test_fx.job('locked', payload := payload, queue_name := queue_name, run_at := run_at, max_attempts := 30,
    worker := 'w1', claim := '00000000-0000-4000-8000-000000000001')).id;
  update graphile_worker._private_jobs set attempts = attempts + attempts_before where id = v_id;
  return v_id;
end $$;

-- Backoff: run_at = greatest(now, run_at) + exp(least(attempts, 10)) seconds.
select is((select run_at - now() from pg_temp.fail(pg_temp.locked('{}'))), exp(1) * interval '1 second', 'after attempt 1: e^1 seconds');
select is((select run_at - now() from pg_temp.fail(pg_temp.locked('{}', attempts_before := 16))), exp(10) * interval '1 second', 'after attempt 17: e^10 seconds');
select is((select run_at - now() from pg_temp.fail(pg_temp.locked('{}', run_at := now() + interval '1 hour'))),
  interval '1 hour' + exp(1) * interval '1 second', 'a job due later backs off from its run_at');
delete from graphile_worker._private_jobs;

-- The state recorded, and what it returns.
select pg_temp.locked('{"x": 1}', queue_name := 'q') as j \gset
select results_eq(format('select id, attempts, max_attempts, run_at = now() + exp(1) * interval %L from pg_temp.fail(%s, %L)', '1 second', :j, 'it broke'),
  format('values (%s::bigint, 1::smallint, 30::smallint, true)', :j), 'returns id, attempts, max_attempts, run_at');
select results_eq(format('select last_error, locked_at, locked_by, claim, payload::text from graphile_worker._private_jobs where id = %s', :j),
  $$values ('it broke'::text, null::timestamptz, null::text, null::uuid, '{"x": 1}'::text)$$,
  'error recorded, unlocked, claim gone, payload kept');
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'its queue is released');
delete from graphile_worker._private_jobs;

-- A null message still records a failure.
select pg_temp.locked('{}') as j \gset
select count(*) as n from pg_temp.fail(:j, null) \gset
select is((select last_error from graphile_worker._private_jobs where id = :j), 'unknown error', 'a null message is recorded as unknown error');
delete from graphile_worker._private_jobs;

-- failed_items: the positions of a batch job's items that failed; only they
-- are retried, each as the exact JSON text that was stored (numbers beyond
-- double precision, exponents beyond its range, deep nesting, spacing).
select pg_temp.locked(('[12345678901234567891, 1e400, {"keep":  "spacing"}, ' || repeat('[', 5000) || repeat(']', 5000) || ', "last"]')::json) as batch \gset
select is((select count(*)::int from pg_temp.fail(:batch, items := '[0, 1, 3]')), 1, 'the batch job is failed');
select results_eq(
  format('select item::text from graphile_worker._private_jobs, json_array_elements(payload) as item where id = %s', :batch),
  format($$values ('12345678901234567891'), ('1e400'), (%L)$$, repeat('[', 5000) || repeat(']', 5000)),
  'the failed items are kept, each as its exact text'
);
delete from graphile_worker._private_jobs;
select pg_temp.locked('[1, {"a":  2}, 3]') as batch \gset
select is((select count(*)::int from pg_temp.fail(:batch, items := '[1]')), 1, 'one failed item');
select is((select payload::text from graphile_worker._private_jobs where id = :batch), '[{"a":  2}]', 'only it is kept, spacing and all');
delete from graphile_worker._private_jobs;
select pg_temp.locked('[1, 2, 3]') as batch \gset
select is((select count(*)::int from pg_temp.fail(:batch, items := '[2, 0, 2, 7]')), 1, 'positions in any order, repeated or past the end');
select is((select payload::text from graphile_worker._private_jobs where id = :batch), '[1, 3]', 'keep the items in their order, once; positions past the end are ignored');
delete from graphile_worker._private_jobs;

-- Several jobs at once: one entry per job, null keeping the whole payload.
select pg_temp.locked('[1, 2]') as a \gset
select pg_temp.locked('[3, 4]') as b \gset
select pg_temp.locked('{"not": "a batch"}') as c \gset
select is((select count(*)::int from graphile_worker.worker_fail_jobs_v2('w1', array[:a, :b, :c]::bigint[],
  array_fill('00000000-0000-4000-8000-000000000001'::uuid, array[3]), array['x', 'y', 'z'], '[[0], null, [0]]')), 3, 'three jobs failed in one call');
select results_eq(format('select payload::text, last_error from graphile_worker._private_jobs where id in (%s, %s, %s) order by id', :a, :b, :c),
  $$values ('[1]'::text, 'x'::text), ('[3, 4]', 'y'), ('{"not": "a batch"}', 'z')$$,
  'each job gets its own message; null keeps the batch whole; a payload that is not an array is kept');
delete from graphile_worker._private_jobs;

-- Only the claims this worker holds.
select pg_temp.locked('[1, 2]') as j \gset
select is_empty(format('select * from pg_temp.fail(%s, items := %L, claim := gen_random_uuid())', :j, '[0]'), 'a failure under another claim changes nothing');
select results_eq(format('select locked_by, payload::text, last_error from graphile_worker._private_jobs where id = %s', :j),
  $$values ('w1'::text, '[1, 2]'::text, null::text)$$, 'the job stays locked, its payload whole');

-- Bad input.
select throws_ok($$select graphile_worker.worker_fail_jobs_v2('w1', array[1, 2]::bigint[], array[gen_random_uuid(), gen_random_uuid()], array['one'])$$, '22023',
  'worker_fail_jobs_v2: error_messages must have one message per job id (got 1 for 2 ids)', 'one message per id');
select throws_ok($$select graphile_worker.worker_fail_jobs_v2('w1', array[1]::bigint[], array[gen_random_uuid()], array['x'], '{"0": [1]}')$$, '22023',
  'worker_fail_jobs_v2: failed_items must be a JSON array with one entry (null or a list of item positions) per job id', 'failed_items not an array');
select throws_ok($$select graphile_worker.worker_fail_jobs_v2('w1', array[1]::bigint[], array[gen_random_uuid()], array['x'], '[null, null]')$$, '22023',
  'worker_fail_jobs_v2: failed_items must be a JSON array with one entry (null or a list of item positions) per job id', 'an entry too many');
select throws_ok($$select graphile_worker.worker_fail_jobs_v2('w1', array[1]::bigint[], array[gen_random_uuid()], array['x'], '[3]')$$, '22023',
  'worker_fail_jobs_v2: failed_items entry 1 must be null or an array of item positions, integers from 0 (got 3)', 'an entry that is not a list');
select throws_ok($$select graphile_worker.worker_fail_jobs_v2('w1', array[1]::bigint[], array[gen_random_uuid()], array['x'], '[[0, -1]]')$$, '22023',
  'worker_fail_jobs_v2: failed_items entry 1 must be null or an array of item positions, integers from 0 (got [0, -1])', 'a negative position');
select throws_ok($$select graphile_worker.worker_fail_jobs_v2('w1', array[1]::bigint[], array[gen_random_uuid()], array['x'], '[[1.0, "2"]]')$$, '22023',
  'worker_fail_jobs_v2: failed_items entry 1 must be null or an array of item positions, integers from 0 (got [1.0, "2"])', 'positions that are not integers');
select throws_ok($$select graphile_worker.worker_fail_jobs_v2('w1', array[1]::bigint[], null, array['x'])$$, '22004',
  'worker_fail_jobs_v2: claims must not be null (one claim per job id)', 'null claims');

select * from finish();
rollback;
