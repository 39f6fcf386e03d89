-- add_job: defaults, every argument, flags, and every bad input.
begin;
select plan(36);

-- Defaults.
select graphile_worker.add_job('send_email') as j \gset
with j as (select (:'j'::graphile_worker.job).*)
select results_eq(
  'select payload::text, queue_name, priority, max_attempts, attempts, run_at = now(), key, flags, revision, locked_at, last_error from graphile_worker.jobs natural join (select id, payload from graphile_worker._private_jobs) p',
  $$values ('{}'::text, null::text, 0::smallint, 25::smallint, 0::smallint, true, null::text, null::jsonb, 0, null::timestamptz, null::text)$$,
  'defaults: payload {}, no queue, priority 0, max_attempts 25, run now, no key, no flags'
);
select is((:'j'::graphile_worker.job).task_identifier, 'send_email', 'the returned row names the task');
select is((select count(*)::int from graphile_worker._private_tasks where identifier = 'send_email'), 1, 'the task identifier is registered');

-- Every argument.
select graphile_worker.add_job(
  'report',
  payload := '{"id": 42}',
  queue_name := 'reports',
  run_at := '2030-01-01T00:00:00Z',
  max_attempts := 3,
  job_key := 'report-42',
  priority := -5,
  flags := array['slow', 'pdf', 'slow']
) as r \gset
select is((:'r'::graphile_worker.job).payload::text, '{"id": 42}', 'payload is stored');
select is((:'r'::graphile_worker.job).queue_name, 'reports', 'queue_name is stored');
select is((:'r'::graphile_worker.job).run_at, '2030-01-01T00:00:00Z'::timestamptz, 'run_at is stored');
select is((:'r'::graphile_worker.job).max_attempts, 3::smallint, 'max_attempts is stored');
select is((:'r'::graphile_worker.job).key, 'report-42', 'job_key is stored as key');
select is((:'r'::graphile_worker.job).priority, -5::smallint, 'priority is stored');
select is((:'r'::graphile_worker.job).flags, '{"pdf": true, "slow": true}'::jsonb, 'flags are stored as a set');
select is((select count(*)::int from graphile_worker._private_job_queues where queue_name = 'reports' and locked_at is null), 1, 'the named queue exists, unlocked');
select is((select count(*)::int from graphile_worker.jobs), 2, 'two jobs');

-- Zero is a value.
select is((graphile_worker.add_job('z', priority := 0, max_attempts := 1)).priority, 0::smallint, 'priority 0 is kept');
select is((graphile_worker.add_job('z', payload := '[]')).payload::text, '[]', 'an array payload is kept');
select is((graphile_worker.add_job('z', payload := 'null')).payload::text, 'null', 'a JSON null payload is kept');
select is((graphile_worker.add_job('z', flags := '{}')).flags, null::jsonb, 'no flags: null');

-- Named arguments in any order, as in Graphile Worker's documentation.
select is((graphile_worker.add_job(run_at := now() + interval '1 hour', identifier := 'later')).run_at, now() + interval '1 hour', 'named arguments in any order');

-- Bad input: a specific SQLSTATE, a message naming the argument, nothing written.
select count(*) as before from graphile_worker._private_jobs \gset
select throws_ok($$select graphile_worker.add_job(null)$$, '22004', 'add_job: identifier must not be null', 'null identifier');
select throws_ok($$select graphile_worker.add_job('')$$, '22023', 'add_job: identifier must not be empty', 'empty identifier');
select throws_ok(format('select graphile_worker.add_job(%L)', repeat('x', 129)), '22001', 'add_job: identifier must be at most 128 characters (got 129)', 'long identifier');
select throws_ok($$select graphile_worker.add_job('t', queue_name := '')$$, '22023', 'add_job: queue_name must not be empty', 'empty queue name');
select throws_ok(format('select graphile_worker.add_job(%L, queue_name := %L)', 't', repeat('q', 129)), '22001', 'add_job: queue_name must be at most 128 characters (got 129)', 'long queue name');
select throws_ok($$select graphile_worker.add_job('t', job_key := '')$$, '22023', 'add_job: job_key must not be empty', 'empty job key');
select throws_ok(format('select graphile_worker.add_job(%L, job_key := %L)', 't', repeat('k', 513)), '22001', 'add_job: job_key must be at most 512 characters (got 513)', 'long job key');
select lives_ok(format('select graphile_worker.add_job(%L, job_key := %L)', 't', repeat('k', 512)), 'a 512-character key is fine');
select throws_ok($$select graphile_worker.add_job('t', max_attempts := 0)$$, '22023', 'add_job: max_attempts must be at least 1 (got 0)', 'max_attempts 0');
select throws_ok($$select graphile_worker.add_job('t', max_attempts := -3)$$, '22023', 'add_job: max_attempts must be at least 1 (got -3)', 'negative max_attempts');
select throws_ok($$select graphile_worker.add_job('t', max_attempts := 32768)$$, '22003', 'add_job: max_attempts must be at most 32767 (got 32768)', 'max_attempts beyond smallint');
select throws_ok($$select graphile_worker.add_job('t', priority := 32768)$$, '22003', 'add_job: priority must be between -32768 and 32767 (got 32768)', 'priority beyond smallint');
select throws_ok($$select graphile_worker.add_job('t', priority := -32769)$$, '22003', 'add_job: priority must be between -32768 and 32767 (got -32769)', 'priority below smallint');
select throws_ok($$select graphile_worker.add_job('t', job_key := 'k', job_key_mode := 'upsert')$$, '22023', $$add_job: job_key_mode must be one of replace, preserve_run_at, unsafe_dedupe (got 'upsert')$$, 'unknown job_key_mode');
select throws_ok($$select graphile_worker.add_job('t', flags := array['a', null])$$, '22004', 'add_job: flags must not contain null', 'a null flag');
select throws_ok($$select graphile_worker.add_job('t', flags := array['a', ''])$$, '22023', 'add_job: flags must not contain an empty string', 'an empty flag');
select throws_ok($$select graphile_worker.add_job('t', payload := 'not json')$$, '22P02', null, 'a payload that is not JSON');
select is((select count(*) from graphile_worker._private_jobs), :before::bigint + 1, 'bad input wrote nothing (only the 512-character key job was added)');
select is((select count(*)::int from graphile_worker._private_job_queues where queue_name = ''), 0, 'no queue row for a refused job');

select * from finish();
rollback;
