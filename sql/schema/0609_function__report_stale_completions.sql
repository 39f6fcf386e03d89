-- Says, as a WARNING, how many of the completions a worker sent were not
-- applied because their claims were no longer held (the worker was taken
-- for dead, or an administrator unlocked the jobs). Returns true, so that a
-- statement can call it once as a filter.
create function :GRAPHILE_WORKER_SCHEMA._report_stale_completions(caller text, worker_id text, sent integer, applied bigint)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if applied < sent then
    raise warning '%: % of % completions by worker % were not applied: their claims are no longer held (the worker was taken for dead, or an administrator unlocked the jobs)',
      caller, sent - applied, sent, worker_id;
  end if;
  return true;
end;
$$;
