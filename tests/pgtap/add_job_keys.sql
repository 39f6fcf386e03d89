-- Job keys: every job_key_mode against every state of the existing job.
begin;
select plan(61);

-- A keyed job in a given state: waiting, retry (failed once, waiting for its
-- retry), locked (running), failed (permanently failed) or completed (gone).
create function pg_temp.keyed(key text, state text) returns bigint language plpgsql as $$
declare v_id bigint;
begin
  v_id := (test_fx.job(
    case state when 'retry' then 'failed' when 'locked' then 'locked_v1' when 'failed' then 'permanently_failed' else 'waiting' end,
    task := 'old_task', payload := '{"old": true}', queue_name := 'old_queue', run_at := '2031-01-01',
    max_attempts := 5, job_key := key, priority := 7, flags := array['old'], worker := 'worker-1')).id;
  if state = 'completed' then
    delete from graphile_worker._private_jobs where id = v_id;
  end if;
  return v_id;
end $$;

create function pg_temp.again(key text, mode text) returns graphile_worker.job language sql as $$
  select graphile_worker.add_job('new_task', '{"new": true}', job_key := key, job_key_mode := mode)
$$;

create function pg_temp.row(id bigint) returns graphile_worker._private_jobs language sql as $$
  select * from graphile_worker._private_jobs where id = $1
$$;

-- replace, waiting: updated in place with every field from the new call.
select pg_temp.keyed('r-wait', 'waiting') as old \gset
select pg_temp.again('r-wait', 'replace') as new \gset
select is((:'new'::graphile_worker.job).id, :old::bigint, 'replace/waiting: same job');
select is((:'new'::graphile_worker.job).revision, 1, 'replace/waiting: revision + 1');
select results_eq(
  format('select task_identifier, payload::text, queue_name, run_at, max_attempts, priority, flags, attempts from pg_temp.row(%s)', :old),
  $$values ('new_task', '{"new": true}', null::text, now(), 25::smallint, 0::smallint, null::jsonb, 0::smallint)$$,
  'replace/waiting: every field comes from the new call, omitted ones back to their defaults'
);
select is((select count(*)::int from graphile_worker.jobs where key = 'r-wait'), 1, 'replace/waiting: one job holds the key');

-- replace, waiting for a retry: updated in place, attempts and error reset.
select pg_temp.keyed('r-retry', 'retry') as old \gset
select pg_temp.again('r-retry', 'replace') as new \gset
select is((:'new'::graphile_worker.job).id, :old::bigint, 'replace/retry: same job');
select results_eq(
  format('select attempts, last_error, run_at, revision from pg_temp.row(%s)', :old),
  $$values (0::smallint, null::text, now(), 1)$$,
  'replace/retry: attempts 0, last_error cleared, run_at from the new call, revision + 1'
);

-- replace, locked: the running job loses its key and will not be retried; a new job takes the key.
select pg_temp.keyed('r-locked', 'locked') as old \gset
select pg_temp.again('r-locked', 'replace') as new \gset
select isnt((:'new'::graphile_worker.job).id, :old::bigint, 'replace/locked: a new job');
select results_eq(
  format('select key, attempts, max_attempts, locked_by from pg_temp.row(%s)', :old),
  $$values (null::text, 5::smallint, 5::smallint, 'worker-1')$$,
  'replace/locked: the old job keeps running, without its key, with no attempts left'
);
select results_eq(
  format('select key, revision, attempts, task_identifier from pg_temp.row(%s)', (:'new'::graphile_worker.job).id),
  $$values ('r-locked', 0, 0::smallint, 'new_task')$$,
  'replace/locked: the new job holds the key'
);
select is((pg_temp.row(:old)).last_error, 'will not run again: its job_key was given to a newer job, or removed, while it was running',
  'replace/locked: the running job''s last_error says why it will not run again');

-- replace, permanently failed: the same.
select pg_temp.keyed('r-failed', 'failed') as old \gset
select pg_temp.again('r-failed', 'replace') as new \gset
select isnt((:'new'::graphile_worker.job).id, :old::bigint, 'replace/failed: a new job');
select is((pg_temp.row(:old)).key, null, 'replace/failed: the failed job loses its key');
select is((pg_temp.row(:old)).last_error, 'boom', 'replace/failed: the failed job keeps its error');
select is((:'new'::graphile_worker.job).key, 'r-failed', 'replace/failed: the new job holds the key');

-- replace, completed: a new job.
select pg_temp.keyed('r-done', 'completed') as old \gset
select pg_temp.again('r-done', 'replace') as new \gset
select isnt((:'new'::graphile_worker.job).id, :old::bigint, 'replace/completed: a new job');
select is((:'new'::graphile_worker.job).revision, 0, 'replace/completed: revision 0');

-- preserve_run_at, waiting (never attempted): updated, run_at kept.
select pg_temp.keyed('p-wait', 'waiting') as old \gset
select pg_temp.again('p-wait', 'preserve_run_at') as new \gset
select is((:'new'::graphile_worker.job).id, :old::bigint, 'preserve_run_at/waiting: same job');
select is((pg_temp.row(:old)).run_at, '2031-01-01'::timestamptz, 'preserve_run_at/waiting: run_at kept');
select is((pg_temp.row(:old)).payload::text, '{"new": true}', 'preserve_run_at/waiting: payload replaced');
select is((pg_temp.row(:old)).revision, 1, 'preserve_run_at/waiting: revision + 1');

-- preserve_run_at, waiting for a retry (attempted): run_at from the new call.
select pg_temp.keyed('p-retry', 'retry') as old \gset
select pg_temp.again('p-retry', 'preserve_run_at') as new \gset
select is((:'new'::graphile_worker.job).id, :old::bigint, 'preserve_run_at/retry: same job');
select is((pg_temp.row(:old)).run_at, now(), 'preserve_run_at/retry: an attempted job takes the new run_at');
select is((pg_temp.row(:old)).attempts, 0::smallint, 'preserve_run_at/retry: attempts reset');

-- preserve_run_at, locked / failed / completed: as replace.
select pg_temp.keyed('p-locked', 'locked') as old \gset
select pg_temp.again('p-locked', 'preserve_run_at') as new \gset
select isnt((:'new'::graphile_worker.job).id, :old::bigint, 'preserve_run_at/locked: a new job');
select is((pg_temp.row(:old)).key, null, 'preserve_run_at/locked: the running job loses its key');
select is((pg_temp.row(:old)).attempts, 5::smallint, 'preserve_run_at/locked: and will not be retried');
select is((:'new'::graphile_worker.job).run_at, now(), 'preserve_run_at/locked: the new job runs at the new run_at');
select pg_temp.keyed('p-failed', 'failed') as old \gset
select pg_temp.again('p-failed', 'preserve_run_at') as new \gset
select isnt((:'new'::graphile_worker.job).id, :old::bigint, 'preserve_run_at/failed: a new job');
select is((pg_temp.row(:old)).key, null, 'preserve_run_at/failed: the failed job loses its key');
select pg_temp.keyed('p-done', 'completed') as old \gset
select pg_temp.again('p-done', 'preserve_run_at') as new \gset
select isnt((:'new'::graphile_worker.job).id, :old::bigint, 'preserve_run_at/completed: a new job');
select is((:'new'::graphile_worker.job).key, 'p-done', 'preserve_run_at/completed: it holds the key');

-- unsafe_dedupe: only the revision changes, whatever the state; a new job only when none exists.
select pg_temp.keyed('u-wait', 'waiting') as old \gset
select pg_temp.row(:old) as before \gset
select pg_temp.again('u-wait', 'unsafe_dedupe') as new \gset
select is((:'new'::graphile_worker.job).id, :old::bigint, 'unsafe_dedupe/waiting: same job');
select is((:'new'::graphile_worker.job).revision, 1, 'unsafe_dedupe/waiting: revision + 1');
select is(
  (select row(payload::text, run_at, priority, queue_name, task_identifier, updated_at, attempts)::text from pg_temp.row(:old)),
  (select row(payload::text, run_at, priority, queue_name, task_identifier, updated_at, attempts)::text from (select (:'before'::graphile_worker._private_jobs).*) b),
  'unsafe_dedupe/waiting: nothing else changes'
);
select pg_temp.keyed('u-retry', 'retry') as old \gset
select pg_temp.again('u-retry', 'unsafe_dedupe') as new \gset
select is((:'new'::graphile_worker.job).id, :old::bigint, 'unsafe_dedupe/retry: same job');
select results_eq(
  format('select revision, attempts, last_error from pg_temp.row(%s)', :old),
  $$values (1, 1::smallint, 'boom'::text)$$,
  'unsafe_dedupe/retry: attempts and error stay'
);
select pg_temp.keyed('u-locked', 'locked') as old \gset
select pg_temp.again('u-locked', 'unsafe_dedupe') as new \gset
select is((:'new'::graphile_worker.job).id, :old::bigint, 'unsafe_dedupe/locked: same job');
select results_eq(
  format('select revision, key, locked_by, attempts from pg_temp.row(%s)', :old),
  $$values (1, 'u-locked'::text, 'worker-1'::text, 1::smallint)$$,
  'unsafe_dedupe/locked: still running, still keyed, revision + 1'
);
select is((select count(*)::int from graphile_worker.jobs where task_identifier = 'new_task' and key = 'u-locked'), 0, 'unsafe_dedupe/locked: no new job');
select pg_temp.keyed('u-failed', 'failed') as old \gset
select pg_temp.again('u-failed', 'unsafe_dedupe') as new \gset
select is((:'new'::graphile_worker.job).id, :old::bigint, 'unsafe_dedupe/failed: same job');
select is((pg_temp.row(:old)).attempts, 5::smallint, 'unsafe_dedupe/failed: still permanently failed');
select is((pg_temp.row(:old)).revision, 1, 'unsafe_dedupe/failed: revision + 1');
select pg_temp.keyed('u-done', 'completed') as old \gset
select pg_temp.again('u-done', 'unsafe_dedupe') as new \gset
select isnt((:'new'::graphile_worker.job).id, :old::bigint, 'unsafe_dedupe/completed: a new job');
select is((:'new'::graphile_worker.job).revision, 0, 'unsafe_dedupe/completed: revision 0');
select is((:'new'::graphile_worker.job).payload::text, '{"new": true}', 'unsafe_dedupe/completed: with the new payload');

-- Batch jobs: two array payloads are concatenated; anything else replaces.
select graphile_worker.add_job('batch', '[1, 2]', job_key := 'b') as first \gset
select is((graphile_worker.add_job('batch', '[3]', job_key := 'b')).payload::text, '[3]', 'array + array: the caller gets back what it sent, not the other items');
select is((select payload::text from graphile_worker._private_jobs where key = 'b'), '[1, 2, 3]', 'array + array: appended');
select graphile_worker.add_job('batch', '[{"a": 1}]', job_key := 'b', job_key_mode := 'preserve_run_at') \gset
select is((select payload::text from graphile_worker._private_jobs where key = 'b'), '[1, 2, 3, {"a": 1}]', 'preserve_run_at appends too');
select is((graphile_worker.add_job('batch', '{"x": 1}', job_key := 'b')).payload::text, '{"x": 1}', 'array then object: the object replaces');
select is((graphile_worker.add_job('batch', '[4]', job_key := 'b')).payload::text, '[4]', 'object then array: the array replaces');
select is((graphile_worker.add_job('batch', '[5]', job_key := 'b', job_key_mode := 'unsafe_dedupe')).payload::text, '[5]', 'unsafe_dedupe: the caller gets back what it sent');
select is((select payload::text from graphile_worker._private_jobs where key = 'b'), '[4]', 'unsafe_dedupe does not append');
select is((select id from graphile_worker.jobs where key = 'b'), (:'first'::graphile_worker.job).id, 'one job throughout');
select (test_fx.job('locked_v1', task := 'old_task', payload := '[1]', job_key := 'b-locked', worker := 'worker-1')).id as old \gset
select is((graphile_worker.add_job('batch', '[2]', job_key := 'b-locked')).payload::text, '[2]', 'a running batch job is not appended to: the new job starts afresh');
select is((pg_temp.row(:old)).payload::text, '[1]', 'the running batch job keeps its payload');

-- A keyed add changes the job's queue and registers it.
select graphile_worker.add_job('q', job_key := 'moving', queue_name := 'first') \gset
select is((graphile_worker.add_job('q', job_key := 'moving', queue_name := 'second')).queue_name, 'second', 'a keyed update moves the job to the new queue');
select is((select count(*)::int from graphile_worker._private_job_queues where queue_name = 'second'), 1, 'the new queue is registered');

-- job_key_mode null means replace; the mode is ignored without a key.
select pg_temp.keyed('n-wait', 'waiting') as old \gset
select is((graphile_worker.add_job('t', '{"n": 1}', job_key := 'n-wait', job_key_mode := null)).payload::text, '{"n": 1}', 'a null job_key_mode replaces');
select is((graphile_worker.add_job('t', job_key_mode := 'unsafe_dedupe')).revision, 0, 'a mode without a key adds a plain job');

-- Keys are exact: case and spaces matter.
select pg_temp.keyed('Case', 'waiting') as old \gset
select isnt((graphile_worker.add_job('t', job_key := 'case')).id, :old::bigint, 'keys are case-sensitive');
select isnt((graphile_worker.add_job('t', job_key := 'Case ')).id, :old::bigint, 'trailing spaces make another key');

select * from finish();
rollback;
