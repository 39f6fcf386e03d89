-- tick_schedules: fires due schedules through add_jobs' path (keys,
-- queues, flags, priority, max_attempts as add_job), moves them on, and
-- returns the jobs; crontab schedules keep Graphile Worker's history; a
-- `now` ahead of the database clock is refused. (Concurrent tickers:
-- tests/ts/schedules-concurrency.test.ts; catch-up: schedule_catch_up.sql.)
begin;
select plan(23);

select is_empty($$select * from graphile_worker.tick_schedules()$$, 'with no schedules, a tick adds nothing');

select graphile_worker.upsert_schedule('every-5', '*/5 * * * *', 'report', '{"kind": "short"}', queue_name := 'reports',
  priority := 3, max_attempts := 2, flags := array['slow', 'io']);
select graphile_worker.upsert_schedule('daily', '0 6 * * *', 'daily_task');
select is_empty($$select * from graphile_worker.tick_schedules()$$, 'nothing is due right after creation');

-- Simulated time: the timetables started on 2024-06-01 00:02 UTC.
select test_fx.schedule_starts('every-5', '2024-06-01 00:02Z');
select test_fx.schedule_starts('daily', '2024-06-01 00:02Z');
select is_empty($$select * from graphile_worker.tick_schedules('2024-06-01 00:04:59Z')$$, 'not due yet');
create temp table first_tick as select * from graphile_worker.tick_schedules('2024-06-01 00:05:20Z');
select results_eq(
  $$select schedule_id, fire_at, backfilled, task_identifier, queue_name, priority, max_attempts, flags, run_at,
      payload::jsonb from first_tick$$,
  $$values ('every-5', '2024-06-01 00:05Z'::timestamptz, false, 'report', 'reports', 3::smallint, 2::smallint,
      '{"io": true, "slow": true}'::jsonb, '2024-06-01 00:05Z'::timestamptz,
      '{"kind": "short", "_cron": {"ts": "2024-06-01T00:05:00.000Z", "backfilled": false}}'::jsonb)$$,
  'a due schedule fires: the job has the schedule''s task, queue, priority, max_attempts and flags, runs at the fire time, and carries _cron'
);
select results_eq(
  $$select id, queue_name, task_identifier, payload::jsonb, priority, run_at, max_attempts, key, flags
    from graphile_worker._private_jobs where task_identifier = 'report'$$,
  $$select id, queue_name, task_identifier, payload::jsonb, priority, run_at, max_attempts, key, flags from first_tick$$,
  'the returned row is the job in the table'
);
select results_eq(
  $$select last_fire_at, next_fire_at, last_job_id from graphile_worker.schedules where id = 'every-5'$$,
  $$select '2024-06-01 00:05Z'::timestamptz, '2024-06-01 00:10Z'::timestamptz, (select id from first_tick)$$,
  'the schedule moves on: last_fire_at, next_fire_at, last_job_id'
);
select is((select count(*)::int from graphile_worker._private_job_queues where queue_name = 'reports'), 1, 'its queue is registered');
select is_empty($$select * from graphile_worker.tick_schedules('2024-06-01 00:05:40Z')$$, 'ticking again adds nothing');
select is((select count(*)::int from graphile_worker.tick_schedules('2024-06-01 06:00:30Z')), 2,
  'later, both fire (every-5 once, as the most recent missed fire: catch_up latest)');
select results_eq(
  $$select fire_at, backfilled from graphile_worker._private_schedules s join lateral (
      select (payload::json #>> '{_cron,ts}')::timestamptz as fire_at, (payload::json #>> '{_cron,backfilled}')::boolean as backfilled
      from graphile_worker._private_jobs j where j.id = s.last_job_id) as j on true
    where s.id = 'daily'$$,
  $$values ('2024-06-01 06:00Z'::timestamptz, false)$$,
  'a fire handled within a minute is on time (backfilled false)'
);

-- A `now` ahead of the database clock is refused; none defaults to it.
select throws_like($$select graphile_worker.tick_schedules(now() + interval '2 minutes')$$,
  'tick_schedules: now must not be ahead of the database clock by more than 00:01:00 (got %',
  'a now more than a minute ahead of the database clock is refused');
select lives_ok($$select graphile_worker.tick_schedules(now() + interval '30 seconds')$$, 'a little ahead is allowed');
select lives_ok($$select graphile_worker.tick_schedules(null)$$, 'null means the database clock');

-- Disabled schedules do not fire.
select graphile_worker.pause_schedule('daily');
select is_empty($$select * from graphile_worker.tick_schedules('2024-06-02 06:00Z') where schedule_id = 'daily'$$,
  'a paused schedule does not fire');

-- Keys behave as for add_job: the job lands on the waiting keyed job, and
-- the schedule records that job's real id.
select graphile_worker.upsert_schedule('keyed', '0 * * * *', 'keyed_task', '{"n": 1}', job_key := 'hourly-key');
select test_fx.schedule_starts('keyed', '2024-06-01 00:30Z');
create temp table existing as select * from graphile_worker.add_job('keyed_task', '{"manual": true}', job_key := 'hourly-key');
create temp table keyed_tick as select * from graphile_worker.tick_schedules('2024-06-01 01:00:05Z') where schedule_id = 'keyed';
select results_eq($$select id, key, revision from keyed_tick$$,
  $$select (select id from existing), 'hourly-key', 1$$,
  'a keyed fire returns the existing job''s id, key and revision');
select is((select last_job_id from graphile_worker.schedules where id = 'keyed'), (select id from existing),
  'and last_job_id is that job');
select is((select payload::jsonb from graphile_worker._private_jobs where key = 'hourly-key'),
  '{"n": 1, "_cron": {"ts": "2024-06-01T01:00:00.000Z", "backfilled": false}}'::jsonb, 'which now has the fire''s payload');

select graphile_worker.pause_schedule('keyed');
select graphile_worker.upsert_schedule('keyed-unsafe', '0 * * * *', 'keyed_task', job_key := 'hourly-key',
  job_key_mode := 'unsafe_dedupe');
select test_fx.schedule_starts('keyed-unsafe', '2024-06-01 01:30Z');
select results_eq(
  $$select id, revision from graphile_worker.tick_schedules('2024-06-01 02:00:05Z') where schedule_id = 'keyed-unsafe'$$,
  $$select (select id from existing), 2$$,
  'job_key_mode applies (unsafe_dedupe: only the revision moves)'
);
select is((select payload::jsonb #>> '{_cron,ts}' from graphile_worker._private_jobs where key = 'hourly-key'),
  '2024-06-01T01:00:00.000Z', 'and the payload stays');

-- A crontab's schedule: Graphile Worker's history is kept, and a fire time
-- it already records is not fired again.
select graphile_worker.sync_crontab('main', '[{"cron": "*/10 * * * *", "task_identifier": "crontab_task", "catch_up": "all"}]');
select test_fx.schedule_starts('crontab_task', '2024-06-01 00:00Z');
update graphile_worker._private_known_crontabs set last_execution = '2024-06-01 00:20Z' where identifier = 'crontab_task';
select results_eq(
  $$select fire_at from graphile_worker.tick_schedules('2024-06-01 00:40:10Z') where schedule_id = 'crontab_task' order by 1$$,
  $$values ('2024-06-01 00:30Z'::timestamptz), ('2024-06-01 00:40Z'::timestamptz)$$,
  'fire times at or before the recorded last execution are skipped'
);
select is((select last_execution from graphile_worker._private_known_crontabs where identifier = 'crontab_task'),
  '2024-06-01 00:40Z', 'last_execution moves to the latest fire');
select is((select last_fire_at from graphile_worker.schedules where id = 'crontab_task'),
  '2024-06-01 00:40Z', 'as last_fire_at does');
select is((select count(*)::int from graphile_worker._private_known_crontabs where identifier in ('every-5', 'daily', 'keyed')), 0,
  'schedules made with upsert_schedule are not recorded there');

select * from finish();
rollback;
