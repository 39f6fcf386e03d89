-- Delete the schedule with this id (jobs it already added stay). Returns
-- it, or no row if there is none. A schedule of a crontab comes back the
-- next time sync_crontab runs with it in the crontab.
create function :GRAPHILE_WORKER_SCHEMA.remove_schedule(id text)
returns setof :GRAPHILE_WORKER_SCHEMA.schedules
language plpgsql
volatile
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if remove_schedule.id is null then
    raise exception 'remove_schedule: id must not be null' using errcode = '22004';
  end if;
  return query
  delete from :GRAPHILE_WORKER_SCHEMA._private_schedules as schedules
  where schedules.id = remove_schedule.id
  returning (:GRAPHILE_WORKER_SCHEMA._schedule_row(schedules)).*;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.remove_schedule is
  'Deletes a recurring job (its jobs stay); returns it, or no row.';
