-- Look-alikes: a caller whose pg_temp holds domains, types, tables, functions
-- and operators named like the ones the queue uses, and whose search_path
-- puts them and a schema of look-alikes first, calls every public function.
-- None of its objects may run or be read, and every result must be right.
-- (tests/ts/privileges.test.ts makes the same attack with the documented
-- grants of each role; schema.sql checks the rule on every function.)
begin;
select plan(17);

-- The state the calls act on, built before the look-alikes exist.
select test_fx.worker('w-v2');
select test_fx.worker('w-v1');
select test_fx.worker('w-dead', silent_for := '1 hour');
select (test_fx.job('waiting', task := 'batch', job_key := 'batch-key', payload := '[1, 2]')).id as batch \gset
select (test_fx.job('locked', worker := 'w-dead', queue_name := 'dead-q')).id as dead_job \gset
select (test_fx.job('locked', worker := 'w-v2', claim := '00000000-0000-4000-8000-00000000000c', payload := '[10, 20, 30]')).id as to_fail \gset
select (test_fx.job('locked', worker := 'w-v2', claim := '00000000-0000-4000-8000-00000000000c')).id as to_return \gset
select (test_fx.job('locked_v1', worker := 'w-v1')).id as v1_fail \gset
select (test_fx.job('locked_v1', worker := 'w-v1')).id as v1_return \gset
select (test_fx.job('permanently_failed', queue_name := 'gone-q')).id as perma \gset
select (test_fx.job('waiting', task := 'admin')).id as admin_a \gset
select (test_fx.job('waiting', task := 'admin')).id as admin_b \gset
select (test_fx.job('waiting', task := 'admin')).id as admin_c \gset
select (test_fx.job('locked_v1', worker := 'w-v1')).id as v1_unknown \gset
select (test_fx.job('locked', worker := 'w-v2', claim := '00000000-0000-4000-8000-00000000000d')).id as lost_reply \gset
select graphile_worker.add_job('unused-task') \gset
delete from graphile_worker._private_jobs where task_identifier = 'unused-task';

-- The look-alikes. Each records that it ran.
create table pg_temp.tripped (what text, by_role text);
create function pg_temp.trip(what text) returns boolean language plpgsql as $$
begin
  insert into pg_temp.tripped values (what, current_user);
  return true;
end $$;
create schema lookalike;
do $$
declare
  t text;
  u text;
begin
  foreach t in array array['text', 'json', 'jsonb', 'timestamptz', 'uuid', 'int2', 'int4', 'int8', 'bool', 'interval',
    'numeric', 'float8', 'varchar', 'name', 'regclass', 'oid', 'bpchar', 'date', 'timestamp', 'aclitem'] loop
    execute format('create domain pg_temp.%I as pg_catalog.%I check (pg_temp.trip(%L))', t, t, 'pg_temp.' || t);
    execute format('create domain lookalike.%I as pg_catalog.%I check (pg_temp.trip(%L))', t, t, 'lookalike.' || t);
  end loop;
  foreach t in array array['job', 'job_spec', 'record_type', 'smallint', 'integer', 'bigint', 'boolean'] loop
    execute format('create type pg_temp.%I as (x pg_catalog.int4)', t);
    execute format('create type lookalike.%I as (x pg_catalog.int4)', t);
  end loop;
  foreach t in array array['_private_jobs', '_private_job_queues', '_private_tasks', '_private_workers', '_private_sweeps',
    '_private_throughput', 'migrations', 'jobs', 'free', 'candidates', 'chosen', 'claimed', 'held', 'stale', 'answers'] loop
    execute format('create table pg_temp.%I (x pg_catalog.int4)', t);
    execute format('create table lookalike.%I (x pg_catalog.int4)', t);
  end loop;
  -- Functions the bodies call, with the argument types they pass.
  foreach t in array array['now()', 'clock_timestamp()', 'gen_random_uuid()', 'length(pg_catalog.text)',
    'format(pg_catalog.text, pg_catalog.text)', 'format(pg_catalog.text, pg_catalog.text, pg_catalog.text)',
    'json_typeof(pg_catalog.json)', 'json_array_length(pg_catalog.json)', 'json_build_object(pg_catalog.text, pg_catalog.int8)',
    'jsonb_build_object(pg_catalog.text, pg_catalog.float8)', 'pg_notify(pg_catalog.text, pg_catalog.text)',
    'quote_literal(pg_catalog.text)', 'array_to_string(pg_catalog.text[], pg_catalog.text)',
    'array_position(pg_catalog.text[], pg_catalog.text)', 'cardinality(pg_catalog.int8[])', 'cardinality(pg_catalog.text[])',
    'split_part(pg_catalog.text, pg_catalog.text, pg_catalog.int4)', 'exp(pg_catalog.float8)', 'exp(pg_catalog.numeric)',
    'date_trunc(pg_catalog.text, pg_catalog.timestamptz)', 'date_part(pg_catalog.text, pg_catalog.interval)',
    'to_jsonb(pg_catalog.text[])', 'json_array_elements_text(pg_catalog.json)', 'greatest(pg_catalog.int4, pg_catalog.int4)',
    'coalesce(pg_catalog.text, pg_catalog.text)', 'least(pg_catalog.int2, pg_catalog.int4)', 'nullif(pg_catalog.text[], pg_catalog.text[])',
    'current_setting(pg_catalog.text)', 'md5(pg_catalog.text)', 'lower(pg_catalog.text)', 'strpos(pg_catalog.text, pg_catalog.text)',
    'round(pg_catalog.float8)', 'pg_relation_size(pg_catalog.oid)', 'has_function_privilege(pg_catalog.name, pg_catalog.oid, pg_catalog.text)'] loop
    execute format('create function lookalike.%s returns pg_catalog.bool language sql as %L', t,
      format('select pg_temp.trip(%L)', 'lookalike.' || t));
  end loop;
  -- Operators the bodies use, on the types they use them on.
  foreach t in array array['=', '<>', '<', '>', '<=', '>=', '||', '?|', '~', '+', '-', '*'] loop
    foreach u in array array['text', 'int8', 'int4', 'int2', 'timestamptz', 'uuid', 'jsonb', 'interval'] loop
      execute format('create function lookalike.%I(pg_catalog.%I, pg_catalog.%I) returns pg_catalog.bool language sql as %L',
        'op_' || md5(t) || '_' || u, u, u, format('select pg_temp.trip(%L)', 'lookalike.' || t || ' ' || u));
      execute format('create operator lookalike.%s (leftarg = pg_catalog.%I, rightarg = pg_catalog.%I, function = lookalike.%I)',
        t, u, u, 'op_' || md5(t) || '_' || u);
      execute format('create operator pg_temp.%s (leftarg = pg_catalog.%I, rightarg = pg_catalog.%I, function = lookalike.%I)',
        t, u, u, 'op_' || md5(t) || '_' || u);
    end loop;
  end loop;
end $$;

-- The calls, as the caller, with its look-alikes first in its search_path.
-- (Its own statements name pg_catalog's types, or they would trip too.)
set local search_path = pg_temp, lookalike, pg_catalog;
create temp table r_add_job as select * from graphile_worker.add_job('plain', '{"n": 1}', 'q1', null, 5, null, 3, array['f'], 'replace');
create temp table r_add_job_append as select * from graphile_worker.add_job('batch', '[3]', job_key := 'batch-key');
create temp table r_add_job_dedupe as select * from graphile_worker.add_job('batch', '[4]', job_key := 'batch-key', job_key_mode := 'unsafe_dedupe');
create temp table r_add_job_preserve as select * from graphile_worker.add_job('batch', '[5]', job_key := 'batch-key', job_key_mode := 'preserve_run_at');
create temp table r_add_jobs as select * from graphile_worker.add_jobs(array[
  row('many', '{"m": 1}', 'q2', null, null, 'many-key', null, array['x']),
  row('many', null, null, null, null, null, null, null)]::graphile_worker.job_spec[], true);
create temp table r_remove_job as select * from graphile_worker.remove_job('many-key');
create temp table r_complete_jobs as select * from graphile_worker.complete_jobs(array[:admin_a]);
create temp table r_permanently_fail_jobs as select * from graphile_worker.permanently_fail_jobs(array[:admin_b], 'why');
create temp table r_reschedule_jobs as select * from graphile_worker.reschedule_jobs(array[:admin_c], priority := 9);
create temp table r_get_jobs_v2 as select * from graphile_worker.get_jobs_v2('w-v2', '00000000-0000-4000-8000-0000000000aa', array['plain', 'many'], 10);
create temp table r_get_jobs as select * from graphile_worker.get_jobs('w-v1', array['admin'], 10, null, null);
create temp table r_worker_complete_jobs_v2 as select * from graphile_worker.worker_complete_jobs_v2('w-v2',
  array(select id from r_get_jobs_v2), array(select '00000000-0000-4000-8000-0000000000aa'::pg_catalog.uuid from r_get_jobs_v2));
create temp table r_worker_complete_jobs as select * from graphile_worker.worker_complete_jobs('w-v1', array(select id from r_get_jobs));
create temp table r_worker_fail_jobs_v2 as select * from graphile_worker.worker_fail_jobs_v2('w-v2', array[:to_fail],
  array['00000000-0000-4000-8000-00000000000c'::pg_catalog.uuid], array['broke'], '[[0, 2]]');
create temp table r_worker_fail_jobs as select * from graphile_worker.worker_fail_jobs('w-v1', array[:v1_fail], array['broke v1'], array['[7]'::pg_catalog.json]);
create temp table r_worker_return_jobs_v2 as select * from graphile_worker.worker_return_jobs_v2('w-v2', array[:to_return],
  array['00000000-0000-4000-8000-00000000000c'::pg_catalog.uuid]);
create temp table r_worker_return_jobs as select * from graphile_worker.worker_return_jobs('w-v1', array[:v1_return]);
create temp table r_worker_return_unknown_jobs as select * from graphile_worker.worker_return_unknown_jobs('w-v1', '{}');
create temp table r_worker_return_claim as select * from graphile_worker.worker_return_claim('w-v2', '00000000-0000-4000-8000-00000000000d');
create temp table r_worker_register as select * from graphile_worker.worker_register('w-new', '15 seconds', '{"pid": 7}');
create temp table r_worker_heartbeat_v2 as select graphile_worker.worker_heartbeat_v2('w-v2', '30 seconds', '{"pid": 8}', 2, 1) as r;
create temp table r_worker_heartbeat as select graphile_worker.worker_heartbeat('w-v1') as r;
create temp table r_worker_deregister as select graphile_worker.worker_deregister('w-new') as r;
create temp table r_list_active_workers as select * from graphile_worker.list_active_workers('5 minutes');
create temp table r_sweep_stale_workers as select * from graphile_worker.sweep_stale_workers('5 minutes', '0');
create temp table r_release_stale_locks as select * from graphile_worker.release_stale_locks();
create temp table r_force_unlock_workers as select 1 as r from graphile_worker.force_unlock_workers(array['w-v1']);
create temp table r_cleanup as select * from graphile_worker.cleanup(array['DELETE_PERMAFAILED_JOBS', 'GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS'], array['batch']);
create temp table r_analyze_jobs as select 1 as r from graphile_worker.analyze_jobs();
create temp table r_rules as select graphile_worker.rules() as r;
create temp table r_upsert_schedule as select * from graphile_worker.upsert_schedule('s1', '*/5 * * * *', 'plain', '{"s": 1}', 'Europe/London');
create temp table r_pause_schedule as select * from graphile_worker.pause_schedule('s1');
create temp table r_resume_schedule as select * from graphile_worker.resume_schedule('s1');
create temp table r_trigger_schedule as select * from graphile_worker.trigger_schedule('s1');
create temp table r_preview_schedule as select * from graphile_worker.preview_schedule('0 9 * * 1-5', 'America/New_York', '2026-03-06T00:00:00Z', 3);
create temp table r_tick_schedules as select * from graphile_worker.tick_schedules();
create temp table r_sync_crontab as select * from graphile_worker.sync_crontab('main', '[{"cron": "0 * * * *", "task_identifier": "plain"}]');
create temp table r_remove_schedule as select * from graphile_worker.remove_schedule('s1');
create temp table r_job_counts as select * from graphile_worker.job_counts();
create temp table r_list_jobs as select * from graphile_worker.list_jobs(search := 'BATCH');
create temp table r_get_job as select * from graphile_worker.get_job(:batch);
create temp table r_get_job_summary as select * from graphile_worker.get_job_summary(:batch);
create temp table r_list_queues as select * from graphile_worker.list_queues();
create temp table r_list_workers as select * from graphile_worker.list_workers('5 minutes');
create temp table r_pause_queue as select graphile_worker.pause_queue('q9') as r;
create temp table r_resume_queue as select graphile_worker.resume_queue('q9') as r;
create temp table r_pause_task as select graphile_worker.pause_task('t9') as r;
create temp table r_resume_task as select graphile_worker.resume_task('t9') as r;
set local search_path to default;
set local client_min_messages = warning;

-- The look-alikes go before pgTAP runs (its functions do not pin search_path).
do $$
declare
  v_object record;
begin
  for v_object in
    select format('drop %s pg_temp.%I cascade', case t.typtype when 'd' then 'domain' else 'type' end, t.typname) as ddl
    from pg_catalog.pg_type as t
    where t.typnamespace operator(pg_catalog.=) pg_catalog.pg_my_temp_schema()
      and (t.typtype operator(pg_catalog.=) 'd'
        or t.typrelid in (select c.oid from pg_catalog.pg_class as c where c.relkind operator(pg_catalog.=) 'c'))
    union all
    select format('drop table pg_temp.%I', c.relname)
    from pg_catalog.pg_class as c
    where c.relnamespace = pg_catalog.pg_my_temp_schema() and c.relkind = 'r' and c.relname !~ '^(r_|tripped$|__tcache__|__tresults__)'
  loop
    execute v_object.ddl;
  end loop;
end $$;
drop schema lookalike cascade;

select is_empty($$select * from pg_temp.tripped$$, 'no look-alike ran');
select is(
  (select array_agg(substr(c.relname, 3) order by 1) from pg_class as c
    where c.relnamespace = pg_my_temp_schema() and c.relname like 'r\_%' and substr(c.relname, 3) in (
      select p.proname from pg_proc as p where p.pronamespace = 'graphile_worker'::regnamespace)),
  (select array_agg(p.proname::text order by p.proname) from pg_proc as p where p.pronamespace = 'graphile_worker'::regnamespace and p.proname !~ '^_'),
  'every public function was called'
);

-- And each did what it does.
select results_eq($$select task_identifier, payload::text, queue_name, max_attempts, priority, flags, run_at = now() from r_add_job$$,
  $$values ('plain'::text, '{"n": 1}'::text, 'q1'::text, 5::smallint, 3::smallint, '{"f": true}'::jsonb, true)$$, 'add_job');
select results_eq($$select (select payload::text from r_add_job_append), (select revision from r_add_job_dedupe), (select payload::text from r_add_job_preserve),
  (select payload::text from graphile_worker._private_jobs where key = 'batch-key')$$,
  $$values ('[3]'::text, 2, '[5]'::text, '[1, 2, 3, 5]'::text)$$, 'keyed adds: append, unsafe_dedupe, preserve_run_at');
select results_eq($$select task_identifier, key from r_add_jobs$$, $$values ('many'::text, 'many-key'::text), ('many', null)$$, 'add_jobs');
select results_eq($$select (select count(*)::int from r_remove_job), (select count(*)::int from r_complete_jobs),
  (select last_error from r_permanently_fail_jobs), (select priority from r_reschedule_jobs)$$,
  $$values (1, 1, 'why'::text, 9::smallint)$$, 'remove_job, complete_jobs, permanently_fail_jobs, reschedule_jobs');
select results_eq($$select (select array_agg(task_identifier order by task_identifier) from r_get_jobs_v2), (select count(*)::int from r_worker_complete_jobs_v2),
  (select array_agg(task_identifier) from r_get_jobs), (select count(*)::int from r_worker_complete_jobs)$$,
  $$values (array['many', 'plain'], 2, array['admin'], 1)$$, 'both fetches and both completions');
select results_eq(format('select payload::text, last_error from graphile_worker._private_jobs where id in (%s, %s) order by id', :to_fail, :v1_fail),
  $$values ('[10, 30]'::text, 'broke'::text), ('[7]', 'broke v1')$$, 'both failures, with failed_items and a replacement payload');
select results_eq($$select (select count(*)::int from r_worker_return_jobs_v2), (select count(*)::int from r_worker_return_jobs),
  (select count(*)::int from r_worker_return_unknown_jobs), (select count(*)::int from r_worker_return_claim)$$,
  $$values (1, 1, 1, 1)$$, 'the four give-backs');
select results_eq($$select (select array[jobs_recovered, queues_unlocked] from r_worker_register), (select r from r_worker_heartbeat_v2),
  (select r from r_worker_heartbeat), (select r from r_worker_deregister), (select array_agg(worker_id order by worker_id) from r_list_active_workers)$$,
  $$values (array[0, 0], true, true, true, array['w-dead', 'w-v1', 'w-v2'])$$, 'the registry');
select results_eq($$select dead_worker_ids, jobs_recovered, queues_unlocked from r_sweep_stale_workers$$,
  $$values (array['w-dead'], 1, 1)$$, 'sweep_stale_workers');
select results_eq($$select * from r_release_stale_locks$$, $$values (0, 0)$$, 'release_stale_locks');
select results_eq($$select task, deleted from r_cleanup$$,
  $$values ('DELETE_PERMAFAILED_JOBS'::text, 2), ('GC_JOB_QUEUES', 3), ('GC_TASK_IDENTIFIERS', 4)$$, 'cleanup');
select is((select r from r_rules), graphile_worker.rules(), 'rules');
select results_eq($$select (select time_zone from r_upsert_schedule), (select enabled from r_pause_schedule), (select enabled from r_resume_schedule),
  (select task_identifier from r_trigger_schedule), (select payload->>'s' from r_trigger_schedule), (select count(*)::int from r_tick_schedules),
  (select change from r_sync_crontab), (select id from r_remove_schedule)$$,
  $$values ('Europe/London'::text, false, true, 'plain'::text, '1'::text, 0, 'added'::text, 's1'::text)$$, 'the schedule functions');
select results_eq($$select fire_at from r_preview_schedule$$,
  $$values ('2026-03-06T14:00:00Z'::timestamptz), ('2026-03-09T13:00:00Z'), ('2026-03-10T13:00:00Z')$$,
  'preview_schedule, across the spring change');

select results_eq($$select (select array_agg(distinct state order by state) from r_job_counts where task_identifier = 'batch'),
  (select array_agg(id) from r_list_jobs), (select payload::text from r_get_job), (select state from r_get_job_summary),
  (select count(*)::int from r_list_queues), (select count(*)::int from r_list_workers where worker_id = 'w-v2'),
  array[(select r from r_pause_queue), (select r from r_resume_queue), (select r from r_pause_task), (select r from r_resume_task)]$$,
  format($$values (array['ready'], array[%s::bigint], '[1, 2, 3, 5]'::text, 'ready'::text, 1, 1, array[true, true, true, true])$$, :batch),
  'the read API and pause/resume');

select * from finish();
rollback;
