-- The first instant after `after` at which a schedule with these cron
-- fields fires, reading the fields as wall-clock time in time_zone
-- (PostgreSQL's tz data, `timestamp at time zone`).
--
-- Every matching local time fires once, at the instant PostgreSQL gives
-- it: a local time in a spring-forward gap is read with the offset before
-- the change (02:30 on a night that skips from 02:00 to 03:00 fires at
-- 03:30), and a local time the autumn change repeats is read as the second
-- of the two (standard time). Two local times that fall on one instant
-- fire once.
--
-- Mostly one step: the next matching local time after after's local time.
-- Near an offset change (26 hours either side: the largest jump in the tz
-- data is a day), two more candidates: gap times of a spring-forward just
-- before `after` that land after it, and repeated times of an autumn change
-- just after it whose second reading lands after it. One change each side
-- is assumed.
create function :GRAPHILE_WORKER_SCHEMA._next_fire(
  fields :GRAPHILE_WORKER_SCHEMA._cron_fields,
  time_zone text,
  after timestamptz
)
returns timestamptz
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_reach constant interval := '26 hours';
  v_utc timestamp := after at time zone 'UTC';
  v_local timestamp;
  v_offset interval;
  v_other interval;
  v_change timestamptz;
  v_candidate timestamp;
  v_fire timestamptz;
  v_best timestamptz;
begin
  if time_zone = 'UTC' then
    return :GRAPHILE_WORKER_SCHEMA._next_local(fields, v_utc) at time zone 'UTC';
  end if;
  v_local := after at time zone time_zone;
  v_offset := v_local - v_utc;

  -- 1. The next matching local time after after's own.
  v_candidate := :GRAPHILE_WORKER_SCHEMA._next_local(fields, v_local);
  if v_candidate is null then
    return null;
  end if;
  v_best := v_candidate at time zone time_zone;

  -- 2. A spring-forward shortly before `after`: local times in its gap
  --    are read with the old (smaller) offset, so some may land after it.
  v_other := ((after - v_reach) at time zone time_zone) - ((after - v_reach) at time zone 'UTC');
  if v_other < v_offset then
    v_change := :GRAPHILE_WORKER_SCHEMA._utc_offset_change(time_zone, after - v_reach, after);
    v_other := ((v_change - interval '1 second') at time zone time_zone)
      - ((v_change - interval '1 second') at time zone 'UTC');
    if v_other < v_offset then
      v_candidate := :GRAPHILE_WORKER_SCHEMA._next_local(fields, v_utc + v_other);
      if v_candidate < (v_change at time zone 'UTC') + v_offset then
        v_fire := v_candidate at time zone time_zone;
        if v_fire > after and v_fire < v_best then
          v_best := v_fire;
        end if;
      end if;
    end if;
  end if;

  -- 3. An autumn change shortly after `after`: the repeated local times
  --    are read as their second occurrence, after the change, so those at
  --    or before after's local time (in the first pass) still lie ahead.
  v_other := ((after + v_reach) at time zone time_zone) - ((after + v_reach) at time zone 'UTC');
  if v_other < v_offset then
    v_change := :GRAPHILE_WORKER_SCHEMA._utc_offset_change(time_zone, after, after + v_reach);
    v_other := (v_change at time zone time_zone) - (v_change at time zone 'UTC');
    if v_other < v_offset and (v_change at time zone 'UTC') + v_other <= v_local then
      v_candidate := :GRAPHILE_WORKER_SCHEMA._next_local(
        fields, (v_change at time zone 'UTC') + v_other - interval '1 microsecond');
      v_fire := v_candidate at time zone time_zone;
      if v_fire > after and v_fire < v_best then
        v_best := v_fire;
      end if;
    end if;
  end if;

  return v_best;
end;
$$;
