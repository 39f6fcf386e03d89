-- One field of a cron expression as a mask: [v - low + 1] is true when the
-- field names value v. A field is a comma-separated list of `*`, a value or
-- a range `a-b`, each optionally followed by `/step`; values are numbers
-- from low to high, or (month, day-of-week) the English three-letter names,
-- in any case. Refuses anything else with an error that names the field.
--
-- caller, argument: the function and argument named in errors.
-- name: the field's name (minute, hour, day-of-month, month, day-of-week).
-- names: the names of the values, names[1] being value name_base; a
-- day-of-week range ending in sun ends at 7 (`fri-sun`).
create function :GRAPHILE_WORKER_SCHEMA._parse_cron_field(
  caller text,
  argument text,
  name text,
  field text,
  low integer,
  high integer,
  names text[],
  name_base integer
)
returns boolean[]
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_mask boolean[] := array_fill(false, array[high - low + 1]);
  v_item text;
  v_match text[];
  v_from integer;
  v_to integer;
  v_step integer;
  v_token text;
  v_value integer;
  v_values integer[];
  v_range text;
begin
  foreach v_item in array string_to_array(field, ',') loop
    v_match := regexp_match(v_item, '^(?:(\*)|([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?)(?:/([0-9]+))?$');
    if v_match is null or (v_match[2] is not null and v_match[3] is null and v_match[4] is not null) then
      raise exception '%: %''s % field must be *, a value or a range a-b, or a comma-separated list of them, each optionally followed by /step (got %)',
        caller, argument, name, quote_literal(v_item)
        using errcode = '22023';
    end if;

    -- 1. The values the item names.
    v_values := '{}';
    foreach v_token in array array[v_match[2], v_match[3]] loop
      continue when v_token is null;
      if v_token ~ '^[0-9]+$' then
        v_value := case when length(v_token) <= 4 then v_token::integer end;
      else
        v_value := array_position(names, lower(v_token)) - 1 + name_base;
        if v_value = name_base and name = 'day-of-week' and v_token is not distinct from v_match[3]
          and v_values[1] > 0 then
          v_value := 7;
        end if;
      end if;
      if v_value is null or v_value not between low and high then
        raise exception using
          errcode = '22023',
          message = format('%s: %s''s %s field must hold values from %s to %s%s (got %s)',
            caller, argument, name, low, high,
            case when names is not null then format(' or %s to %s', names[1], names[cardinality(names)]) else '' end,
            quote_literal(v_token));
      end if;
      v_values := v_values || v_value;
    end loop;

    -- 2. The range and step.
    if v_match[1] is not null then
      v_from := low;
      v_to := case when name = 'day-of-week' then 6 else high end;
    else
      v_from := v_values[1];
      v_to := coalesce(v_values[2], v_values[1]);
    end if;
    if v_to < v_from then
      raise exception '%: %''s % field must not have a range that ends before it starts (got %)',
        caller, argument, name, quote_literal(v_item)
        using errcode = '22023';
    end if;
    v_step := case when v_match[4] is null then 1
                   when length(v_match[4]) <= 4 then v_match[4]::integer
                   else high + 1 end;
    if v_step < 1 then
      raise exception '%: %''s % field must have steps of at least 1 (got %)',
        caller, argument, name, quote_literal(v_item)
        using errcode = '22023';
    end if;

    for v_value in v_from..v_to by v_step loop
      v_mask[v_value - low + 1] := true;
    end loop;
  end loop;
  return v_mask;
end;
$$;
