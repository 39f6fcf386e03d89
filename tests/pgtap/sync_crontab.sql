-- sync_crontab: a crontab's items become schedules of their source,
-- idempotently; changed items are updated, vanished ones disabled (not
-- deleted), returning ones restored; a database adopted from Graphile
-- Worker goes on from _private_known_crontabs, so nothing fires twice or
-- is lost at the switch; bad input refused, nothing written.
begin;
select plan(40);

create function pg_temp.sync(items text) returns text[] language sql as $$
  select coalesce(array_agg(s.id || ' ' || s.change order by s.id), '{}') from graphile_worker.sync_crontab('main', items::json) as s
$$;

-- Added, and known.
select is(pg_temp.sync('[
    {"cron": "0 4 * * *", "task_identifier": "backup", "catch_up": "all", "catch_up_window": "1 day"},
    {"id": "digest-eu", "cron": "0 9 * * mon-fri", "task_identifier": "digest", "payload": {"region": "eu"},
     "time_zone": "Europe/Berlin", "queue_name": "mail", "priority": 1, "max_attempts": 3, "flags": ["m"],
     "job_key": "digest-eu", "job_key_mode": "preserve_run_at", "catch_up": "none"}
  ]'), array['backup added', 'digest-eu added'], 'new items are added');
select results_eq(
  $$select id, cron, time_zone, task_identifier, payload::text, queue_name, priority, max_attempts, flags, job_key,
      job_key_mode, catch_up, catch_up_window, enabled, source
    from graphile_worker.schedules order by id$$,
  $$values
    ('backup', '0 4 * * *', 'UTC', 'backup', '{}', null, null::smallint, null::smallint, null::text[], null, null, 'all',
      '1 day'::interval, true, 'main'),
    ('digest-eu', '0 9 * * mon-fri', 'Europe/Berlin', 'digest', '{"region": "eu"}', 'mail', 1::smallint, 3::smallint,
      array['m'], 'digest-eu', 'preserve_run_at', 'none', '1 day'::interval, true, 'main')$$,
  'as schedules of the source: id defaults to the task identifier, the rest as upsert_schedule takes it'
);
select results_eq(
  $$select next_fire_at from graphile_worker.schedules where id = 'backup'$$,
  $$select fire_at from graphile_worker.preview_schedule('0 4 * * *', 'UTC', now(), 1)$$,
  'a new item first fires at its first fire time after now');
select results_eq(
  $$select identifier, known_since, last_execution from graphile_worker._private_known_crontabs order by 1$$,
  $$values ('backup', now(), null::timestamptz), ('digest-eu', now(), null::timestamptz)$$,
  'and is recorded in Graphile Worker''s table, as its scheduler would');

-- Idempotent.
select is(pg_temp.sync('[
    {"cron": "0 4 * * *", "task_identifier": "backup", "catch_up": "all", "catch_up_window": "24 hours"},
    {"id": "digest-eu", "cron": "0 9 * * mon-fri", "task_identifier": "digest", "payload": {"region": "eu"},
     "time_zone": "Europe/Berlin", "queue_name": "mail", "priority": 1, "max_attempts": 3, "flags": ["m"],
     "job_key": "digest-eu", "job_key_mode": "preserve_run_at", "catch_up": "none"}
  ]'), '{}', 'the same crontab again changes nothing (and reports nothing)');

-- Updated.
update graphile_worker._private_schedules set next_fire_at = now() - interval '1 minute' where id = 'backup';
select is(pg_temp.sync('[
    {"cron": "0 4 * * *", "task_identifier": "backup", "payload": {"full": true}, "catch_up": "all", "catch_up_window": "1 day"},
    {"id": "digest-eu", "cron": "0 10 * * mon-fri", "task_identifier": "digest", "payload": {"region": "eu"},
     "time_zone": "Europe/Berlin", "queue_name": "mail", "priority": 1, "max_attempts": 3, "flags": ["m"],
     "job_key": "digest-eu", "job_key_mode": "preserve_run_at", "catch_up": "none"}
  ]'), array['backup updated', 'digest-eu updated'], 'changed items are updated');
select results_eq($$select payload::text, next_fire_at from graphile_worker.schedules where id = 'backup'$$,
  $$values ('{"full": true}', now() - interval '1 minute')$$,
  'an item whose timetable did not change keeps it (a due fire stays due)');
select results_eq($$select next_fire_at from graphile_worker.schedules where id = 'digest-eu'$$,
  $$select fire_at from graphile_worker.preview_schedule('0 10 * * mon-fri', 'Europe/Berlin', now(), 1)$$,
  'an item with a new cron starts afresh from now');

-- Vanished: disabled, not deleted.
select is(pg_temp.sync('[{"cron": "0 4 * * *", "task_identifier": "backup", "payload": {"full": true}, "catch_up": "all"}]'),
  array['digest-eu disabled'], 'an item that left the crontab is disabled');
select results_eq($$select enabled, next_fire_at, source from graphile_worker.schedules where id = 'digest-eu'$$,
  $$values (false, null::timestamptz, 'main')$$, 'kept, with its source, firing no more');
select is(pg_temp.sync('[{"cron": "0 4 * * *", "task_identifier": "backup", "payload": {"full": true}, "catch_up": "all"}]'),
  '{}', 'and not reported again');
select is(pg_temp.sync('[
    {"cron": "0 4 * * *", "task_identifier": "backup", "payload": {"full": true}, "catch_up": "all"},
    {"id": "digest-eu", "cron": "0 10 * * mon-fri", "task_identifier": "digest", "payload": {"region": "eu"},
     "time_zone": "Europe/Berlin", "queue_name": "mail", "priority": 1, "max_attempts": 3, "flags": ["m"],
     "job_key": "digest-eu", "job_key_mode": "preserve_run_at", "catch_up": "none"}
  ]'), array['digest-eu restored'], 'an item that comes back is restored');
select results_eq($$select enabled, next_fire_at from graphile_worker.schedules where id = 'digest-eu'$$,
  $$select true, fire_at from graphile_worker.preview_schedule('0 10 * * mon-fri', 'Europe/Berlin', now(), 1)$$,
  'enabled again, from now');
select is(pg_temp.sync('[]'), array['backup disabled', 'digest-eu disabled'], 'an empty crontab disables every item of its source');
select is((select count(*)::int from graphile_worker.schedules where source = 'main'), 2, 'deleting none');

-- Another source, and ids that are taken.
select graphile_worker.upsert_schedule('by-hand', '* * * * *', 't');
select is(
  (select array_agg(s.id || ' ' || s.change) from graphile_worker.sync_crontab('other', '[{"cron": "* * * * *", "task_identifier": "x"}]') as s),
  array['x added'], 'sources are apart: another crontab adds its own');
select is(pg_temp.sync('[]'), '{}', 'and syncing main does not touch it');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *", "task_identifier": "x"}]')$$, '55000',
  'sync_crontab: items[1].id ''x'' is already a schedule of crontab ''other''', 'an id of another crontab is refused');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *", "task_identifier": "t", "id": "by-hand"}]')$$, '55000',
  'sync_crontab: items[1].id ''by-hand'' is already a schedule made with upsert_schedule', 'an id made with upsert_schedule is refused');

-- Adopted from Graphile Worker: its history goes on. The switch happens
-- at 12:30; Graphile Worker last fired the hourly item at 10:00.
insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution) values
  ('hourly_fill', '2024-05-01 00:00Z', '2024-06-01 10:00Z'),
  ('hourly_nofill', '2024-05-01 00:00Z', '2024-06-01 10:00Z'),
  ('known_only', '2024-06-01 10:20Z', null);
select is(pg_temp.sync('[
    {"cron": "0 * * * *", "task_identifier": "hourly_fill", "catch_up": "all", "catch_up_window": "4 hours"},
    {"cron": "0 * * * *", "task_identifier": "hourly_nofill", "catch_up": "none"},
    {"cron": "*/15 * * * *", "task_identifier": "known_only", "catch_up": "all", "catch_up_window": "1 day"}
  ]'), array['hourly_fill added', 'hourly_nofill added', 'known_only added'], 'adopted items are added');
select results_eq(
  $$select id, last_fire_at, next_fire_at from graphile_worker.schedules where id in ('hourly_fill', 'hourly_nofill', 'known_only') order by id$$,
  $$values ('hourly_fill', '2024-06-01 10:00Z'::timestamptz, '2024-06-01 11:00Z'::timestamptz),
           ('hourly_nofill', '2024-06-01 10:00Z'::timestamptz, '2024-06-01 11:00Z'::timestamptz),
           ('known_only', null, '2024-06-01 10:30Z'::timestamptz)$$,
  'each goes on from its last execution (or from when it became known)');
select results_eq(
  $$select schedule_id, fire_at, backfilled from graphile_worker.tick_schedules('2024-06-01 12:30Z') order by 1, 2$$,
  $$values ('hourly_fill', '2024-06-01 11:00Z'::timestamptz, true), ('hourly_fill', '2024-06-01 12:00Z'::timestamptz, true),
           ('known_only', '2024-06-01 10:30Z'::timestamptz, true), ('known_only', '2024-06-01 10:45Z'::timestamptz, true),
           ('known_only', '2024-06-01 11:00Z'::timestamptz, true), ('known_only', '2024-06-01 11:15Z'::timestamptz, true),
           ('known_only', '2024-06-01 11:30Z'::timestamptz, true), ('known_only', '2024-06-01 11:45Z'::timestamptz, true),
           ('known_only', '2024-06-01 12:00Z'::timestamptz, true), ('known_only', '2024-06-01 12:15Z'::timestamptz, true),
           ('known_only', '2024-06-01 12:30Z'::timestamptz, false)$$,
  'the first tick fires what Graphile Worker would have backfilled: nothing at or before 10:00 again, nothing since lost'
);
select results_eq(
  $$select schedule_id, fire_at from graphile_worker.tick_schedules('2024-06-01 13:00:10Z') order by 1, 2$$,
  $$values ('hourly_fill', '2024-06-01 13:00Z'::timestamptz), ('hourly_nofill', '2024-06-01 13:00Z'::timestamptz),
           ('known_only', '2024-06-01 12:45Z'::timestamptz), ('known_only', '2024-06-01 13:00Z'::timestamptz)$$,
  'then on time (without fill, missed fires were skipped, as Graphile Worker skips them)'
);
select results_eq(
  $$select identifier, last_execution from graphile_worker._private_known_crontabs
    where identifier in ('hourly_fill', 'hourly_nofill', 'known_only') order by 1$$,
  $$values ('hourly_fill', '2024-06-01 13:00Z'::timestamptz), ('hourly_nofill', '2024-06-01 13:00Z'::timestamptz),
           ('known_only', '2024-06-01 13:00Z'::timestamptz)$$,
  'and the history is kept for whoever reads it next'
);

-- Bad input: refused, nothing written.
create temp table before as select s::text as row from graphile_worker._private_schedules s
  union all select k::text from graphile_worker._private_known_crontabs k;
select throws_ok($$select graphile_worker.sync_crontab(null, '[]')$$, '22004', 'sync_crontab: source must not be null', 'source null');
select throws_ok($$select graphile_worker.sync_crontab('', '[]')$$, '22023', 'sync_crontab: source must not be empty', 'source empty');
select throws_ok($$select graphile_worker.sync_crontab(repeat('s', 129), '[]')$$, '22001',
  'sync_crontab: source must be at most 128 characters (got 129)', 'source too long');
select throws_ok($$select graphile_worker.sync_crontab('main', null)$$, '22004', 'sync_crontab: items must not be null', 'items null');
select throws_ok($$select graphile_worker.sync_crontab('main', '{}')$$, '22023',
  'sync_crontab: items must be a JSON array of crontab items (got object)', 'items not an array');
select throws_ok($$select graphile_worker.sync_crontab('main', '["0 * * * * t"]')$$, '22023',
  'sync_crontab: items[1] must be a JSON object (got string)', 'an item that is not an object');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *", "task_identifier": "t", "tz": "UTC"}]')$$, '22023',
  'sync_crontab: items[1] has an unknown key ''tz''; the keys are id, cron, task_identifier, payload, time_zone, queue_name, priority, max_attempts, flags, job_key, job_key_mode, catch_up, catch_up_window',
  'an unknown key');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": 5, "task_identifier": "t"}]')$$, '22023',
  'sync_crontab: items[1].cron must be a string (got number)', 'a number where a string goes');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *", "task_identifier": "t", "priority": 1.5}]')$$, '22023',
  'sync_crontab: items[1].priority must be a whole number (got 1.5)', 'a fraction');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *", "task_identifier": "t", "priority": 1e10}]')$$, '22003',
  'sync_crontab: items[1].priority must be between -32768 and 32767 (got 10000000000)', 'a huge number');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *", "task_identifier": "t", "flags": "a"}]')$$, '22023',
  'sync_crontab: items[1].flags must be an array of strings (got "a")', 'flags not an array');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *", "task_identifier": "t", "catch_up_window": "soon"}]')$$, '22023',
  'sync_crontab: items[1].catch_up_window must be an interval such as ''1 day'' or ''90 minutes'' (got ''soon'')', 'a bad interval');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *", "task_identifier": "a"}, {"cron": "0 * * 13 *", "task_identifier": "b"}]')$$, '22023',
  'sync_crontab: items[2].cron''s month field must hold values from 1 to 12 or jan to dec (got ''13'')', 'a bad cron, naming the item');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *"}]')$$, '22004',
  'sync_crontab: items[1].task_identifier must not be null', 'an item without a task');
select throws_ok($$select graphile_worker.sync_crontab('main', '[{"cron": "* * * * *", "task_identifier": "a"}, {"cron": "0 * * * *", "task_identifier": "a"}]')$$, '21000',
  'sync_crontab: items[2].id ''a'' repeats items[1].id; a crontab may use each id once', 'an id twice');
select set_eq(
  $$select s::text from graphile_worker._private_schedules s union all select k::text from graphile_worker._private_known_crontabs k$$,
  $$select row from before$$, 'nothing was written');

select * from finish();
rollback;
