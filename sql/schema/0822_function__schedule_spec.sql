-- A schedule as upsert_schedule and sync_crontab are asked to write it,
-- checked (in argument order) and with defaults applied: the cron parsed,
-- the time zone as the tz data spells it, the payload an object. Returned
-- as a row of _private_schedules, enabled, without source or fire times.
--
-- caller: the function named in errors; prefix: what precedes argument
-- names in them ('' or 'items[3].').
create function :GRAPHILE_WORKER_SCHEMA._schedule_spec(
  caller text,
  prefix text,
  id text,
  cron text,
  task_identifier text,
  payload json,
  time_zone text,
  queue_name text,
  priority integer,
  max_attempts integer,
  flags text[],
  job_key text,
  job_key_mode text,
  catch_up text,
  catch_up_window interval
)
returns :GRAPHILE_WORKER_SCHEMA._private_schedules
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_row :GRAPHILE_WORKER_SCHEMA._private_schedules;
  v_name_max constant integer := :GRAPHILE_WORKER_SCHEMA._name_max_length();
  v_key_max constant integer := :GRAPHILE_WORKER_SCHEMA._key_max_length();
begin
  if id is null then
    raise exception '%: %id must not be null', caller, prefix using errcode = '22004';
  end if;
  if id = '' then
    raise exception '%: %id must not be empty', caller, prefix using errcode = '22023';
  end if;
  if length(id) > v_name_max then
    raise exception '%: %id must be at most % characters (got %)', caller, prefix, v_name_max, length(id)
      using errcode = '22001';
  end if;
  v_row.fields := :GRAPHILE_WORKER_SCHEMA._parse_cron(caller, prefix || 'cron', cron);
  if task_identifier is null then
    raise exception '%: %task_identifier must not be null', caller, prefix using errcode = '22004';
  end if;
  if task_identifier = '' then
    raise exception '%: %task_identifier must not be empty', caller, prefix using errcode = '22023';
  end if;
  if length(task_identifier) > v_name_max then
    raise exception '%: %task_identifier must be at most % characters (got %)',
      caller, prefix, v_name_max, length(task_identifier)
      using errcode = '22001';
  end if;
  if json_typeof(payload) <> 'object' then
    raise exception '%: %payload must be a JSON object, which jobs get with _cron added (got %)',
      caller, prefix, json_typeof(payload)
      using errcode = '22023';
  end if;
  v_row.time_zone := :GRAPHILE_WORKER_SCHEMA._check_time_zone(caller, prefix || 'time_zone', time_zone);
  if queue_name = '' then
    raise exception '%: %queue_name must not be empty', caller, prefix using errcode = '22023';
  end if;
  if length(queue_name) > v_name_max then
    raise exception '%: %queue_name must be at most % characters (got %)', caller, prefix, v_name_max, length(queue_name)
      using errcode = '22001';
  end if;
  if priority not between -32768 and 32767 then
    raise exception '%: %priority must be between -32768 and 32767 (got %)', caller, prefix, priority
      using errcode = '22003';
  end if;
  if max_attempts < 1 then
    raise exception '%: %max_attempts must be at least 1 (got %)', caller, prefix, max_attempts
      using errcode = '22023';
  end if;
  if max_attempts > 32767 then
    raise exception '%: %max_attempts must be at most 32767 (got %)', caller, prefix, max_attempts
      using errcode = '22003';
  end if;
  if array_position(flags, null) is not null then
    raise exception '%: %flags must not contain null', caller, prefix using errcode = '22004';
  end if;
  if array_position(flags, '') is not null then
    raise exception '%: %flags must not contain an empty string', caller, prefix using errcode = '22023';
  end if;
  if job_key = '' then
    raise exception '%: %job_key must not be empty', caller, prefix using errcode = '22023';
  end if;
  if length(job_key) > v_key_max then
    raise exception '%: %job_key must be at most % characters (got %)', caller, prefix, v_key_max, length(job_key)
      using errcode = '22001';
  end if;
  if job_key_mode <> all(:GRAPHILE_WORKER_SCHEMA._job_key_modes()) then
    raise exception '%: %job_key_mode must be one of % (got %)',
      caller, prefix, array_to_string(:GRAPHILE_WORKER_SCHEMA._job_key_modes(), ', '), quote_literal(job_key_mode)
      using errcode = '22023';
  end if;
  if catch_up is null then
    raise exception '%: %catch_up must not be null', caller, prefix using errcode = '22004';
  end if;
  if catch_up <> all(:GRAPHILE_WORKER_SCHEMA._catch_ups()) then
    raise exception '%: %catch_up must be one of % (got %)',
      caller, prefix, array_to_string(:GRAPHILE_WORKER_SCHEMA._catch_ups(), ', '), quote_literal(catch_up)
      using errcode = '22023';
  end if;
  if catch_up_window is null then
    raise exception '%: %catch_up_window must not be null', caller, prefix using errcode = '22004';
  end if;
  if catch_up_window < '0'::interval or catch_up_window > '100 years'::interval then
    raise exception '%: %catch_up_window must be an interval from 0 to 100 years (got %)', caller, prefix, catch_up_window
      using errcode = '22023';
  end if;

  v_row.id := id;
  v_row.cron := cron;
  v_row.task_identifier := task_identifier;
  v_row.payload := coalesce(payload, '{}'::json);
  v_row.queue_name := queue_name;
  v_row.priority := priority;
  v_row.max_attempts := max_attempts;
  v_row.flags := flags;
  v_row.job_key := job_key;
  v_row.job_key_mode := job_key_mode;
  v_row.catch_up := catch_up;
  v_row.catch_up_window := catch_up_window;
  v_row.enabled := true;
  return v_row;
end;
$$;
