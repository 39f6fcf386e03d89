-- list_jobs: jobs without payload, newest first, filtered, searched, in
-- keyset pages.
begin;
select plan(20);

select is_empty($$select * from graphile_worker.list_jobs()$$, 'no jobs, no rows');
select is_empty($$select * from graphile_worker.list_jobs(search := 'x')$$, 'no jobs, no rows (filtered)');

select test_fx.worker('w');
select (test_fx.job('waiting', task := 'send_email', payload := '{"to": "Ada@example.com"}')).id as j1 \gset
select (test_fx.job('future', task := 'send_email', queue_name := 'mail', job_key := 'welcome-ada')).id as j2 \gset
select (test_fx.job('failed', task := 'resize')).id as j3 \gset
select (test_fx.job('permanently_failed', task := 'resize', queue_name := 'images')).id as j4 \gset
select (test_fx.job('locked', task := 'resize', queue_name := 'images', worker := 'w')).id as j5 \gset
update graphile_worker._private_jobs set last_error = 'Timeout talking to S3' where id = :j3;

select results_eq($$select id, state from graphile_worker.list_jobs()$$,
  format($$values (%s::bigint, 'running'::text), (%s, 'permanently_failed'), (%s, 'failed'), (%s, 'scheduled'), (%s, 'ready')$$,
    :j5, :j4, :j3, :j2, :j1),
  'every job, newest first, with its state');
select results_eq($$select task_identifier, queue_name, key, locked_by from graphile_worker.list_jobs(page_size := 5) where key is not null or locked_by is not null$$,
  $$values ('resize'::text, 'images'::text, null::text, 'w'::text), ('send_email', 'mail', 'welcome-ada', null)$$, 'the jobs view''s columns');
select is((select count(*)::int from information_schema.columns where table_schema = 'graphile_worker' and table_name = 'job_summary' and column_name = 'payload'),
  0, 'no payload column');

-- Keyset pages.
select results_eq($$select id from graphile_worker.list_jobs(page_size := 2)$$, format($$values (%s::bigint), (%s)$$, :j5, :j4), 'page 1');
select results_eq(format($$select id from graphile_worker.list_jobs(page_size := 2, after_id := %s)$$, :j4),
  format($$values (%s::bigint), (%s)$$, :j3, :j2), 'page 2 starts after the last id of page 1');
select results_eq(format($$select id from graphile_worker.list_jobs(page_size := 2, after_id := %s)$$, :j2),
  format($$values (%s::bigint)$$, :j1), 'the last page is short');

-- Filters.
select results_eq($$select array_agg(j.id order by j.id)
    from unnest(array['ready', 'scheduled', 'running', 'failed', 'permanently_failed']) as s(state)
    cross join lateral graphile_worker.list_jobs(state := s.state) as j
    group by s.state order by s.state$$,
  format($$values (array[%s::bigint]), (array[%s]), (array[%s]), (array[%s]), (array[%s])$$, :j3, :j4, :j1, :j5, :j2),
  'each state');
select results_eq($$select id from graphile_worker.list_jobs(task_identifier := 'resize', queue_name := 'images')$$,
  format($$values (%s::bigint), (%s)$$, :j5, :j4), 'task and queue');
select results_eq($$select id from graphile_worker.list_jobs(state := 'running', queue_name := 'mail')$$,
  $$select 1::bigint where false$$, 'running, in another queue: none');

-- Search: id, task, queue, key, last error (case-insensitive), payload.
select results_eq(format($$select id from graphile_worker.list_jobs(search := '%s')$$, :j3), format($$values (%s::bigint)$$, :j3), 'by id');
select results_eq($$select id from graphile_worker.list_jobs(search := 'EMAIL')$$, format($$values (%s::bigint), (%s)$$, :j2, :j1), 'by task');
select results_eq($$select id from graphile_worker.list_jobs(search := 'imag')$$, format($$values (%s::bigint), (%s)$$, :j5, :j4), 'by queue');
select results_eq($$select id from graphile_worker.list_jobs(search := 'welcome')$$, format($$values (%s::bigint)$$, :j2), 'by key');
select results_eq($$select id from graphile_worker.list_jobs(search := 's3')$$, format($$values (%s::bigint)$$, :j3), 'by last error');
select results_eq($$select id from graphile_worker.list_jobs(search := 'ada@')$$, format($$values (%s::bigint)$$, :j1),
  'by payload, for a caller that may read payloads (get_job)');

-- Ids spread over several 10,000-id stretches: a filtered page goes on
-- through them.
alter table graphile_worker._private_jobs alter column id restart with 25000;
select (test_fx.job('waiting', task := 'far')).id as far \gset
select results_eq($$select id from graphile_worker.list_jobs(state := 'failed')$$, format($$values (%s::bigint)$$, :j3),
  'a match 25,000 ids below the newest job is found');

-- Bad input.
select throws_ok($$select * from graphile_worker.list_jobs(state := 'done')$$, '22023',
  'list_jobs: state must be null or one of ready, scheduled, running, failed, permanently_failed (got ''done'')', 'an unknown state');
select throws_ok($$select * from graphile_worker.list_jobs(page_size := 501)$$, '22023',
  'list_jobs: page_size must be between 1 and 500 (got 501)', 'page_size too large (0 and null likewise: bad-input.md)');

select * from finish();
rollback;
