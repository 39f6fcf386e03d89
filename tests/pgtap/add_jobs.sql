-- add_jobs: batch order, keys in a batch, job_key_preserve_run_at, bad input.
begin;
select plan(24);

create function pg_temp.spec(identifier text, job_key text default null, payload json default null, run_at timestamptz default null)
returns graphile_worker.job_spec language sql as $$
  select row(identifier, payload, null, run_at, null, job_key, null, null)::graphile_worker.job_spec
$$;

-- One row per spec, in the order of specs, keyed or not.
select graphile_worker.add_job('t', '[0]', job_key := 'existing', run_at := '2031-01-01') \gset
select results_eq(
  $$select task_identifier, key, payload::text from graphile_worker.add_jobs(array[
      pg_temp.spec('a'),
      pg_temp.spec('b', 'k1', '{"b":1}'),
      pg_temp.spec('c'),
      pg_temp.spec('d', 'existing', '[1]'),
      pg_temp.spec('e')
    ])$$,
  $$values ('a', null::text, '{}'::text), ('b', 'k1', '{"b":1}'), ('c', null, '{}'), ('d', 'existing', '[1]'), ('e', null, '{}')$$,
  'rows come back in the order of specs, keyed updates and inserts included'
);
select is((select count(*)::int from graphile_worker.jobs), 5, 'five jobs: the keyed one was updated, not duplicated');
select is((select run_at from graphile_worker.jobs where key = 'existing'), now(), 'without job_key_preserve_run_at the keyed job takes the new run_at');

-- job_key_preserve_run_at applies to every keyed spec of the batch.
select graphile_worker.add_job('t', job_key := 'p1', run_at := '2032-01-01') \gset
select graphile_worker.add_job('t', job_key := 'p2', run_at := '2033-01-01') \gset
select results_eq(
  $$select key, run_at from graphile_worker.add_jobs(array[pg_temp.spec('t', 'p1'), pg_temp.spec('t', 'p2'), pg_temp.spec('t', 'p3', run_at := '2034-01-01')], true)$$,
  $$values ('p1'::text, '2032-01-01'::timestamptz), ('p2', '2033-01-01'), ('p3', '2034-01-01')$$,
  'job_key_preserve_run_at keeps the run_at of every waiting keyed job'
);

-- A large batch keeps its order.
select is(
  (select array_agg((payload->>'i')::int order by ordinality)
     from graphile_worker.add_jobs(array(select pg_temp.spec('bulk', payload := json_build_object('i', i)) from generate_series(1, 1000) i)) with ordinality),
  (select array_agg(i) from generate_series(1, 1000) i),
  'a batch of 1000 comes back in order'
);
select is((select count(*)::int from graphile_worker.jobs where task_identifier = 'bulk'), 1000, 'and all 1000 were added');
select is((select count(*)::int from graphile_worker._private_tasks where identifier = 'bulk'), 1, 'the identifier is registered once');

-- Every field of a job_spec.
select results_eq(
  $$select task_identifier, payload::text, queue_name, run_at, max_attempts, key, priority, flags
      from graphile_worker.add_jobs(array[row('full', '{"x":1}', 'q1', '2030-05-05', 2, 'full-key', 3, array['f'])::graphile_worker.job_spec])$$,
  $$values ('full'::text, '{"x":1}'::text, 'q1'::text, '2030-05-05'::timestamptz, 2::smallint, 'full-key'::text, 3::smallint, '{"f": true}'::jsonb)$$,
  'every field of a job_spec is stored'
);

-- Bad input names the spec and the field; nothing is written.
select count(*) as before from graphile_worker._private_jobs \gset
select throws_ok($$select graphile_worker.add_jobs(null)$$, '22004', 'add_jobs: specs must not be null', 'null specs');
select throws_ok($$select graphile_worker.add_jobs('{}')$$, '22023', 'add_jobs: specs must contain at least one job', 'empty specs');
select throws_ok($$select graphile_worker.add_jobs(array[pg_temp.spec('ok'), pg_temp.spec(null)])$$, '22004', 'add_jobs: specs[2].identifier must not be null', 'a null identifier in the second spec');
select throws_ok($$select graphile_worker.add_jobs(array[pg_temp.spec('ok'), pg_temp.spec('')])$$, '22023', 'add_jobs: specs[2].identifier must not be empty', 'an empty identifier');
select throws_ok($$select graphile_worker.add_jobs(array[pg_temp.spec('ok'), pg_temp.spec('ok', '')])$$, '22023', 'add_jobs: specs[2].job_key must not be empty', 'an empty key');
select throws_ok($$select graphile_worker.add_jobs(array[row('t', null, repeat('q', 200), null, null, null, null, null)::graphile_worker.job_spec])$$, '22001', 'add_jobs: specs[1].queue_name must be at most 128 characters (got 200)', 'a long queue name');
select throws_ok($$select graphile_worker.add_jobs(array[row('t', null, null, null, 0, null, null, null)::graphile_worker.job_spec])$$, '22023', 'add_jobs: specs[1].max_attempts must be at least 1 (got 0)', 'max_attempts 0');
select throws_ok($$select graphile_worker.add_jobs(array[row('t', null, null, null, 40000, null, null, null)::graphile_worker.job_spec])$$, '22003', null, 'max_attempts beyond smallint is refused by the job_spec type');
select throws_ok($$select graphile_worker.add_jobs(array[row('t', null, null, null, null, null, null, array[null])::graphile_worker.job_spec])$$, '22004', 'add_jobs: specs[1].flags must not contain null', 'a null flag');
select throws_ok(
  $$select graphile_worker.add_jobs(array[pg_temp.spec('a', 'same'), pg_temp.spec('b', 'other'), pg_temp.spec('c', 'same')])$$,
  '21000', $$add_jobs: specs[3].job_key 'same' repeats specs[1].job_key; a batch may use each key once$$,
  'the same key twice in one batch'
);
select throws_ok(
  $$select graphile_worker.add_jobs(array[pg_temp.spec('fine'), pg_temp.spec('fine', 'new-key'), pg_temp.spec('')])$$,
  '22023', 'add_jobs: specs[3].identifier must not be empty', 'the first bad spec is reported, after good ones'
);
select is((select count(*) from graphile_worker._private_jobs), :before::bigint, 'refused batches wrote nothing');
select is((select count(*)::int from graphile_worker._private_tasks where identifier = 'fine'), 0, 'not even the task identifier of a good spec');
select is((select count(*)::int from graphile_worker._private_jobs where key = 'new-key'), 0, 'nor a keyed job');

-- The first error wins in spec order, not rule order.
select throws_ok(
  $$select graphile_worker.add_jobs(array[pg_temp.spec('a', ''), pg_temp.spec(null)])$$,
  '22023', 'add_jobs: specs[1].job_key must not be empty', 'errors are reported in spec order'
);
select lives_ok($$select graphile_worker.add_jobs(array[pg_temp.spec('a', 'x'), pg_temp.spec('b', 'X')])$$, 'keys differing in case are different keys');

select * from finish();
rollback;
