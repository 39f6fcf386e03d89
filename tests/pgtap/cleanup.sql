-- cleanup: each task, the keep list, unknown task names.
begin;
select plan(19);

-- Queues: empty ones go, unless locked; ones with jobs stay.
select graphile_worker.add_job('busy', queue_name := 'has-jobs') \gset
select (graphile_worker.add_job('done', queue_name := 'emptied')).id as done \gset
delete from graphile_worker._private_jobs where id = :done;
select test_fx.lock_queue('locked-empty', 'w');
select results_eq($$select * from graphile_worker.cleanup(array['GC_JOB_QUEUES'])$$, $$values ('GC_JOB_QUEUES', 1)$$, 'GC_JOB_QUEUES returns how many it deleted');
select set_eq($$select queue_name from graphile_worker._private_job_queues$$, $$values ('has-jobs'), ('locked-empty')$$, 'it deletes unlocked queues without jobs only');

-- Task identifiers: those without jobs go, except the ones to keep.
select graphile_worker.add_job('keep-me') as k \gset
select graphile_worker.add_job('gone') as g \gset
delete from graphile_worker._private_jobs where task_identifier in ('keep-me', 'gone', 'done');
select results_eq($$select * from graphile_worker.cleanup(array['GC_TASK_IDENTIFIERS'], task_identifiers_to_keep := array['keep-me'])$$,
  $$values ('GC_TASK_IDENTIFIERS', 2)$$, 'GC_TASK_IDENTIFIERS deletes identifiers without jobs');
select set_eq($$select identifier from graphile_worker._private_tasks$$, $$values ('busy'), ('keep-me')$$, 'identifiers with jobs and the kept ones stay');
select results_eq($$select * from graphile_worker.cleanup(array['GC_TASK_IDENTIFIERS'])$$, $$values ('GC_TASK_IDENTIFIERS', 1)$$, 'without a keep list they go too');

-- Permanently failed jobs: deleted unless running.
select (test_fx.job('permanently_failed', task := 'busy', max_attempts := 1)).id as pf \gset
select (test_fx.job('locked_v1', task := 'busy', max_attempts := 1, worker := 'w')).id as pf_locked \gset
select (test_fx.job('failed', task := 'busy', max_attempts := 2)).id as retrying \gset
select results_eq($$select * from graphile_worker.cleanup(array['DELETE_PERMAFAILED_JOBS'])$$, $$values ('DELETE_PERMAFAILED_JOBS', 1)$$, 'DELETE_PERMAFAILED_JOBS deletes one job');
select set_eq(format('select id from graphile_worker._private_jobs where id in (%s, %s, %s)', :pf, :pf_locked, :retrying),
  format('values (%s::bigint), (%s)', :pf_locked, :retrying), 'the unlocked permanently failed job went; running and retrying ones stay');

-- All three at once, in the documented order; failed jobs go first so their queue and identifier can follow.
select (test_fx.job('permanently_failed', task := 'only-failed', queue_name := 'only-failed-queue', max_attempts := 1)).id as lone \gset
select results_eq(
  $$select * from graphile_worker.cleanup(array['DELETE_PERMAFAILED_JOBS', 'GC_TASK_IDENTIFIERS', 'GC_JOB_QUEUES'])$$,
  $$values ('DELETE_PERMAFAILED_JOBS', 1), ('GC_JOB_QUEUES', 1), ('GC_TASK_IDENTIFIERS', 1)$$,
  'all tasks in one call'
);
select is((select count(*)::int from graphile_worker._private_job_queues where queue_name = 'only-failed-queue'), 0, 'the failed job''s queue went in the same call');
select is_empty($$select * from graphile_worker.cleanup('{}')$$, 'no tasks: nothing');

select throws_ok($$select graphile_worker.cleanup(array['GC_JOB_QUEUES', 'VACUUM'])$$, '22023',
  $$cleanup: unknown task 'VACUUM'; the tasks are DELETE_PERMAFAILED_JOBS, GC_JOB_QUEUES, GC_TASK_IDENTIFIERS$$, 'an unknown task lists the valid ones');
select throws_ok($$select graphile_worker.cleanup(array[null])$$, '22023',
  'cleanup: unknown task null; the tasks are DELETE_PERMAFAILED_JOBS, GC_JOB_QUEUES, GC_TASK_IDENTIFIERS', 'a null task');
select throws_ok($$select graphile_worker.cleanup(null)$$, '22004', 'cleanup: tasks must not be null', 'null tasks');

-- At scale, cleanup reads only what it must (pg_stat_xact_user_tables
-- counts this transaction's reads). A table of 30k jobs, 100 of them
-- permanently failed, every identifier in use.
select * from graphile_worker.cleanup(array['DELETE_PERMAFAILED_JOBS', 'GC_TASK_IDENTIFIERS', 'GC_JOB_QUEUES']) \g /dev/null
select count(*) from graphile_worker.add_jobs(array(
  select row('bulk', '{}'::json, null::text, null::timestamptz, null::smallint, null::text, null::smallint, null::text[])::graphile_worker.job_spec
  from generate_series(1, 30000))) \g /dev/null
update graphile_worker._private_jobs set attempts = max_attempts
where id in (select id from graphile_worker._private_jobs where task_identifier = 'bulk' order by id desc limit 100);
analyze graphile_worker._private_jobs;
create temp table reads (n bigint);
create function pg_temp.reads_since() returns bigint language sql as $$
  select seq_tup_read - (select n from reads) from pg_stat_xact_user_tables
  where relid = 'graphile_worker._private_jobs'::regclass
$$;
create function pg_temp.reads_start() returns void language sql as $$
  delete from reads;
  insert into reads select seq_tup_read from pg_stat_xact_user_tables where relid = 'graphile_worker._private_jobs'::regclass;
$$;
select pg_temp.reads_start();
select results_eq($$select * from graphile_worker.cleanup(array['DELETE_PERMAFAILED_JOBS'])$$,
  $$values ('DELETE_PERMAFAILED_JOBS', 100)$$, 'DELETE_PERMAFAILED_JOBS deletes the 100 permanently failed jobs of 30k');
select cmp_ok(pg_temp.reads_since(), '=', 0::bigint, 'and reads no job sequentially: it finds them in their index and deletes them through the primary key');
select pg_temp.reads_start();
select results_eq($$select * from graphile_worker.cleanup(array['GC_TASK_IDENTIFIERS'])$$,
  $$values ('GC_TASK_IDENTIFIERS', 0)$$, 'GC_TASK_IDENTIFIERS: every identifier has jobs');
select cmp_ok(pg_temp.reads_since(), '<', 15000::bigint, 'and it found them without reading the whole table');
select graphile_worker.add_job('retired') \g /dev/null
delete from graphile_worker._private_jobs where task_identifier = 'retired';
select pg_temp.reads_start();
select results_eq($$select * from graphile_worker.cleanup(array['GC_TASK_IDENTIFIERS'])$$,
  $$values ('GC_TASK_IDENTIFIERS', 1)$$, 'an identifier without jobs among 30k jobs is found');
select set_eq($$select identifier from graphile_worker._private_tasks$$, $$select distinct task_identifier from graphile_worker._private_jobs$$,
  'and only it goes');

select * from finish();
rollback;
