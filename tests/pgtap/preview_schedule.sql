-- preview_schedule: the next n fire times after from_time, with their
-- local times; bad arguments refused. (The calendar: schedule_cron.sql;
-- time zones: schedule_time_zones.sql.)
begin;
select plan(9);

select is((select count(*)::int from graphile_worker.preview_schedule('* * * * *')), 10, 'ten fire times by default');
select ok((select bool_and(fire_at > now()) from graphile_worker.preview_schedule('* * * * *')), 'after now by default');
select results_eq(
  $$select fire_at, local_time from graphile_worker.preview_schedule('0 9 * * *', 'Asia/Tokyo', '2024-06-01 00:00Z', 2)$$,
  $$values ('2024-06-01 00:00Z'::timestamptz + interval '1 day', '2024-06-02 09:00'::timestamp),
           ('2024-06-03 00:00Z'::timestamptz, '2024-06-03 09:00'::timestamp)$$,
  'fire times after from_time (exclusive), with their local times'
);
select is((select count(*)::int from graphile_worker.preview_schedule('@yearly', n := 1000)), 1000, 'up to 1000');
select is((select count(*)::int from graphile_worker.preview_schedule('@hourly', 'UTC', now(), 1)), 1, 'one');

select throws_ok($$select graphile_worker.preview_schedule('* * * * *', n := 0)$$, '22023',
  'preview_schedule: n must be between 1 and 1000 (got 0)', 'n 0');
select throws_ok($$select graphile_worker.preview_schedule('* * * * *', n := 1001)$$, '22023',
  'preview_schedule: n must be between 1 and 1000 (got 1001)', 'n too large');
select throws_ok($$select graphile_worker.preview_schedule('* * * * *', n := null)$$, '22023',
  'preview_schedule: n must be between 1 and 1000 (got null)', 'n null');
select throws_ok($$select graphile_worker.preview_schedule('* * * * *', from_time := null)$$, '22004',
  'preview_schedule: from_time must not be null', 'from_time null');

select * from finish();
rollback;
