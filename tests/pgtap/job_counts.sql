-- job_counts: jobs per task, queue and state; exact for small states,
-- estimated from a sample of pages for large ones.
begin;
select plan(6);

select is_empty($$select * from graphile_worker.job_counts()$$, 'no jobs, no rows');

select test_fx.worker('w');
select test_fx.job('waiting', task := 'a');
select test_fx.job('waiting', task := 'a');
select test_fx.job('waiting', task := 'a', queue_name := 'q');
select test_fx.job('future', task := 'a');
select test_fx.job('failed', task := 'b');
select test_fx.job('failed', task := 'b', run_at := now() + interval '1 hour');
select test_fx.job('permanently_failed', task := 'b', queue_name := 'q');
select test_fx.job('locked', task := 'c', queue_name := 'r');
select test_fx.job('locked', task := 'c', max_attempts := 1);

select results_eq($$select task_identifier, queue_name, state, count, estimated from graphile_worker.job_counts()
    order by 1, 2 nulls first, 3$$,
  $$values ('a'::text, null::text, 'ready'::text, 2::bigint, false), ('a', null, 'scheduled', 1, false), ('a', 'q', 'ready', 1, false),
    ('b', null, 'failed', 2, false), ('b', 'q', 'permanently_failed', 1, false),
    ('c', null, 'running', 1, false), ('c', 'r', 'running', 1, false)$$,
  'every state, per task and queue, exactly (a running job with no attempts left is running; a failed job is failed whether its retry is due or not)');

-- 1,000 waiting jobs (6 above and these): still counted exactly.
insert into graphile_worker._private_jobs (task_identifier) select 'many' from generate_series(1, 994);
select results_eq($$select count, estimated from graphile_worker.job_counts() where task_identifier = 'many'$$,
  $$values (994::bigint, false)$$, 'up to 1,000 jobs in a state: exact');

-- A larger table: the waiting jobs are estimated from a sample, the small
-- states stay exact.
insert into graphile_worker._private_jobs (task_identifier, payload)
select 'big', json_build_object('pad', repeat('x', 600)) from generate_series(1, 12000);
select results_eq($$select bool_and(estimated) from graphile_worker.job_counts() where state in ('ready', 'scheduled', 'failed')$$,
  $$values (true)$$, 'a large state in a large table: estimated');
select ok((select count between 12000 * 0.8 and 12000 * 1.2 from graphile_worker.job_counts() where task_identifier = 'big'),
  'the estimate is near the truth (a sample of most pages)');
select results_eq($$select task_identifier, queue_name, state, count, estimated from graphile_worker.job_counts()
    where state in ('running', 'permanently_failed') order by 1, 2 nulls first$$,
  $$values ('b'::text, 'q'::text, 'permanently_failed'::text, 1::bigint, false), ('c', null, 'running', 1, false), ('c', 'r', 'running', 1, false)$$,
  'small states stay exact');

select * from finish();
rollback;
