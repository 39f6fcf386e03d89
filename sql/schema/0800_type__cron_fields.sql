-- A cron expression as _parse_cron reads it: lookup tables that let
-- _next_local jump straight to the next matching month, day, hour and
-- minute instead of stepping through time.
create type :GRAPHILE_WORKER_SCHEMA._cron_fields as (
  -- [v + 1]: the smallest minute >= v in the minute field, or null.
  minute_next smallint[],
  -- [v + 1]: the smallest hour >= v in the hour field, or null.
  hour_next smallint[],
  -- [v]: the smallest month >= v in the month field, or null.
  month_next smallint[],
  -- [d]: day-of-month d is in the field.
  days boolean[],
  -- [w + 1]: day-of-week w (0 = Sunday) is in the field.
  weekdays boolean[],
  -- The field leaves out some day-of-month (some day-of-week): when both
  -- do, a day matches if either field names it (cron's rule).
  days_restricted boolean,
  weekdays_restricted boolean
);
