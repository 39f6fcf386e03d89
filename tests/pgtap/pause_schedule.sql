-- pause_schedule: a paused schedule does not fire until resumed.
begin;
select plan(8);

select graphile_worker.upsert_schedule('p', '* * * * *', 't');
update graphile_worker._private_schedules set next_fire_at = now() - interval '10 seconds' where id = 'p';
select results_eq($$select id, enabled, next_fire_at from graphile_worker.pause_schedule('p')$$,
  $$values ('p', false, null::timestamptz)$$, 'the paused schedule is returned, with no next fire time');
select is_empty($$select * from graphile_worker.tick_schedules()$$, 'a tick does not fire it, though it was due');
select is((select updated_at from graphile_worker.schedules where id = 'p'), now(), 'updated_at moves');
update graphile_worker._private_schedules set updated_at = now() - interval '1 hour' where id = 'p';
select results_eq($$select enabled, updated_at from graphile_worker.pause_schedule('p')$$,
  $$values (false, now() - interval '1 hour')$$, 'pausing a paused schedule changes nothing');

-- A crontab's schedule stays paused when the crontab is synced again.
select graphile_worker.sync_crontab('main', '[{"cron": "0 * * * *", "task_identifier": "hourly"}]');
select graphile_worker.pause_schedule('hourly');
select is_empty($$select * from graphile_worker.sync_crontab('main', '[{"cron": "0 * * * *", "task_identifier": "hourly"}]')$$,
  'syncing the crontab again changes nothing');
select is((select enabled from graphile_worker.schedules where id = 'hourly'), false, 'and it stays paused');

select throws_ok($$select graphile_worker.pause_schedule('nope')$$, 'P0002',
  'pause_schedule: no schedule has id ''nope''', 'an unknown id');
select throws_ok($$select graphile_worker.pause_schedule(null)$$, '22004', 'pause_schedule: id must not be null', 'id null');

select * from finish();
rollback;
