-- cleanup: each task, the keep list, unknown task names.
begin;
select plan(13);

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

select * from finish();
rollback;
