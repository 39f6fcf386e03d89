-- trigger_schedule: one job now, outside the timetable.
begin;
select plan(11);

select graphile_worker.upsert_schedule('digest', '0 3 * * *', 'send_digest', '{"to": "all"}', queue_name := 'q',
  priority := -2, max_attempts := 4, flags := array['f']);
create temp table schedule as select * from graphile_worker.schedules where id = 'digest';
create temp table triggered as select * from graphile_worker.trigger_schedule('digest');
select results_eq(
  $$select task_identifier, queue_name, priority, max_attempts, flags, run_at, payload::jsonb
    from graphile_worker._private_jobs where id = (select id from triggered)$$,
  $$values ('send_digest', 'q', -2::smallint, 4::smallint, '{"f": true}'::jsonb, now(),
      jsonb_build_object('to', 'all', '_cron', jsonb_build_object(
        'ts', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'backfilled', false)))$$,
  'the job is the schedule''s, running now, with _cron {ts: now, backfilled: false}'
);
select results_eq($$select last_job_id, last_fire_at, next_fire_at from graphile_worker.schedules where id = 'digest'$$,
  $$select (select id from triggered), null::timestamptz, (select next_fire_at from schedule)$$,
  'last_job_id is the new job; the timetable does not move');

-- Paused schedules can be triggered.
select graphile_worker.pause_schedule('digest');
select lives_ok($$select graphile_worker.trigger_schedule('digest')$$, 'a paused schedule can be triggered');
select is((select count(*)::int from graphile_worker._private_jobs where task_identifier = 'send_digest'), 2, 'a second job');
select is((select enabled from graphile_worker.schedules where id = 'digest'), false, 'it stays paused');

-- A keyed schedule: the job lands on the existing one; the real id comes back.
select graphile_worker.upsert_schedule('keyed', '0 3 * * *', 'k', job_key := 'the-key');
select graphile_worker.add_job('k', '{"first": true}', job_key := 'the-key') as existing \gset
select graphile_worker.trigger_schedule('keyed') as k \gset
select is((:'k'::graphile_worker.job).id, (:'existing'::graphile_worker.job).id, 'a keyed trigger returns the existing job''s id');
select is((:'k'::graphile_worker.job).revision, 1, 'which it updated');
select is((select last_job_id from graphile_worker.schedules where id = 'keyed'), (:'existing'::graphile_worker.job).id,
  'and last_job_id is that job');
select is((select payload::jsonb ? '_cron' from graphile_worker._private_jobs where key = 'the-key'), true,
  'whose payload is the schedule''s now');

select throws_ok($$select graphile_worker.trigger_schedule('nope')$$, 'P0002',
  'trigger_schedule: no schedule has id ''nope''', 'an unknown id');
select throws_ok($$select graphile_worker.trigger_schedule(null)$$, '22004', 'trigger_schedule: id must not be null', 'id null');

select * from finish();
rollback;
