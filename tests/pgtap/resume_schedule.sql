-- resume_schedule: a paused schedule fires again from its next fire time
-- after now; the fires it missed while paused are not caught up.
begin;
select plan(6);

select graphile_worker.upsert_schedule('r', '*/10 * * * *', 't', catch_up := 'all', catch_up_window := '1 day');
select graphile_worker.pause_schedule('r');
select results_eq($$select id, enabled, next_fire_at from graphile_worker.resume_schedule('r')$$,
  $$select 'r', true, fire_at from graphile_worker.preview_schedule('*/10 * * * *', 'UTC', now(), 1)$$,
  'the resumed schedule is returned, next firing at its first fire time after now');
select is_empty($$select * from graphile_worker.tick_schedules()$$, 'nothing missed while paused is caught up');

update graphile_worker._private_schedules set next_fire_at = now() - interval '1 hour', updated_at = now() - interval '1 hour'
where id = 'r';
select results_eq($$select enabled, next_fire_at, updated_at from graphile_worker.resume_schedule('r')$$,
  $$values (true, now() - interval '1 hour', now() - interval '1 hour')$$,
  'resuming a schedule that is not paused changes nothing (a due fire stays due)');

-- A schedule whose item left its crontab can be resumed by hand.
select graphile_worker.sync_crontab('main', '[{"cron": "0 * * * *", "task_identifier": "hourly"}]');
select graphile_worker.sync_crontab('main', '[]');
select is((graphile_worker.resume_schedule('hourly')).enabled, true, 'a schedule that left its crontab can be resumed');

select throws_ok($$select graphile_worker.resume_schedule('nope')$$, 'P0002',
  'resume_schedule: no schedule has id ''nope''', 'an unknown id');
select throws_ok($$select graphile_worker.resume_schedule(null)$$, '22004', 'resume_schedule: id must not be null', 'id null');

select * from finish();
rollback;
