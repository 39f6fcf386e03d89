-- The instant, to the second, at which time_zone's UTC offset changes
-- between low and high (whose offsets differ): a binary search on
-- PostgreSQL's tz data, which lists no transitions itself. With several
-- changes in between, one of them.
create function :GRAPHILE_WORKER_SCHEMA._utc_offset_change(time_zone text, low timestamptz, high timestamptz)
returns timestamptz
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_low timestamptz := low;
  v_high timestamptz := high;
  v_high_offset interval := (high at time zone time_zone) - (high at time zone 'UTC');
  v_mid timestamptz;
begin
  while v_high - v_low > interval '1 second' loop
    v_mid := v_low + (v_high - v_low) / 2;
    if (v_mid at time zone time_zone) - (v_mid at time zone 'UTC') = v_high_offset then
      v_high := v_mid;
    else
      v_low := v_mid;
    end if;
  end loop;
  -- Offsets change on whole seconds: the change is the last whole second
  -- at or before v_high (v_low is less than a second before it).
  return date_trunc('second', v_high);
end;
$$;
