-- list_queues: named queues with waiting and running jobs, lock holder,
-- paused flag and head job.
begin;
select plan(5);

select is_empty($$select * from graphile_worker.list_queues()$$, 'no queues, no rows');

select test_fx.worker('w');
select (test_fx.job('waiting', queue_name := 'a', priority := 5)).id as a_second \gset
select (test_fx.job('future', queue_name := 'a', priority := 1)).id as a_head \gset
select test_fx.job('permanently_failed', queue_name := 'a');
select (test_fx.job('locked', queue_name := 'b', worker := 'w')).id as b_running \gset
select (test_fx.job('waiting', queue_name := 'b')).id as b_head \gset
select graphile_worker.pause_queue('c');

select results_eq($$select queue_name, waiting, running, locked_by, locked_at is not null, paused, head_job_id, waiting_capped
    from graphile_worker.list_queues()$$,
  format($$values ('a'::text, 2::bigint, 0::bigint, null::text, false, false, %s::bigint, false),
    ('b', 1, 1, 'w', true, false, %s, false), ('c', 0, 0, null, false, true, null, false)$$, :a_head, :b_head),
  'waiting (due or not, permanently failed ones apart), running, holder, paused, head (the job it runs next), by name');

insert into graphile_worker._private_jobs (task_identifier, queue_name) select 'many', 'a' from generate_series(1, 1000);
select results_eq($$select waiting, waiting_capped from graphile_worker.list_queues() where queue_name = 'a'$$,
  $$values (1000::bigint, true)$$, 'waiting is counted up to 1,000; waiting_capped says there are more');
delete from graphile_worker._private_jobs where task_identifier = 'many';
select results_eq($$select waiting, waiting_capped from graphile_worker.list_queues() where queue_name = 'a'$$,
  $$values (2::bigint, false)$$, 'and below the cap, exact again');

select graphile_worker.resume_queue('c');
select results_eq($$select paused from graphile_worker.list_queues() where queue_name = 'c'$$, $$values (false)$$, 'resumed');

select * from finish();
rollback;
