-- The schema's objects: tables, indexes, types, the jobs view, the public
-- function signatures (Graphile Worker's, exactly), and the security rules
-- every function follows.
begin;
select plan(63);

select tables_are('graphile_worker', array['_private_jobs', '_private_job_queues', '_private_tasks', '_private_workers', '_private_sweeps', '_private_throughput', '_private_schedules', '_private_known_crontabs', 'migrations', 'migration_markers']);
select views_are('graphile_worker', array['jobs', 'schedules']);
select types_are('graphile_worker', array['job', 'job_spec', 'job_summary', '_cron_fields']);

select columns_are('graphile_worker', 'jobs', array[
  'id', 'queue_name', 'task_identifier', 'priority', 'run_at', 'attempts', 'max_attempts', 'last_error',
  'created_at', 'updated_at', 'key', 'locked_at', 'locked_by', 'revision', 'flags'
], 'the jobs view has Graphile Worker''s columns, without payload');

select columns_are('graphile_worker', 'schedules', array[
  'id', 'cron', 'time_zone', 'task_identifier', 'payload', 'queue_name', 'priority', 'max_attempts', 'flags',
  'job_key', 'job_key_mode', 'catch_up', 'catch_up_window', 'enabled', 'source', 'last_fire_at', 'next_fire_at',
  'last_job_id', 'created_at', 'updated_at'
], 'the schedules view has the columns of the recurring jobs contract');

-- Graphile Worker's crontab history table, exactly (a database adopted from
-- Graphile Worker keeps its own).
select results_eq(
  $$select a.attname::text collate "default", format_type(a.atttypid, a.atttypmod), a.attnotnull from pg_attribute a
    where a.attrelid = 'graphile_worker._private_known_crontabs'::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum$$,
  $$values ('identifier', 'text', true), ('known_since', 'timestamp with time zone', true), ('last_execution', 'timestamp with time zone', false)$$,
  '_private_known_crontabs is Graphile Worker''s'
);
select col_is_pk('graphile_worker', '_private_known_crontabs', 'identifier', 'keyed by identifier');

-- The public type job is the private table's row without its private
-- columns (claim, detached): _job_row projects one into the other.
select results_eq(
  $$select a.attname::text collate "default", format_type(a.atttypid, a.atttypmod) from pg_attribute a
    where a.attrelid = 'graphile_worker._private_jobs'::regclass and a.attnum > 0 and not a.attisdropped
      and a.attname not in ('claim', 'detached') order by a.attnum$$,
  $$select a.attname::text collate "default", format_type(a.atttypid, a.atttypmod) from pg_attribute a
    where a.attrelid = (select typrelid from pg_type where oid = 'graphile_worker.job'::regtype) and a.attnum > 0 order by a.attnum$$,
  'type job has the public columns of _private_jobs, in order'
);

select results_eq(
  $$select a.attname::text collate "default", format_type(a.atttypid, a.atttypmod) from pg_attribute a
    where a.attrelid = (select typrelid from pg_type where oid = 'graphile_worker.job_spec'::regtype) and a.attnum > 0 order by a.attnum$$,
  $$values ('identifier', 'text'), ('payload', 'json'), ('queue_name', 'text'), ('run_at', 'timestamp with time zone'),
           ('max_attempts', 'smallint'), ('job_key', 'text'), ('priority', 'smallint'), ('flags', 'text[]')$$,
  'job_spec is Graphile Worker''s'
);

-- Graphile Worker's signatures, so that its SQL runs unchanged.
create function pg_temp.signature(name text) returns text language sql as $$
  select pg_get_function_arguments(p.oid) || ' -> ' || pg_get_function_result(p.oid)
  from pg_proc p where p.pronamespace = 'graphile_worker'::regnamespace and p.proname = name
$$;
select is(pg_temp.signature('add_job'),
  'identifier text, payload json DEFAULT NULL::json, queue_name text DEFAULT NULL::text, run_at timestamp with time zone DEFAULT NULL::timestamp with time zone, max_attempts integer DEFAULT NULL::integer, job_key text DEFAULT NULL::text, priority integer DEFAULT NULL::integer, flags text[] DEFAULT NULL::text[], job_key_mode text DEFAULT ''replace''::text -> graphile_worker.job',
  'add_job signature');
select is(pg_temp.signature('add_jobs'),
  'specs graphile_worker.job_spec[], job_key_preserve_run_at boolean DEFAULT false -> SETOF graphile_worker.job',
  'add_jobs signature');
select is(pg_temp.signature('remove_job'), 'job_key text -> SETOF graphile_worker.job', 'remove_job signature');
select is(pg_temp.signature('complete_jobs'), 'job_ids bigint[] -> SETOF graphile_worker.job', 'complete_jobs signature');
select is(pg_temp.signature('permanently_fail_jobs'),
  'job_ids bigint[], error_message text DEFAULT NULL::text -> SETOF graphile_worker.job',
  'permanently_fail_jobs signature');
select is(pg_temp.signature('reschedule_jobs'),
  'job_ids bigint[], run_at timestamp with time zone DEFAULT NULL::timestamp with time zone, priority integer DEFAULT NULL::integer, attempts integer DEFAULT NULL::integer, max_attempts integer DEFAULT NULL::integer -> SETOF graphile_worker.job',
  'reschedule_jobs signature');
select is(pg_temp.signature('force_unlock_workers'), 'worker_ids text[] -> void', 'force_unlock_workers signature');
select is(pg_temp.signature('cleanup'),
  'tasks text[], task_identifiers_to_keep text[] DEFAULT ''{}''::text[] -> TABLE(task text, deleted integer)',
  'cleanup signature');
select is(pg_temp.signature('get_jobs'),
  'worker_id text, task_identifiers text[], batch_size integer DEFAULT 1, forbidden_flags text[] DEFAULT NULL::text[], now timestamp with time zone DEFAULT now(), complete_job_ids bigint[] DEFAULT NULL::bigint[] -> SETOF graphile_worker.job',
  'get_jobs signature');
select is(pg_temp.signature('sweep_stale_workers'),
  'sweep_threshold interval DEFAULT ''00:05:00''::interval, recovery_delay interval DEFAULT ''00:00:30''::interval, dry_run boolean DEFAULT false -> TABLE(dead_worker_ids text[], jobs_recovered integer, queues_unlocked integer, another_sweep_running boolean)',
  'sweep_stale_workers signature');
select is(pg_temp.signature('list_active_workers'),
  'threshold interval DEFAULT ''00:05:00''::interval -> TABLE(worker_id text, started_at timestamp with time zone, last_heartbeat_at timestamp with time zone, metadata jsonb, is_stale boolean)',
  'list_active_workers signature');

-- The worker protocol's signatures: workers in any language call them.
select is(pg_temp.signature('get_jobs_v2'),
  'worker_id text, claim uuid, task_identifiers text[], batch_size integer DEFAULT 1, forbidden_flags text[] DEFAULT NULL::text[], now timestamp with time zone DEFAULT NULL::timestamp with time zone, completed_job_ids bigint[] DEFAULT NULL::bigint[], completed_claims uuid[] DEFAULT NULL::uuid[] -> TABLE(id bigint, queue_name text, task_identifier text, payload json, priority smallint, run_at timestamp with time zone, attempts smallint, max_attempts smallint, last_error text, created_at timestamp with time zone, key text, revision integer, flags jsonb, locked_at timestamp with time zone)',
  'get_jobs_v2 signature');
select is(pg_temp.signature('worker_complete_jobs_v2'), 'worker_id text, job_ids bigint[], claims uuid[] -> SETOF bigint', 'worker_complete_jobs_v2 signature');
select is(pg_temp.signature('worker_fail_jobs_v2'),
  'worker_id text, job_ids bigint[], claims uuid[], error_messages text[], failed_items json DEFAULT NULL::json -> TABLE(id bigint, attempts smallint, max_attempts smallint, run_at timestamp with time zone)',
  'worker_fail_jobs_v2 signature');
select is(pg_temp.signature('worker_return_jobs_v2'), 'worker_id text, job_ids bigint[], claims uuid[] -> SETOF bigint', 'worker_return_jobs_v2 signature');
select is(pg_temp.signature('worker_return_claim'), 'worker_id text, claim uuid -> SETOF bigint', 'worker_return_claim signature');
select is(pg_temp.signature('worker_register'),
  'worker_id text, heartbeat_interval interval, metadata jsonb DEFAULT NULL::jsonb -> TABLE(jobs_recovered integer, queues_unlocked integer)',
  'worker_register signature');
select is(pg_temp.signature('worker_heartbeat_v2'),
  'worker_id text, heartbeat_interval interval, metadata jsonb DEFAULT NULL::jsonb, jobs_completed bigint DEFAULT 0, jobs_failed bigint DEFAULT 0 -> boolean',
  'worker_heartbeat_v2 signature');
select is(pg_temp.signature('rules'), ' -> jsonb', 'rules signature');
select is(pg_temp.signature('upsert_schedule'),
  'id text, cron text, task_identifier text, payload json DEFAULT NULL::json, time_zone text DEFAULT ''UTC''::text, queue_name text DEFAULT NULL::text, priority integer DEFAULT NULL::integer, max_attempts integer DEFAULT NULL::integer, flags text[] DEFAULT NULL::text[], job_key text DEFAULT NULL::text, job_key_mode text DEFAULT NULL::text, catch_up text DEFAULT ''latest''::text, catch_up_window interval DEFAULT ''1 day''::interval, enabled boolean DEFAULT true -> graphile_worker.schedules',
  'upsert_schedule signature');
select is(pg_temp.signature('remove_schedule'), 'id text -> SETOF graphile_worker.schedules', 'remove_schedule signature');
select is(pg_temp.signature('pause_schedule'), 'id text -> graphile_worker.schedules', 'pause_schedule signature');
select is(pg_temp.signature('resume_schedule'), 'id text -> graphile_worker.schedules', 'resume_schedule signature');
select is(pg_temp.signature('trigger_schedule'), 'id text -> graphile_worker.job', 'trigger_schedule signature');
select is(pg_temp.signature('preview_schedule'),
  'cron text, time_zone text DEFAULT ''UTC''::text, from_time timestamp with time zone DEFAULT now(), n integer DEFAULT 10 -> TABLE(fire_at timestamp with time zone, local_time timestamp without time zone)',
  'preview_schedule signature');
select is(pg_temp.signature('tick_schedules'),
  'now timestamp with time zone DEFAULT now() -> TABLE(schedule_id text, fire_at timestamp with time zone, backfilled boolean, id bigint, queue_name text, task_identifier text, payload json, priority smallint, run_at timestamp with time zone, attempts smallint, max_attempts smallint, last_error text, created_at timestamp with time zone, updated_at timestamp with time zone, key text, locked_at timestamp with time zone, locked_by text, revision integer, flags jsonb)',
  'tick_schedules signature');
select is(pg_temp.signature('sync_crontab'), 'source text, items json -> TABLE(id text, change text)', 'sync_crontab signature');

-- Indexes: the fetch and the queue heads cover only rows that can run.
select indexes_are('graphile_worker', '_private_jobs', array[
  '_private_jobs_pkey', '_private_jobs_key', '_private_jobs_fetch', '_private_jobs_fetch_queued', '_private_jobs_queue_head',
  '_private_jobs_locked', '_private_jobs_permanently_failed'
]);
select is(
  (select pg_get_expr(indpred, indrelid) from pg_index where indexrelid = 'graphile_worker._private_jobs_fetch'::regclass),
  '((queue_name IS NULL) AND (locked_at IS NULL) AND (attempts < max_attempts))',
  'the fetch index holds only unlocked jobs with attempts left'
);
select is(
  (select indisunique from pg_index where indexrelid = 'graphile_worker._private_jobs_key'::regclass),
  true,
  'job keys are unique'
);

-- An idle tick is one probe of an index that holds only enabled schedules.
select is(
  (select pg_get_indexdef(indexrelid) || ' / ' || pg_get_expr(indpred, indrelid) from pg_index
    where indexrelid = 'graphile_worker._private_schedules_due'::regclass),
  'CREATE INDEX _private_schedules_due ON graphile_worker._private_schedules USING btree (next_fire_at) WHERE enabled / enabled',
  'due schedules are indexed by next_fire_at, enabled ones only'
);

-- Constraints back the functions' rules for anyone writing to the tables.
select throws_ok($$insert into graphile_worker._private_jobs (task_identifier, max_attempts) values ('t', 0)$$, '23514', null, 'max_attempts >= 1 is a constraint');
select throws_ok($$insert into graphile_worker._private_jobs (task_identifier) values ('')$$, '23514', null, 'an empty identifier is refused by a constraint');
select throws_ok($$insert into graphile_worker._private_jobs (task_identifier, key) values ('t', '')$$, '23514', null, 'an empty key is refused by a constraint');
select throws_ok($$insert into graphile_worker._private_jobs (task_identifier, queue_name) values ('t', repeat('q', 129))$$, '23514', null, 'a long queue name is refused by a constraint');
select throws_ok($$insert into graphile_worker._private_jobs (task_identifier, attempts) values ('t', -1)$$, '23514', null, 'negative attempts are refused by a constraint');

-- Security: every function pins search_path to pg_catalog, pg_temp (pg_temp
-- last: otherwise it is searched first for types, and a caller's pg_temp
-- domain would run its CHECK as the owner). The only exceptions are helpers
-- the planner must inline (a SET clause prevents that): plain SQL, not
-- security definer, callable by the owner alone (so only from pinned
-- functions), and every type they cast to named with its schema.
-- Public functions run as the owner (so that a role can be granted one
-- capability without table access); private helpers do not; nothing is
-- executable by PUBLIC.
select is_empty(
  $$select p.proname from pg_proc p where p.pronamespace = 'graphile_worker'::regnamespace
    and not coalesce('search_path=pg_catalog, pg_temp' = any(p.proconfig), false)
    and not (
      p.proconfig is null and not p.prosecdef
      and p.prolang = (select oid from pg_language where lanname = 'sql')
      and p.proacl = array[format('%s=X/%s', p.proowner::regrole, p.proowner::regrole)]::aclitem[]
      and p.prosrc !~ '::\s*(?!pg_catalog\.|"graphile_worker"\.)'
    )$$,
  'every function pins search_path to pg_catalog, pg_temp, or is an owner-only SQL helper the planner inlines, with schema-qualified casts'
);
-- What pinning search_path cannot cover, checked in the source: pg_temp is
-- still searched (last) for types, so a type a body names without a schema
-- must be one of pg_catalog's (a cast, a variable's declaration); a body
-- calls no function of another schema and builds no SQL at run time (so
-- these checks see all of it); its argument and result types are
-- pg_catalog's or the queue's own.
create function pg_temp.catalog_type(name text) returns boolean language sql as $$
  select lower(name) in ('int', 'integer', 'smallint', 'bigint', 'boolean', 'real', 'double', 'float', 'decimal', 'dec', 'char', 'character', 'national', 'bit')
    or exists (select 1 from pg_type t where t.typnamespace = 'pg_catalog'::regnamespace and t.typname = name)
$$;
select is_empty(
  $$select p.proname, m[1] from pg_proc p, regexp_matches(p.prosrc, '::\s*([A-Za-z_][A-Za-z0-9_$]*)\M(?!\s*\.)', 'g') m
    where p.pronamespace = 'graphile_worker'::regnamespace and not pg_temp.catalog_type(m[1])$$,
  'every cast without a schema is to a type of pg_catalog'
);
select is_empty(
  $$select p.proname, t[1] from pg_proc p,
      -- the declarations: from declare to the first begin (a regular
      -- expression would take its greediness from its first quantifier)
      regexp_replace(regexp_replace(p.prosrc, '\mbegin\M.*$', '', 'i'), '^\s*declare\s+', '', 'i') as declarations,
      regexp_split_to_table(declarations, ';') as declaration,
      regexp_match(declaration, '^\s*\w+\s+(?:constant\s+)?("[^"]+"\.\w+|\w+)') as t
    where p.pronamespace = 'graphile_worker'::regnamespace and p.prosrc ~* '^\s*declare\M'
      and t[1] !~ '^"graphile_worker"\.' and not pg_temp.catalog_type(t[1])$$,
  'every variable is declared with a type of pg_catalog or of the queue'
);
select is_empty(
  $$select p.proname, m[1] from pg_proc p, regexp_matches(p.prosrc, '\m([A-Za-z_][A-Za-z0-9_]*)\.[A-Za-z_][A-Za-z0-9_]*\s*\(', 'g') m
    where p.pronamespace = 'graphile_worker'::regnamespace and m[1] <> 'pg_catalog'$$,
  'no body calls a function of another schema'
);
select is_empty(
  $$select p.proname from pg_proc p where p.pronamespace = 'graphile_worker'::regnamespace
    -- (the privilege named 'execute' in a string is not the statement)
    and (regexp_replace(p.prosrc, '''execute''', '', 'gi') ~* '\mexecute\M' or p.prosrc ~* '\mpg_temp\M')$$,
  'no body builds SQL at run time or names pg_temp'
);
select is_empty(
  $$select p.proname, t.typnamespace::regnamespace from pg_proc p,
      unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]) || p.prorettype) as a(type), pg_type t
    where p.pronamespace = 'graphile_worker'::regnamespace and t.oid = a.type
      and t.typnamespace not in ('pg_catalog'::regnamespace, 'graphile_worker'::regnamespace)$$,
  'every argument and result type is pg_catalog''s or the queue''s'
);
select is_empty(
  $$select p.proname, l.lanname from pg_proc p join pg_language l on l.oid = p.prolang
    where p.pronamespace = 'graphile_worker'::regnamespace and l.lanname not in ('sql', 'plpgsql')$$,
  'functions are SQL or PL/pgSQL'
);
-- The schema and everything in it belong to one role, and no other role can
-- create objects in it or hook into its tables.
select is_empty(
  $$select c.relname from pg_class c where c.relnamespace = 'graphile_worker'::regnamespace
      and c.relowner <> (select nspowner from pg_namespace where oid = 'graphile_worker'::regnamespace)
    union all
    select p.proname from pg_proc p where p.pronamespace = 'graphile_worker'::regnamespace
      and p.proowner <> (select nspowner from pg_namespace where oid = 'graphile_worker'::regnamespace)
    union all
    select t.typname from pg_type t where t.typnamespace = 'graphile_worker'::regnamespace
      and t.typowner <> (select nspowner from pg_namespace where oid = 'graphile_worker'::regnamespace)$$,
  'every table, function and type belongs to the schema''s owner'
);
select is_empty(
  $$select r.rolname from pg_roles r
    where r.oid <> (select nspowner from pg_namespace where oid = 'graphile_worker'::regnamespace) and not r.rolsuper
      and has_schema_privilege(r.oid, 'graphile_worker', 'create')$$,
  'no other role may create objects in the schema'
);
select is_empty(
  $$select t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid where c.relnamespace = 'graphile_worker'::regnamespace and not t.tgisinternal
    union all
    select r.rulename from pg_rewrite r join pg_class c on c.oid = r.ev_class
      where c.relnamespace = 'graphile_worker'::regnamespace and r.rulename <> '_RETURN'
    union all
    select p.polname from pg_policy p join pg_class c on c.oid = p.polrelid where c.relnamespace = 'graphile_worker'::regnamespace$$,
  'no triggers, rules or policies on its tables'
);
select is(
  (select count(*)::int from pg_proc p where p.pronamespace = 'graphile_worker'::regnamespace
    and p.proname in ('_job_spec_problem', '_job_specs') and p.proconfig is null and p.provolatile = 's' and not p.prosecdef),
  2,
  'the batch helpers are stable, without SET, and not security definer (so that they inline)'
);
select is_empty(
  $$select p.proname from pg_proc p where p.pronamespace = 'graphile_worker'::regnamespace
    and p.proname not like '\_%' and not p.prosecdef$$,
  'every public function is security definer'
);
select is_empty(
  $$select p.proname from pg_proc p where p.pronamespace = 'graphile_worker'::regnamespace
    and p.proname like '\_%' and p.prosecdef$$,
  'no private helper is security definer'
);
select is_empty(
  $$select p.proname from pg_proc p where p.pronamespace = 'graphile_worker'::regnamespace
    and has_function_privilege('public', p.oid, 'execute')$$,
  'no function is executable by PUBLIC'
);
select is_empty(
  $$select c.relname from pg_class c where c.relnamespace = 'graphile_worker'::regnamespace
    and c.relkind in ('r', 'v') and has_table_privilege('public', c.oid, 'select')$$,
  'no table or view is readable by PUBLIC'
);
select is(
  (select count(*)::int from pg_description d join pg_class c on c.oid = d.objoid
    where c.relnamespace = 'graphile_worker'::regnamespace and d.objsubid = 0 and c.relkind in ('r', 'v')),
  (select count(*)::int from pg_class c where c.relnamespace = 'graphile_worker'::regnamespace and c.relkind in ('r', 'v')),
  'every table and view has a comment'
);
select is_empty(
  $$select p.proname from pg_proc p where p.pronamespace = 'graphile_worker'::regnamespace
    and p.proname not like '\_%' and obj_description(p.oid, 'pg_proc') is null$$,
  'every public function has a comment'
);
select is(
  (select count(*)::int from graphile_worker.migrations),
  (select max(id) from graphile_worker.migrations),
  'the ledger is readable from SQL and has no gaps'
);

select * from finish();
rollback;
