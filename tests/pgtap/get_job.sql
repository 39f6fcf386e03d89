-- get_job: one job with its payload and state; get_job_summary: the same
-- without the payload. No row when there is no such job.
begin;
select plan(6);

select test_fx.worker('w');
select (test_fx.job('waiting', task := 't', queue_name := 'q', job_key := 'k', payload := '{"a": [1, 2]}', flags := array['f'])).id as waiting \gset
select (test_fx.job('locked', task := 't', worker := 'w')).id as running \gset
select graphile_worker.add_job('t', job_key := 'k', payload := '{"a": [3]}');

select results_eq(format($$select id, queue_name, task_identifier, payload::text, key, revision, flags, attempts, last_error, locked_by, state
    from graphile_worker.get_job(%s)$$, :waiting),
  format($$values (%s::bigint, null::text, 't'::text, '{"a": [3]}'::text, 'k'::text, 1, null::jsonb, 0::smallint, null::text, null::text, 'ready'::text)$$, :waiting),
  'a waiting job: payload, key, revision, flags and queue (a keyed add replaced them), attempts, state');
select results_eq(format($$select locked_by, locked_at = now(), attempts, state from graphile_worker.get_job(%s)$$, :running),
  $$values ('w'::text, true, 1::smallint, 'running'::text)$$, 'a running job: its worker and lock time');
select is_empty($$select * from graphile_worker.get_job(-1)$$, 'no such job: no row');
select is_empty($$select * from graphile_worker.get_job(null)$$, 'a null id: no row');
select results_eq(format($$select id, key, revision, state from graphile_worker.get_job_summary(%s)$$, :waiting),
  format($$values (%s::bigint, 'k'::text, 1, 'ready'::text)$$, :waiting), 'get_job_summary: the same job');
select is_empty($$select * from graphile_worker.get_job_summary(-1)$$, 'get_job_summary: no such job, no row');

select * from finish();
rollback;
