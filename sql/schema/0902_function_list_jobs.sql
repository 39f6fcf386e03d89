-- Read API: jobs without their payload, newest first, a page at a time:
-- after_id is the last id of the previous page (keyset: a page never
-- shifts as jobs come and go). Every filter is optional:
--   state: ready, scheduled, running, failed or permanently_failed (see
--     _job_state);
--   task_identifier, queue_name: equal to;
--   search: the job's id (equal to), or text found (case-insensitive) in
--     its task identifier, queue name, key or last error; and in its
--     payload when the caller's login role (session_user) may call
--     get_job(bigint), which returns payloads: a role without it learns
--     nothing about payloads, not even by searching them.
-- page_size: 1 to 500.
--
-- Cheap at any table size: a filtered page looks for matches below
-- after_id for 50 ms at most (running jobs excepted: they have an index of
-- their own). When the time is up before the page is full, the page ends
-- with a marker row: state 'continue', id the after_id to look further
-- with, every other column null. A page without a marker that is not full
-- is the last one.
create function :GRAPHILE_WORKER_SCHEMA.list_jobs(
  state text default null,
  task_identifier text default null,
  queue_name text default null,
  search text default null,
  after_id bigint default null,
  page_size integer default 50
)
returns setof :GRAPHILE_WORKER_SCHEMA.job_summary
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
-- Reads that the planner costs high but that stop early: compiling them
-- (JIT) would take longer than running them.
set jit = off
as $$
declare
  v_now timestamptz := pg_catalog.now();
  v_search text := lower(nullif(list_jobs.search, ''));
  v_search_id bigint;
  v_payload boolean := false;
  v_chunk constant bigint := 10000;
  v_budget constant interval := '50 milliseconds';
  v_oldest bigint;
  v_top bigint;
  v_bottom bigint;
  v_rows integer;
  v_found integer := 0;
  v_started timestamptz;
begin
  -- 1. Refuse bad input.
  if list_jobs.state is not null and list_jobs.state <> all(:GRAPHILE_WORKER_SCHEMA._job_states()) then
    raise exception 'list_jobs: state must be null or one of % (got %)',
      array_to_string(:GRAPHILE_WORKER_SCHEMA._job_states(), ', '), quote_literal(list_jobs.state)
      using errcode = '22023';
  end if;
  if list_jobs.page_size is null or list_jobs.page_size not between 1 and 500 then
    raise exception 'list_jobs: page_size must be between 1 and 500 (got %)', coalesce(list_jobs.page_size::text, 'null')
      using errcode = '22023';
  end if;
  if length(list_jobs.search) > 1000 then
    raise exception 'list_jobs: search must be at most 1000 characters (got %)', length(list_jobs.search)
      using errcode = '22001';
  end if;

  -- 2. What the search looks at.
  if v_search ~ '^[0-9]{1,18}$' then
    v_search_id := v_search::bigint;
  end if;
  if v_search is not null then
    select pg_catalog.has_function_privilege(session_user, procs.oid, 'execute')
    into v_payload
    from pg_catalog.pg_proc as procs
    where procs.proname = 'get_job'
      and procs.pronargs = 1
      and procs.pronamespace = (
        select types.typnamespace from pg_catalog.pg_type as types
        where types.oid = pg_catalog.pg_typeof(null:::GRAPHILE_WORKER_SCHEMA.job_summary));
    v_payload := coalesce(v_payload, false);
  end if;

  -- 3. Running jobs (few): through their own index.
  if list_jobs.state = 'running' then
    return query
    select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at, jobs.attempts,
    jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key, jobs.locked_at,
    jobs.locked_by, jobs.revision, jobs.flags,
    :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now)
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.locked_at is not null
      and (list_jobs.after_id is null or jobs.id < list_jobs.after_id)
      and (list_jobs.task_identifier is null or jobs.task_identifier = list_jobs.task_identifier)
      and (list_jobs.queue_name is null or jobs.queue_name = list_jobs.queue_name)
      and (v_search is null
        or jobs.id = v_search_id
        or strpos(lower(jobs.task_identifier), v_search) > 0
        or strpos(lower(jobs.queue_name), v_search) > 0
        or strpos(lower(jobs.key), v_search) > 0
        or strpos(lower(jobs.last_error), v_search) > 0
        or (v_payload and strpos(lower(jobs.payload::text), v_search) > 0))
    order by jobs.id desc
    limit list_jobs.page_size;
    return;
  end if;

  -- 4. No filter: the newest jobs below after_id.
  if list_jobs.state is null and list_jobs.task_identifier is null and list_jobs.queue_name is null
    and v_search is null then
    return query
    select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at, jobs.attempts,
    jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key, jobs.locked_at,
    jobs.locked_by, jobs.revision, jobs.flags,
    :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now)
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where list_jobs.after_id is null or jobs.id < list_jobs.after_id
    order by jobs.id desc
    limit list_jobs.page_size;
    return;
  end if;

  -- 5. Filtered: the matches, 10,000 ids at a time below after_id (or the
  --    newest job), for 50 ms at most. A page that is not full when the
  --    time is up ends with the marker row (state 'continue', id: where
  --    to go on from).
  select min(jobs.id), max(jobs.id) + 1 into v_oldest, v_top
  from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs;
  v_top := coalesce(list_jobs.after_id, v_top);
  v_started := clock_timestamp();
  while v_top > v_oldest loop
    v_bottom := v_top - v_chunk;
    return query
    select jobs.id, jobs.queue_name, jobs.task_identifier, jobs.priority, jobs.run_at, jobs.attempts,
      jobs.max_attempts, jobs.last_error, jobs.created_at, jobs.updated_at, jobs.key, jobs.locked_at,
      jobs.locked_by, jobs.revision, jobs.flags,
      :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now)
    from :GRAPHILE_WORKER_SCHEMA._private_jobs as jobs
    where jobs.id < v_top
      and jobs.id >= v_bottom
      and (list_jobs.state is null
        or :GRAPHILE_WORKER_SCHEMA._job_state(jobs.locked_at, jobs.attempts, jobs.max_attempts, jobs.run_at, v_now)
          = list_jobs.state)
      and (list_jobs.task_identifier is null or jobs.task_identifier = list_jobs.task_identifier)
      and (list_jobs.queue_name is null or jobs.queue_name = list_jobs.queue_name)
      and (v_search is null
        or jobs.id = v_search_id
        or strpos(lower(jobs.task_identifier), v_search) > 0
        or strpos(lower(jobs.queue_name), v_search) > 0
        or strpos(lower(jobs.key), v_search) > 0
        or strpos(lower(jobs.last_error), v_search) > 0
        or (v_payload and strpos(lower(jobs.payload::text), v_search) > 0))
    order by jobs.id desc
    limit list_jobs.page_size - v_found;
    get diagnostics v_rows = row_count;
    v_found := v_found + v_rows;
    exit when v_found >= list_jobs.page_size or v_bottom <= v_oldest;
    if clock_timestamp() - v_started > v_budget then
      return query
      select v_bottom, null::text, null::text, null::smallint, null::timestamptz, null::smallint, null::smallint,
        null::text, null::timestamptz, null::timestamptz, null::text, null::timestamptz, null::text, null::integer,
        null::jsonb, 'continue'::text;
      return;
    end if;
    v_top := v_bottom;
  end loop;
end;
$$;
comment on function :GRAPHILE_WORKER_SCHEMA.list_jobs is
  'Read API: jobs without payload, newest first, filtered by state, task, queue and a text search, keyset-paginated by after_id (the last id of the previous page); page_size 1 to 500; a filtered page looks for 50 ms at most and then ends with a marker row (state continue, id: the after_id to go on with).';
