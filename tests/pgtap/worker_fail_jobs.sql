-- worker_fail_jobs: exponential backoff, error, unlock, replacement payload.
begin;
select plan(17);

-- A job fetched for its n-th attempt, then failed: how long until its retry.
create function pg_temp.failed_after(n integer) returns interval language plpgsql as $$
declare v_id bigint;
begin
  v_id := (graphile_worker.add_job('a', max_attempts := 30)).id;
  update graphile_worker._private_jobs set attempts = n - 1 where id = v_id;
  perform graphile_worker.get_jobs('w-backoff', array['a']);
  perform graphile_worker.worker_fail_jobs('w-backoff', array[v_id], array['boom']);
  return (select run_at - now() from graphile_worker._private_jobs where id = v_id);
end $$;

-- Backoff: run_at = greatest(now, run_at) + exp(least(attempts, 10)) seconds.
select is(pg_temp.failed_after(1), exp(1) * interval '1 second', 'after attempt 1: e^1 seconds');
delete from graphile_worker._private_jobs;
select is(pg_temp.failed_after(2), exp(2) * interval '1 second', 'after attempt 2: e^2 seconds');
delete from graphile_worker._private_jobs;
select is(pg_temp.failed_after(10), exp(10) * interval '1 second', 'after attempt 10: e^10 seconds');
delete from graphile_worker._private_jobs;
select is(pg_temp.failed_after(17), exp(10) * interval '1 second', 'after attempt 17: still e^10 seconds');
delete from graphile_worker._private_jobs;

-- A job that was due in the past backs off from now; the state is recorded.
select graphile_worker.add_job('a', '{"x": 1}', queue_name := 'q', run_at := now() - interval '1 day', max_attempts := 2) as j \gset
select count(*) as n from graphile_worker.get_jobs('w1', array['a']) \gset
select results_eq(
  format('select attempts, last_error, locked_at, locked_by, run_at = now() + exp(1) * interval %L from graphile_worker.worker_fail_jobs(%L, array[%s], array[%L])',
    '1 second', 'w1', (:'j'::graphile_worker.job).id, 'it broke'),
  $$values (1::smallint, 'it broke'::text, null::timestamptz, null::text, true)$$,
  'returns the job: attempt kept, error recorded, unlocked, retried from now'
);
select results_eq($$select locked_at, locked_by from graphile_worker._private_job_queues where queue_name = 'q'$$,
  $$values (null::timestamptz, null::text)$$, 'its queue is released');
select is((select payload::text from graphile_worker._private_jobs where id = (:'j'::graphile_worker.job).id), '{"x": 1}', 'the payload is kept without a replacement');

-- The last attempt failing leaves a permanently failed job.
select test_fx.time_passes('1 hour');
select count(*) as n from graphile_worker.get_jobs('w1', array['a']) \gset
select count(*) as n from graphile_worker.worker_fail_jobs('w1', array[(:'j'::graphile_worker.job).id], array['again']) \gset
select results_eq(format('select attempts, max_attempts, last_error from graphile_worker._private_jobs where id = %s', (:'j'::graphile_worker.job).id),
  $$values (2::smallint, 2::smallint, 'again'::text)$$, 'after max_attempts failures the job is permanently failed');
select test_fx.time_passes('1 year');
select is_empty($$select * from graphile_worker.get_jobs('w1', array['a'])$$, 'and never fetched again');

-- Several jobs at once, each with its message and an optional replacement payload.
select graphile_worker.add_job('b', '[1, 2, 3]') as batch \gset
select graphile_worker.add_job('b', '{"single": true}') as single \gset
select count(*) as n from graphile_worker.get_jobs('w2', array['b'], 5) \gset
select results_eq(
  format('select id, last_error, payload::text from graphile_worker.worker_fail_jobs(%L, array[%s, %s], array[%L, %L], array[%L::json, null]) order by id',
    'w2', (:'batch'::graphile_worker.job).id, (:'single'::graphile_worker.job).id, 'item 2 failed', 'bad', '[2]'),
  format('values (%s::bigint, %L::text, %L::text), (%s, %L, %L)',
    (:'batch'::graphile_worker.job).id, 'item 2 failed', '[2]', (:'single'::graphile_worker.job).id, 'bad', '{"single": true}'),
  'per-job messages; a replacement payload keeps only the failed items of a batch job'
);

-- Jobs this worker does not hold are left alone.
select graphile_worker.add_job('c') as other \gset
select count(*) as n from graphile_worker.get_jobs('w3', array['c']) \gset
select is_empty(format('select * from graphile_worker.worker_fail_jobs(%L, array[%s], array[%L])', 'w1', (:'other'::graphile_worker.job).id, 'x'), 'another worker''s job is not failed');
select is((select locked_by from graphile_worker._private_jobs where id = (:'other'::graphile_worker.job).id), 'w3', 'it stays locked by its worker');

-- A null message still records that the job failed.
select is((select last_error from graphile_worker.worker_fail_jobs('w3', array[(:'other'::graphile_worker.job).id], array[null::text])), 'unknown error', 'a null message is recorded as unknown error');

select throws_ok($$select graphile_worker.worker_fail_jobs('w', array[1, 2]::bigint[], array['one'])$$, '22023',
  'worker_fail_jobs: error_messages must have one message per job id (got 1 for 2 ids)', 'one message per id');
select throws_ok($$select graphile_worker.worker_fail_jobs('w', array[1]::bigint[], array['one'], array['[]', '[]']::json[])$$, '22023',
  'worker_fail_jobs: replacement_payloads must have one entry (or null) per job id (got 2 for 1 ids)', 'one payload per id');
select throws_ok($$select graphile_worker.worker_fail_jobs('w', null, null)$$, '22004', 'worker_fail_jobs: job_ids must not be null', 'null ids');
select throws_ok($$select graphile_worker.worker_fail_jobs('', array[1]::bigint[], array['x'])$$, '22023', 'worker_fail_jobs: worker_id must not be empty', 'empty worker id');

select * from finish();
rollback;
