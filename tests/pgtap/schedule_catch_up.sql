-- Catch-up after downtime: a fire time handled more than a minute late
-- was missed; catch_up none skips missed fires, latest adds one job for
-- the most recent due fire within catch_up_window, all adds one for every
-- due fire within catch_up_window (at most 1000 per schedule and call).
-- Computed from the cron fields, however long the downtime.
begin;
select plan(21);

create function pg_temp.tick(schedule text, now timestamptz) returns text[] language sql as $$
  select coalesce(array_agg(to_char(t.fire_at at time zone 'UTC', 'HH24:MI') || case when t.backfilled then ' late' else '' end
    order by t.fire_at), '{}')
  from graphile_worker.tick_schedules(now) as t
  where t.schedule_id = schedule
$$;
create function pg_temp.next(schedule text) returns text language sql as $$
  select to_char(next_fire_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') from graphile_worker.schedules where id = schedule
$$;

-- none
select graphile_worker.upsert_schedule('none', '*/10 * * * *', 't', catch_up := 'none');
select test_fx.schedule_starts('none', '2024-06-01 00:00Z');
select is(pg_temp.tick('none', '2024-06-01 01:00:30Z'), array['01:00'],
  'none: after an hour down, only the fire time within the last minute fires (on time)');
select is(pg_temp.next('none'), '2024-06-01 01:10', 'and the timetable goes on after now');
select is(pg_temp.tick('none', '2024-06-01 01:25Z'), '{}', 'none: fires missed by more than a minute are skipped');
select is(pg_temp.next('none'), '2024-06-01 01:30', 'and passed over');

-- latest
select graphile_worker.upsert_schedule('latest', '*/10 * * * *', 't', catch_up := 'latest', catch_up_window := '1 hour');
select test_fx.schedule_starts('latest', '2024-06-01 00:00Z');
select is(pg_temp.tick('latest', '2024-06-01 02:03Z'), array['02:00 late'],
  'latest: one job, for the most recent missed fire time (backfilled)');
select is(pg_temp.next('latest'), '2024-06-01 02:10', 'and the timetable goes on after now');
select is(pg_temp.tick('latest', '2024-06-01 02:10:20Z'), array['02:10'], 'an on-time fire is not backfilled');
select is(pg_temp.tick('latest', '2024-06-01 03:15Z'), array['03:10 late'], 'within the window');
select is(pg_temp.tick('latest', '2024-06-01 05:05Z'), array['05:00 late'], 'the most recent one, whatever the window');
select graphile_worker.upsert_schedule('latest-daily', '0 6 * * *', 't', catch_up := 'latest', catch_up_window := '1 hour');
select test_fx.schedule_starts('latest-daily', '2024-06-01 00:00Z');
select is(pg_temp.tick('latest-daily', '2024-06-03 12:00Z'), '{}',
  'latest: nothing when the most recent missed fire time is older than the window');
select is(pg_temp.next('latest-daily'), '2024-06-04 06:00', 'and the timetable goes on after now');
select graphile_worker.upsert_schedule('latest-minutely', '* * * * *', 't', catch_up := 'latest', catch_up_window := '100 days');
select test_fx.schedule_starts('latest-minutely', '2024-03-01 00:00Z');
select is(pg_temp.tick('latest-minutely', '2024-06-01 12:34:56Z'), array['12:34'],
  'latest after three months down: the most recent minute, found without stepping through them');
select graphile_worker.upsert_schedule('latest-default', '0 6 * * *', 't');
select test_fx.schedule_starts('latest-default', '2024-06-01 00:00Z');
select is(pg_temp.tick('latest-default', '2024-06-03 12:00Z'), array['06:00 late'],
  'the default (latest within a day): a daily job down for two days runs once');

-- all
select graphile_worker.upsert_schedule('all', '*/10 * * * *', 't', catch_up := 'all', catch_up_window := '1 hour');
select test_fx.schedule_starts('all', '2024-06-01 00:00Z');
select is(pg_temp.tick('all', '2024-06-01 03:00:30Z'),
  array['02:10 late', '02:20 late', '02:30 late', '02:40 late', '02:50 late', '03:00'],
  'all: every fire time within the window, the on-time one not backfilled');
select is(pg_temp.next('all'), '2024-06-01 03:10', 'and the timetable goes on after now');
select graphile_worker.upsert_schedule('all-zero', '*/10 * * * *', 't', catch_up := 'all', catch_up_window := '0');
select test_fx.schedule_starts('all-zero', '2024-06-01 00:00Z');
select is(pg_temp.tick('all-zero', '2024-06-01 03:00:30Z'), array['03:00'],
  'all with a zero window: on-time fires only');

select graphile_worker.upsert_schedule('all-minutely', '* * * * *', 'minutely', catch_up := 'all', catch_up_window := '2 days');
select test_fx.schedule_starts('all-minutely', '2024-06-01 00:00Z');
select is((select count(*)::int from graphile_worker.tick_schedules('2024-06-02 00:00:30Z') where schedule_id = 'all-minutely'),
  1000, 'all: at most 1000 fire times per schedule and call');
select is(pg_temp.next('all-minutely'), '2024-06-01 16:41', 'the schedule stays due from the first one not fired');
select is((select count(*)::int from graphile_worker.tick_schedules('2024-06-02 00:00:30Z') where schedule_id = 'all-minutely'),
  440, 'the next call fires the rest');
select is(
  (select count(distinct payload::json #>> '{_cron,ts}')::int from graphile_worker._private_jobs where task_identifier = 'minutely'),
  1440, 'a day of minutes, each once');
select is(pg_temp.next('all-minutely'), '2024-06-02 00:01', 'and the timetable goes on after now');

select * from finish();
rollback;
