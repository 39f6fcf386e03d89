-- rules(): the limits, defaults and names the functions enforce, in one
-- document for clients. Each rule is checked against the behaviour it
-- describes, so that the document cannot drift from the code.
begin;
select plan(30);

create function pg_temp.rule(name text) returns jsonb language sql as $$ select graphile_worker.rules()->name $$;
create function pg_temp.n(name text) returns integer language sql as $$ select (graphile_worker.rules()->>name)::integer $$;
create function pg_temp.seconds(name text) returns interval language sql as $$ select (graphile_worker.rules()->>name)::double precision * interval '1 second' $$;

select is((select array_agg(k order by k) from jsonb_object_keys(graphile_worker.rules()) as k), array[
  'catch_up_default', 'catch_up_window_default_seconds', 'catch_ups',
  'cleanup_tasks', 'heartbeat_interval_default_seconds', 'job_key_modes', 'key_max_length', 'lock_lifetime_seconds',
  'max_attempts_default', 'max_attempts_max', 'max_batch_size', 'max_clock_skew_seconds', 'max_fires_per_tick', 'name_max_length',
  'priority_max', 'priority_min', 'recovery_delay_default_seconds', 'schedule_grace_seconds', 'sweep_threshold_default_seconds'
], 'the rules it documents');
select is((select provolatile from pg_proc where oid = 'graphile_worker.rules'::regproc), 'i', 'immutable: clients may cache it');

-- Names and keys.
select lives_ok(format('select graphile_worker.add_job(repeat(%L, %s), queue_name := repeat(%L, %s))', 'i', pg_temp.n('name_max_length'), 'q', pg_temp.n('name_max_length')),
  'an identifier and a queue name of name_max_length characters are accepted');
select throws_ok(format('select graphile_worker.add_job(repeat(%L, %s))', 'i', pg_temp.n('name_max_length') + 1), '22001', null, 'an identifier one longer is refused');
select throws_ok(format('select graphile_worker.add_job(%L, queue_name := repeat(%L, %s))', 't', 'q', pg_temp.n('name_max_length') + 1), '22001', null, 'a queue name one longer is refused');
select lives_ok(format('select graphile_worker.worker_register(repeat(%L, %s), %L)', 'w', pg_temp.n('name_max_length'), '1 minute'), 'a worker id of name_max_length characters is accepted');
select throws_ok(format('select graphile_worker.worker_register(repeat(%L, %s), %L)', 'w', pg_temp.n('name_max_length') + 1, '1 minute'), '22001', null, 'a worker id one longer is refused');
select throws_ok(format('insert into graphile_worker._private_tasks values (repeat(%L, %s))', 'i', pg_temp.n('name_max_length') + 1), '23514', null, 'the tables'' constraints agree');
select lives_ok(format('select graphile_worker.add_job(%L, job_key := repeat(%L, %s))', 't', 'k', pg_temp.n('key_max_length')), 'a key of key_max_length characters is accepted');
select throws_ok(format('select graphile_worker.add_job(%L, job_key := repeat(%L, %s))', 't', 'k', pg_temp.n('key_max_length') + 1), '22001', null, 'a key one longer is refused');

-- Numbers.
select is((graphile_worker.add_job('t')).max_attempts::integer, pg_temp.n('max_attempts_default'), 'max_attempts_default is add_job''s default');
select is((select max_attempts::integer from graphile_worker.add_jobs(array[row('t', null, null, null, null, null, null, null)]::graphile_worker.job_spec[])),
  pg_temp.n('max_attempts_default'), 'and add_jobs''');
select lives_ok(format('select graphile_worker.add_job(%L, max_attempts := %s)', 't', pg_temp.n('max_attempts_max')), 'max_attempts_max is accepted');
select throws_ok(format('select graphile_worker.add_job(%L, max_attempts := %s)', 't', pg_temp.n('max_attempts_max') + 1), '22003', null, 'one more is refused');
select lives_ok(format('select graphile_worker.add_job(%L, priority := %s), graphile_worker.add_job(%L, priority := %s)', 't', pg_temp.n('priority_min'), 't', pg_temp.n('priority_max')),
  'priority_min and priority_max are accepted');
select throws_ok(format('select graphile_worker.add_job(%L, priority := %s)', 't', pg_temp.n('priority_min') - 1), '22003', null, 'one less than priority_min is refused');
select throws_ok(format('select graphile_worker.reschedule_jobs(array[1::bigint], priority := %s)', pg_temp.n('priority_max') + 1), '22003', null, 'one more than priority_max is refused');

-- The fetch.
select test_fx.worker('w');
select lives_ok(format('select graphile_worker.get_jobs_v2(%L, gen_random_uuid(), array[%L], %s)', 'w', 't', pg_temp.n('max_batch_size')), 'max_batch_size is accepted');
select throws_ok(format('select graphile_worker.get_jobs_v2(%L, gen_random_uuid(), array[%L], %s)', 'w', 't', pg_temp.n('max_batch_size') + 1), '22023', null, 'one more is refused');
select lives_ok(format('select graphile_worker.get_jobs_v2(%L, gen_random_uuid(), array[%L], now := now() + %L::interval - interval %L)', 'w', 't', pg_temp.seconds('max_clock_skew_seconds'), '1 second'),
  'a clock ahead by less than max_clock_skew_seconds is trusted');
select throws_ok(format('select graphile_worker.get_jobs_v2(%L, gen_random_uuid(), array[%L], now := now() + %L::interval + interval %L)', 'w', 't', pg_temp.seconds('max_clock_skew_seconds'), '1 second'),
  '22023', null, 'one ahead by more is refused');

-- The lock lifetime: admin functions leave younger locks alone; older ones are released.
delete from graphile_worker._private_jobs;
select (test_fx.job('locked', worker := 'x', locked_ago := pg_temp.seconds('lock_lifetime_seconds') - interval '1 minute')).id as young \gset
select (test_fx.job('locked', worker := 'x', locked_ago := pg_temp.seconds('lock_lifetime_seconds') + interval '1 minute')).id as old \gset
select is((select array_agg(id) from graphile_worker.complete_jobs(array[:young, :old]::bigint[])), array[:old::bigint], 'complete_jobs touches only locks older than lock_lifetime_seconds');
select is((select jobs_released from graphile_worker.release_stale_locks()), 0, 'release_stale_locks finds none younger');

-- Names of modes and tasks.
select is((select array_agg(mode order by n) from jsonb_array_elements_text(pg_temp.rule('job_key_modes')) with ordinality as m(mode, n)),
  array['replace', 'preserve_run_at', 'unsafe_dedupe'], 'job_key_modes');
select lives_ok(format('select graphile_worker.add_job(%L, job_key := %L, job_key_mode := m) from jsonb_array_elements_text(%L::jsonb) as m', 't', 'k', pg_temp.rule('job_key_modes')),
  'add_job accepts each');
select throws_ok($$select graphile_worker.add_job('t', job_key := 'k', job_key_mode := 'other')$$, '22023',
  format('add_job: job_key_mode must be one of %s (got ''other'')', (select string_agg(m, ', ') from jsonb_array_elements_text(pg_temp.rule('job_key_modes')) as m)),
  'and names them when refusing another');
select is(pg_temp.rule('job_key_modes')->>0, (select substring(pg_get_function_arguments('graphile_worker.add_job'::regproc) from 'job_key_mode text DEFAULT ''(\w+)''')),
  'the first is add_job''s default');
select is((select array_agg(task) from graphile_worker.cleanup(array(select jsonb_array_elements_text(pg_temp.rule('cleanup_tasks')))) as c),
  array(select jsonb_array_elements_text(pg_temp.rule('cleanup_tasks'))), 'cleanup_tasks, in the order cleanup runs them');

-- Defaults of the worker registry.
select is(pg_get_function_arguments('graphile_worker.sweep_stale_workers'::regproc),
  format('sweep_threshold interval DEFAULT ''%s''::interval, recovery_delay interval DEFAULT ''%s''::interval, dry_run boolean DEFAULT false',
    pg_temp.seconds('sweep_threshold_default_seconds'), pg_temp.seconds('recovery_delay_default_seconds')),
  'sweep_threshold_default_seconds and recovery_delay_default_seconds are sweep_stale_workers'' defaults');
select graphile_worker.worker_heartbeat('v1') \gset
select is((select heartbeat_interval from graphile_worker._private_workers where worker_id = 'v1'), pg_temp.seconds('heartbeat_interval_default_seconds'),
  'heartbeat_interval_default_seconds is the 0.1 heartbeat''s interval');

select * from finish();
rollback;
