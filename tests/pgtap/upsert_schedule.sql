-- upsert_schedule: creates or replaces a schedule; the timetable goes on
-- unless cron, time zone or enabled change; crontab schedules are
-- refused; every bad argument is refused and writes nothing.
begin;
select plan(37);

select graphile_worker.upsert_schedule('nightly', '0 3 * * *', 'send_digest', '{"to": "all"}',
  queue_name := 'digests', priority := 5, max_attempts := 3, flags := array['slow'], job_key := 'digest',
  job_key_mode := 'preserve_run_at', catch_up := 'all', catch_up_window := '6 hours') as s \gset
select results_eq(
  $$select id, cron, time_zone, task_identifier, payload::text, queue_name, priority, max_attempts, flags, job_key,
      job_key_mode, catch_up, catch_up_window, enabled, source, last_fire_at, last_job_id
    from graphile_worker.schedules$$,
  $$values ('nightly', '0 3 * * *', 'UTC', 'send_digest', '{"to": "all"}', 'digests', 5::smallint, 3::smallint,
      array['slow'], 'digest', 'preserve_run_at', 'all', '6 hours'::interval, true, null::text, null::timestamptz,
      null::bigint)$$,
  'the schedule is in the view with every argument'
);
select is((:'s'::graphile_worker.schedules).next_fire_at,
  (select fire_at from graphile_worker.preview_schedule('0 3 * * *', 'UTC', now(), 1)),
  'it first fires at its first fire time after now');
select is((:'s'::graphile_worker.schedules).id, 'nightly', 'upsert_schedule returns the schedule');

-- Defaults.
select graphile_worker.upsert_schedule('plain', '* * * * *', 't') as p \gset
select results_eq(
  $$select payload::text, time_zone, queue_name, priority, max_attempts, flags, job_key, job_key_mode, catch_up,
      catch_up_window, enabled from graphile_worker.schedules where id = 'plain'$$,
  $$values ('{}', 'UTC', null::text, null::smallint, null::smallint, null::text[], null::text, null::text, 'latest',
      '1 day'::interval, true)$$,
  'defaults: an empty payload, UTC, catch_up latest within a day, enabled, job defaults left to add_job'
);

-- Replacing keeps the timetable (and a fire that is due) unless it changes.
update graphile_worker._private_schedules set next_fire_at = now() - interval '5 minutes' where id = 'plain';
select graphile_worker.upsert_schedule('plain', '* * * * *', 'other_task', '{"v": 2}', priority := 0);
select results_eq(
  $$select task_identifier, payload::text, priority, next_fire_at from graphile_worker.schedules where id = 'plain'$$,
  $$values ('other_task', '{"v": 2}', 0::smallint, now() - interval '5 minutes')$$,
  'a replacement with the same cron and time zone keeps the due fire time (0 is a value)'
);
select graphile_worker.upsert_schedule('plain', '*/5 * * * *', 'other_task');
select is((select next_fire_at from graphile_worker.schedules where id = 'plain'),
  (select fire_at from graphile_worker.preview_schedule('*/5 * * * *', 'UTC', now(), 1)),
  'a new cron starts afresh from now');
select graphile_worker.upsert_schedule('plain', '*/5 * * * *', 'other_task', time_zone := 'Asia/Kolkata');
select is((select next_fire_at from graphile_worker.schedules where id = 'plain'),
  (select fire_at from graphile_worker.preview_schedule('*/5 * * * *', 'Asia/Kolkata', now(), 1)),
  'so does a new time zone');
select is((select created_at from graphile_worker.schedules where id = 'plain'), (:'p'::graphile_worker.schedules).created_at,
  'created_at stays');

-- enabled.
select graphile_worker.upsert_schedule('plain', '*/5 * * * *', 'other_task', enabled := false);
select results_eq($$select enabled, next_fire_at from graphile_worker.schedules where id = 'plain'$$,
  $$values (false, null::timestamptz)$$, 'enabled false pauses it');
select graphile_worker.upsert_schedule('plain', '*/5 * * * *', 'other_task');
select results_eq($$select enabled, next_fire_at > now() from graphile_worker.schedules where id = 'plain'$$,
  $$values (true, true)$$, 'and upserting it enabled resumes it, from now');
select graphile_worker.upsert_schedule('paused-new', '* * * * *', 't', enabled := false);
select results_eq($$select enabled, next_fire_at from graphile_worker.schedules where id = 'paused-new'$$,
  $$values (false, null::timestamptz)$$, 'a schedule may be created paused');

-- A crontab's schedule is changed through its crontab.
select graphile_worker.sync_crontab('main', '[{"cron": "0 * * * *", "task_identifier": "hourly"}]');
select throws_ok($$select graphile_worker.upsert_schedule('hourly', '0 * * * *', 'hourly')$$, '55000',
  'upsert_schedule: schedule ''hourly'' belongs to crontab ''main'' (sync_crontab); change it there, or remove_schedule it first',
  'a crontab''s schedule is refused');

-- Bad input: refused with the argument named, nothing written.
create temp table before as select * from graphile_worker._private_schedules;
select throws_ok($$select graphile_worker.upsert_schedule(null, '* * * * *', 't')$$, '22004',
  'upsert_schedule: id must not be null', 'id null');
select throws_ok($$select graphile_worker.upsert_schedule('', '* * * * *', 't')$$, '22023',
  'upsert_schedule: id must not be empty', 'id empty');
select throws_ok($$select graphile_worker.upsert_schedule(repeat('i', 129), '* * * * *', 't')$$, '22001',
  'upsert_schedule: id must be at most 128 characters (got 129)', 'id too long');
select throws_ok($$select graphile_worker.upsert_schedule('x', '61 * * * *', 't')$$, '22023',
  'upsert_schedule: cron''s minute field must hold values from 0 to 59 (got ''61'')', 'a bad cron field');
select throws_ok($$select graphile_worker.upsert_schedule('x', null, 't')$$, '22004',
  'upsert_schedule: cron must not be null', 'cron null');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', null)$$, '22004',
  'upsert_schedule: task_identifier must not be null', 'task_identifier null');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', '')$$, '22023',
  'upsert_schedule: task_identifier must not be empty', 'task_identifier empty');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', repeat('t', 129))$$, '22001',
  'upsert_schedule: task_identifier must be at most 128 characters (got 129)', 'task_identifier too long');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', '[1, 2]')$$, '22023',
  'upsert_schedule: payload must be a JSON object, which jobs get with _cron added (got array)', 'an array payload');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', queue_name := '')$$, '22023',
  'upsert_schedule: queue_name must not be empty', 'queue_name empty');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', queue_name := repeat('q', 129))$$, '22001',
  'upsert_schedule: queue_name must be at most 128 characters (got 129)', 'queue_name too long');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', priority := 32768)$$, '22003',
  'upsert_schedule: priority must be between -32768 and 32767 (got 32768)', 'priority out of range');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', max_attempts := 0)$$, '22023',
  'upsert_schedule: max_attempts must be at least 1 (got 0)', 'max_attempts 0');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', max_attempts := 32768)$$, '22003',
  'upsert_schedule: max_attempts must be at most 32767 (got 32768)', 'max_attempts too large');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', flags := array['a', null])$$, '22004',
  'upsert_schedule: flags must not contain null', 'a null flag');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', flags := array[''])$$, '22023',
  'upsert_schedule: flags must not contain an empty string', 'an empty flag');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', job_key := '')$$, '22023',
  'upsert_schedule: job_key must not be empty', 'job_key empty');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', job_key := repeat('k', 513))$$, '22001',
  'upsert_schedule: job_key must be at most 512 characters (got 513)', 'job_key too long');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', job_key := 'k', job_key_mode := 'upsert')$$, '22023',
  'upsert_schedule: job_key_mode must be one of replace, preserve_run_at, unsafe_dedupe (got ''upsert'')', 'an unknown job_key_mode');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', catch_up := 'some')$$, '22023',
  'upsert_schedule: catch_up must be one of none, latest, all (got ''some'')', 'an unknown catch_up');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', catch_up := null)$$, '22004',
  'upsert_schedule: catch_up must not be null', 'catch_up null');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', catch_up_window := '-1 minute')$$, '22023',
  'upsert_schedule: catch_up_window must be an interval from 0 to 100 years (got -00:01:00)', 'a negative catch_up_window');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', catch_up_window := null)$$, '22004',
  'upsert_schedule: catch_up_window must not be null', 'catch_up_window null');
select throws_ok($$select graphile_worker.upsert_schedule('x', '* * * * *', 't', enabled := null)$$, '22004',
  'upsert_schedule: enabled must not be null', 'enabled null');
select set_eq($$select s::text from graphile_worker._private_schedules s$$, $$select b::text from before b$$, 'nothing was written');

select * from finish();
rollback;
