-- Schedules read in a time zone (PostgreSQL's tz data): every matching
-- local time fires once; a local time in the spring-forward gap fires at
-- the shifted instant; a local time the autumn change repeats fires once
-- (at its second occurrence, as PostgreSQL reads it). America/New_York and
-- Europe/London, through preview_schedule and through ticks.
begin;
select plan(22);

create function pg_temp.fires(cron text, zone text, from_time timestamptz, n integer) returns text[] language sql as $$
  select array_agg(to_char(p.fire_at at time zone 'UTC', 'MM-DD HH24:MI"Z"') || ' ' || to_char(p.local_time, 'HH24:MI')
    order by p.fire_at)
  from graphile_worker.preview_schedule(cron, zone, from_time, n) as p
$$;

-- America/New_York, spring: 2024-03-10 02:00 EST becomes 03:00 EDT (07:00Z).
select is(pg_temp.fires('30 2 * * *', 'America/New_York', '2024-03-08 12:00Z', 4),
  array['03-09 07:30Z 02:30', '03-10 07:30Z 03:30', '03-11 06:30Z 02:30', '03-12 06:30Z 02:30'],
  'New York spring: 02:30 does not exist on March 10 and fires once, at 03:30 EDT');
select is(pg_temp.fires('*/30 * * * *', 'America/New_York', '2024-03-10 06:00Z', 5),
  array['03-10 06:30Z 01:30', '03-10 07:00Z 03:00', '03-10 07:30Z 03:30', '03-10 08:00Z 04:00', '03-10 08:30Z 04:30'],
  'New York spring: an every-30-minutes schedule fires each instant once through the gap');
select is(pg_temp.fires('0 3 * * *', 'America/New_York', '2024-03-09 12:00Z', 2),
  array['03-10 07:00Z 03:00', '03-11 07:00Z 03:00'],
  'New York spring: 03:00, just after the gap, fires as usual');

-- America/New_York, autumn: 2024-11-03 02:00 EDT becomes 01:00 EST (06:00Z).
select is(pg_temp.fires('30 1 * * *', 'America/New_York', '2024-11-02 12:00Z', 3),
  array['11-03 06:30Z 01:30', '11-04 06:30Z 01:30', '11-05 06:30Z 01:30'],
  'New York autumn: 01:30 happens twice on November 3 and fires once, at 01:30 EST');
select is(pg_temp.fires('*/30 * * * *', 'America/New_York', '2024-11-03 04:00Z', 5),
  array['11-03 04:30Z 00:30', '11-03 06:00Z 01:00', '11-03 06:30Z 01:30', '11-03 07:00Z 02:00', '11-03 07:30Z 02:30'],
  'New York autumn: each local time of the repeated hour fires once');
select is(pg_temp.fires('*/30 * * * *', 'America/New_York', '2024-11-03 05:10Z', 2),
  array['11-03 06:00Z 01:00', '11-03 06:30Z 01:30'],
  'New York autumn: from inside the first 01:00-02:00, the repeated times still lie ahead');

-- Europe/London, spring: 2024-03-31 01:00 GMT becomes 02:00 BST (01:00Z).
select is(pg_temp.fires('30 1 * * *', 'Europe/London', '2024-03-30 12:00Z', 3),
  array['03-31 01:30Z 02:30', '04-01 00:30Z 01:30', '04-02 00:30Z 01:30'],
  'London spring: 01:30 does not exist on March 31 and fires once, at 02:30 BST');
select is(pg_temp.fires('0 * * * *', 'Europe/London', '2024-03-30 23:30Z', 4),
  array['03-31 00:00Z 00:00', '03-31 01:00Z 02:00', '03-31 02:00Z 03:00', '03-31 03:00Z 04:00'],
  'London spring: an hourly schedule fires once for the gap');

-- Europe/London, autumn: 2024-10-27 02:00 BST becomes 01:00 GMT (01:00Z).
select is(pg_temp.fires('30 1 * * *', 'Europe/London', '2024-10-26 12:00Z', 2),
  array['10-27 01:30Z 01:30', '10-28 01:30Z 01:30'],
  'London autumn: 01:30 happens twice on October 27 and fires once, at 01:30 GMT');
select is(pg_temp.fires('0 * * * *', 'Europe/London', '2024-10-26 22:30Z', 4),
  array['10-26 23:00Z 00:00', '10-27 01:00Z 01:00', '10-27 02:00Z 02:00', '10-27 03:00Z 03:00'],
  'London autumn: an hourly schedule fires once for the repeated hour');

-- Ticks agree: a day of every-30-minutes fires once per local time.
select graphile_worker.upsert_schedule('ny-half-hours', '*/30 * * * *', 'ny', time_zone := 'America/New_York',
  catch_up := 'all', catch_up_window := '2 days');
select test_fx.schedule_starts('ny-half-hours', '2024-03-10 05:00Z');  -- 00:00 EST
select is((select count(*)::int from graphile_worker.tick_schedules('2024-03-11 04:00Z')), 46,
  'New York''s 23-hour spring day: 46 fires (the gap''s local times coincide with the hour after it)');
select is(
  (select count(distinct payload::json #>> '{_cron,ts}')::int from graphile_worker._private_jobs where task_identifier = 'ny'),
  46, 'each at a different instant');
select test_fx.schedule_starts('ny-half-hours', '2024-11-03 04:00Z');  -- 00:00 EDT
select is((select count(*)::int from graphile_worker.tick_schedules('2024-11-04 05:00Z')), 48,
  'New York''s 25-hour autumn day: 48 fires, one per local time');

select graphile_worker.upsert_schedule('london-0130', '30 1 * * *', 'london', time_zone := 'Europe/London',
  catch_up := 'all', catch_up_window := '3 days');
select test_fx.schedule_starts('london-0130', '2024-10-26 00:00Z');
select results_eq(
  $$select payload::json #>> '{_cron,ts}' from graphile_worker.tick_schedules('2024-10-28 12:00Z') order by fire_at$$,
  $$values ('2024-10-26T00:30:00.000Z'), ('2024-10-27T01:30:00.000Z'), ('2024-10-28T01:30:00.000Z')$$,
  'a tick across London''s autumn change fires 01:30 once a day');
select test_fx.schedule_starts('london-0130', '2024-03-30 00:00Z');
select results_eq(
  $$select payload::json #>> '{_cron,ts}' from graphile_worker.tick_schedules('2024-04-01 12:00Z') order by fire_at$$,
  $$values ('2024-03-30T01:30:00.000Z'), ('2024-03-31T01:30:00.000Z'), ('2024-04-01T00:30:00.000Z')$$,
  'a tick across London''s spring change fires 01:30 once a day (02:30 BST on the day itself)');

-- Time zone names: the tz data's spelling; anything else is refused.
select is((graphile_worker.upsert_schedule('ny-case', '0 9 * * *', 't', time_zone := 'america/new_york')).time_zone,
  'America/New_York', 'a time zone is stored as the tz data spells it');
select throws_ok(
  $$select graphile_worker.upsert_schedule('x', '0 9 * * *', 't', time_zone := 'Mars/Olympus')$$, '22023',
  'upsert_schedule: time_zone must be an IANA time zone name such as Europe/London or America/New_York (got ''Mars/Olympus'')',
  'an unknown time zone');
select throws_ok(
  $$select graphile_worker.upsert_schedule('x', '0 9 * * *', 't', time_zone := 'UTC+3')$$, '22023',
  'upsert_schedule: time_zone must be an IANA time zone name such as Europe/London or America/New_York (got ''UTC+3'')',
  'a POSIX time zone string, which at time zone would take');
select throws_ok(
  $$select graphile_worker.upsert_schedule('x', '0 9 * * *', 't', time_zone := 'PST')$$, '22023',
  'upsert_schedule: time_zone must be an IANA time zone name such as Europe/London or America/New_York (got ''PST'')',
  'an abbreviation');
select throws_ok($$select graphile_worker.upsert_schedule('x', '0 9 * * *', 't', time_zone := null)$$, '22004',
  'upsert_schedule: time_zone must not be null', 'null');
select throws_ok($$select graphile_worker.preview_schedule('0 9 * * *', 'Europe/Lodnon')$$, '22023',
  'preview_schedule: time_zone must be an IANA time zone name such as Europe/London or America/New_York (got ''Europe/Lodnon'')',
  'preview_schedule checks it too');
select is((select count(*)::int from graphile_worker._private_schedules where id = 'x'), 0, 'nothing was written');

select * from finish();
rollback;
