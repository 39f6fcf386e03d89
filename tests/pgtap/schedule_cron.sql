-- Cron expressions: what the five fields accept, the calendar they name
-- (the 31st, February 29, day-of-month with day-of-week), and every way
-- one is refused. Read through preview_schedule, in UTC.
begin;
select plan(37);

create function pg_temp.fires(cron text, from_time timestamptz, n integer) returns text[] language sql as $$
  select array_agg(to_char(p.fire_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') order by p.fire_at)
  from graphile_worker.preview_schedule(cron, 'UTC', from_time, n) as p
$$;

-- The calendar.
select is(pg_temp.fires('0 0 31 * *', '2024-01-01 00:00Z', 7),
  array['2024-01-31 00:00', '2024-03-31 00:00', '2024-05-31 00:00', '2024-07-31 00:00', '2024-08-31 00:00',
        '2024-10-31 00:00', '2024-12-31 00:00'],
  '0 0 31 * * fires only in months with a 31st');
select is(pg_temp.fires('0 0 29 2 *', '2024-03-01 00:00Z', 3),
  array['2028-02-29 00:00', '2032-02-29 00:00', '2036-02-29 00:00'],
  '0 0 29 2 * fires on leap days');
select is(pg_temp.fires('0 0 29 2 *', '2096-03-01 00:00Z', 1), array['2104-02-29 00:00'],
  '2100 is not a leap year: eight years to the next February 29');
select is(pg_temp.fires('0 12 13 * 5', '2024-09-01 00:00Z', 5),
  array['2024-09-06 12:00', '2024-09-13 12:00', '2024-09-20 12:00', '2024-09-27 12:00', '2024-10-04 12:00'],
  'day-of-month and day-of-week both restricted: either matches (Fridays, and the 13th)');
select is(pg_temp.fires('0 12 13 * *', '2024-09-01 00:00Z', 2), array['2024-09-13 12:00', '2024-10-13 12:00'],
  'day-of-week unrestricted: the day-of-month alone');
select is(pg_temp.fires('0 12 * * 5', '2024-09-01 00:00Z', 2), array['2024-09-06 12:00', '2024-09-13 12:00'],
  'day-of-month unrestricted: the day-of-week alone');
select is(pg_temp.fires('0 0 */10 * 1', '2024-08-31 12:00Z', 4),
  array['2024-09-01 00:00', '2024-09-02 00:00', '2024-09-09 00:00', '2024-09-11 00:00'],
  'a stepped day-of-month is restricted too (Graphile Worker''s reading): the 1st, 11th, 21st, 31st or Mondays');
select is(pg_temp.fires('0 0 1-31 * 1', '2024-09-01 00:00Z', 2), array['2024-09-02 00:00', '2024-09-09 00:00'],
  'a day-of-month naming every day is unrestricted');
select is(pg_temp.fires('59 23 31 12 *', '2024-12-31 23:59Z', 1), array['2025-12-31 23:59'],
  'fire times are strictly after from_time, across a year end');

-- Names, steps, ranges and lists.
select is(pg_temp.fires('0 9 * jan-mar mon-fri', '2024-03-28 12:00Z', 3),
  array['2024-03-29 09:00', '2025-01-01 09:00', '2025-01-02 09:00'],
  'month and day names, in ranges');
select is(pg_temp.fires('0 9 * JAN-Mar MON-FRI', '2024-03-28 12:00Z', 3), pg_temp.fires('0 9 * 1-3 1-5', '2024-03-28 12:00Z', 3),
  'names are case-insensitive and mean their numbers');
select is(pg_temp.fires('0 0 * * fri-sun', '2024-09-01 00:00Z', 4),
  array['2024-09-06 00:00', '2024-09-07 00:00', '2024-09-08 00:00', '2024-09-13 00:00'],
  'a day-of-week range may end on sun');
select is(pg_temp.fires('0 0 * * 7', '2024-09-01 00:00Z', 2), pg_temp.fires('0 0 * * 0', '2024-09-01 00:00Z', 2),
  'day-of-week 7 is Sunday');
select is(pg_temp.fires('*/20 1-2 * * *', '2024-09-01 00:00Z', 7),
  array['2024-09-01 01:00', '2024-09-01 01:20', '2024-09-01 01:40', '2024-09-01 02:00', '2024-09-01 02:20',
        '2024-09-01 02:40', '2024-09-02 01:00'],
  'steps over the whole field, and hour ranges');
select is(pg_temp.fires('0 0 1-10/3 * *', '2024-09-01 00:00Z', 5),
  array['2024-09-04 00:00', '2024-09-07 00:00', '2024-09-10 00:00', '2024-10-01 00:00', '2024-10-04 00:00'],
  'steps over a range');
select is(pg_temp.fires('0 8,12,18 * * *', '2024-09-01 00:00Z', 4),
  array['2024-09-01 08:00', '2024-09-01 12:00', '2024-09-01 18:00', '2024-09-02 08:00'],
  'lists');
select is(pg_temp.fires('5,1-2,*/30 0 1 1 *', '2024-01-01 00:00Z', 4),
  array['2024-01-01 00:01', '2024-01-01 00:02', '2024-01-01 00:05', '2024-01-01 00:30'],
  'a list mixing values, ranges and steps');

-- Nicknames.
select is(pg_temp.fires('@hourly', '2024-09-01 00:30Z', 1), array['2024-09-01 01:00'], '@hourly');
select is(pg_temp.fires('@daily', '2024-09-01 00:30Z', 1), array['2024-09-02 00:00'], '@daily');
select is(pg_temp.fires('@weekly', '2024-09-02 00:30Z', 1), array['2024-09-08 00:00'], '@weekly (Sundays)');
select is(pg_temp.fires('@monthly', '2024-09-02 00:30Z', 1), array['2024-10-01 00:00'], '@monthly');
select is(pg_temp.fires(' @YEARLY ', '2024-09-02 00:30Z', 1), array['2025-01-01 00:00'], '@yearly (any case, spaces around)');

-- Refused, naming the field.
select throws_ok($$select graphile_worker.preview_schedule('* * * *')$$, '22023',
  'preview_schedule: cron must have 5 fields (minute hour day-of-month month day-of-week) or be one of @yearly, @monthly, @weekly, @daily, @hourly (got ''* * * *'')',
  'four fields');
select throws_ok($$select graphile_worker.preview_schedule('@annually')$$, '22023',
  'preview_schedule: cron must have 5 fields (minute hour day-of-month month day-of-week) or be one of @yearly, @monthly, @weekly, @daily, @hourly (got ''@annually'')',
  'a nickname Graphile Worker does not know');
select throws_ok($$select graphile_worker.preview_schedule('')$$, '22023', null, 'an empty expression');
select throws_ok($$select graphile_worker.preview_schedule(null)$$, '22004', 'preview_schedule: cron must not be null', 'null');
select throws_ok($$select graphile_worker.preview_schedule('60 * * * *')$$, '22023',
  'preview_schedule: cron''s minute field must hold values from 0 to 59 (got ''60'')', 'minute 60');
select throws_ok($$select graphile_worker.preview_schedule('* 24 * * *')$$, '22023',
  'preview_schedule: cron''s hour field must hold values from 0 to 23 (got ''24'')', 'hour 24');
select throws_ok($$select graphile_worker.preview_schedule('* * 0 * *')$$, '22023',
  'preview_schedule: cron''s day-of-month field must hold values from 1 to 31 (got ''0'')', 'day-of-month 0');
select throws_ok($$select graphile_worker.preview_schedule('* * * 13 *')$$, '22023',
  'preview_schedule: cron''s month field must hold values from 1 to 12 or jan to dec (got ''13'')', 'month 13');
select throws_ok($$select graphile_worker.preview_schedule('* * * * 8')$$, '22023',
  'preview_schedule: cron''s day-of-week field must hold values from 0 to 7 or sun to sat (got ''8'')', 'day-of-week 8');
select throws_ok($$select graphile_worker.preview_schedule('mon * * * *')$$, '22023',
  'preview_schedule: cron''s minute field must hold values from 0 to 59 (got ''mon'')', 'a name where only numbers go');
select throws_ok($$select graphile_worker.preview_schedule('* * * * 5-2')$$, '22023',
  'preview_schedule: cron''s day-of-week field must not have a range that ends before it starts (got ''5-2'')', 'a reversed range');
select throws_ok($$select graphile_worker.preview_schedule('*/0 * * * *')$$, '22023',
  'preview_schedule: cron''s minute field must have steps of at least 1 (got ''*/0'')', 'a zero step');
select throws_ok($$select graphile_worker.preview_schedule('5/15 * * * *')$$, '22023',
  'preview_schedule: cron''s minute field must be *, a value or a range a-b, or a comma-separated list of them, each optionally followed by /step (got ''5/15'')',
  'a step after a single value');
select throws_ok($$select graphile_worker.preview_schedule('1,,2 * * * *')$$, '22023',
  'preview_schedule: cron''s minute field must be *, a value or a range a-b, or a comma-separated list of them, each optionally followed by /step (got '''')',
  'an empty list item');
select throws_ok($$select graphile_worker.preview_schedule('0 0 30,31 2 *')$$, '22023',
  'preview_schedule: cron must name a day that exists: no month of its month field has a day of its day-of-month field (got ''0 0 30,31 2 *'')',
  'a date that never comes');

select * from finish();
rollback;
