-- remove_schedule: deletes the schedule and returns it; its jobs stay.
begin;
select plan(7);

select graphile_worker.upsert_schedule('gone', '* * * * *', 't');
select graphile_worker.trigger_schedule('gone');
select results_eq($$select id, cron, task_identifier from graphile_worker.remove_schedule('gone')$$,
  $$values ('gone', '* * * * *', 't')$$, 'the removed schedule is returned');
select is((select count(*)::int from graphile_worker._private_schedules where id = 'gone'), 0, 'and deleted');
select is((select count(*)::int from graphile_worker._private_jobs where task_identifier = 't'), 1, 'its jobs stay');
select is_empty($$select * from graphile_worker.remove_schedule('gone')$$, 'removing it again returns no row');
select is_empty($$select * from graphile_worker.remove_schedule('never-existed')$$, 'an unknown id returns no row');

-- A crontab's schedule can be removed (its crontab brings it back).
select graphile_worker.sync_crontab('main', '[{"cron": "0 * * * *", "task_identifier": "hourly"}]');
select is((select count(*)::int from graphile_worker.remove_schedule('hourly')), 1, 'a crontab''s schedule can be removed');

select throws_ok($$select graphile_worker.remove_schedule(null)$$, '22004', 'remove_schedule: id must not be null', 'id null');

select * from finish();
rollback;
