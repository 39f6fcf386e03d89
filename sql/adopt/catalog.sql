/*
  Adoption, step 1: what the catalogs say about a schema graphile-worker
  0.16 or 0.17 built ($1: the schema's name). Reads no job data, so it runs
  before anything is checked or locked. Returns one jsonb document:

  - shape_problems: where upstream's tables, the jobs view or job_spec differ
    from what adoption converts (a column it would lose, a type it cannot
    keep);
  - owner, can_act_as_owner: the role owning upstream's jobs table, and
    whether the current role may act as it (the converted schema keeps that
    owner);
  - blocking: objects outside upstream's set that depend (pg_depend) on an
    object adoption replaces (upstream's tables with their indexes,
    constraints, row types and sequences; its functions, whose return types
    change): dropping those would need CASCADE, so adoption refuses instead;
  - kept: objects of the user's that depend on what adoption keeps in place
    (the jobs view, job_spec, _private_known_crontabs) and keep working;
  - warnings: functions whose bodies name upstream's private tables (bodies
    are not tracked by pg_depend; their columns change), and sessions whose
    last query looks like a graphile-worker worker's;
  - grants: the GRANT statements that give roles on the new objects what
    they could do with upstream's (a function needed EXECUTE, USAGE on the
    schema, the table privilege its write needs and a way past row level
    security; a table needed the privilege and a way past row level security).
*/
with
target as (
  select n.oid as nsp, n.nspname
  from pg_catalog.pg_namespace as n
  where n.nspname = $1::text
),
-- Upstream's tables that adoption replaces, and their columns as 0.16 and
-- 0.17 leave them (migrations 1-18 are the same in both).
expected (relname, attname, type) as (
  values
    ('_private_jobs', 'id', 'bigint'),
    ('_private_jobs', 'job_queue_id', 'integer'),
    ('_private_jobs', 'task_id', 'integer'),
    ('_private_jobs', 'payload', 'json'),
    ('_private_jobs', 'priority', 'smallint'),
    ('_private_jobs', 'run_at', 'timestamp with time zone'),
    ('_private_jobs', 'attempts', 'smallint'),
    ('_private_jobs', 'max_attempts', 'smallint'),
    ('_private_jobs', 'last_error', 'text'),
    ('_private_jobs', 'created_at', 'timestamp with time zone'),
    ('_private_jobs', 'updated_at', 'timestamp with time zone'),
    ('_private_jobs', 'key', 'text'),
    ('_private_jobs', 'locked_at', 'timestamp with time zone'),
    ('_private_jobs', 'locked_by', 'text'),
    ('_private_jobs', 'revision', 'integer'),
    ('_private_jobs', 'flags', 'jsonb'),
    ('_private_jobs', 'is_available', 'boolean'),
    ('_private_job_queues', 'id', 'integer'),
    ('_private_job_queues', 'queue_name', 'text'),
    ('_private_job_queues', 'locked_at', 'timestamp with time zone'),
    ('_private_job_queues', 'locked_by', 'text'),
    ('_private_job_queues', 'is_available', 'boolean'),
    ('_private_tasks', 'id', 'integer'),
    ('_private_tasks', 'identifier', 'text'),
    ('migrations', 'id', 'integer'),
    ('migrations', 'ts', 'timestamp with time zone'),
    ('migrations', 'breaking', 'boolean')
),
-- The indexes and constraints upstream's migrations leave on those tables;
-- any other is the user's.
expected_parts (name) as (
  values
    ('jobs_pkey1'), ('jobs_key_key1'), ('jobs_main_index'), ('jobs_no_queue_index'),
    ('jobs_key_check'), ('jobs_max_attempts_check'),
    ('job_queues_pkey1'), ('job_queues_queue_name_key'), ('job_queues_queue_name_check'),
    ('tasks_pkey'), ('tasks_identifier_key'), ('tasks_identifier_check'),
    ('migrations_pkey')
),
-- Upstream's functions, by argument types (job_spec unqualified). Each has a
-- namesake with the same arguments in this package; write is the table
-- privilege it needed on _private_jobs.
expected_functions (proname, args, write) as (
  values
    ('add_job', 'text, json, text, timestamp with time zone, integer, text, integer, text[], text', 'INSERT'),
    ('add_jobs', 'job_spec[], boolean', 'INSERT'),
    ('complete_jobs', 'bigint[]', 'DELETE'),
    ('force_unlock_workers', 'text[]', 'UPDATE'),
    ('permanently_fail_jobs', 'bigint[], text', 'UPDATE'),
    ('remove_job', 'text', 'DELETE'),
    ('reschedule_jobs', 'bigint[], timestamp with time zone, integer, integer, integer', 'UPDATE')
),
tables as (
  select c.oid, c.relname, c.relowner, c.relrowsecurity
  from target
  join pg_catalog.pg_class as c on c.relnamespace = target.nsp and c.relkind in ('r', 'p')
  where c.relname in (select e.relname from expected as e)
),
actual as (
  select t.relname, a.attname::text as attname, pg_catalog.format_type(a.atttypid, a.atttypmod) as type
  from tables as t
  join pg_catalog.pg_attribute as a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
),
functions as (
  select p.oid, p.proname::text as proname, f.write
  from target
  join pg_catalog.pg_proc as p on p.pronamespace = target.nsp
  join expected_functions as f
    on f.proname = p.proname
   and f.args = pg_catalog.replace(pg_catalog.oidvectortypes(p.proargtypes),
         pg_catalog.quote_ident(target.nspname) || '.job_spec', 'job_spec')
),
jobs_view as (
  select c.oid
  from target
  join pg_catalog.pg_class as c on c.relnamespace = target.nsp and c.relname = 'jobs' and c.relkind = 'v'
),
job_spec as (
  select t.oid, t.typarray, t.typrelid
  from target
  join pg_catalog.pg_type as t on t.typnamespace = target.nsp and t.typname = 'job_spec'
),
crontabs as (
  select c.oid
  from target
  join pg_catalog.pg_class as c on c.relnamespace = target.nsp and c.relname = '_private_known_crontabs' and c.relkind = 'r'
),
-- Columns as this package's jobs view and job_spec have them, in order.
view_columns (attnum, attname, type) as (
  values
    (1, 'id', 'bigint'), (2, 'queue_name', 'text'), (3, 'task_identifier', 'text'), (4, 'priority', 'smallint'),
    (5, 'run_at', 'timestamp with time zone'), (6, 'attempts', 'smallint'), (7, 'max_attempts', 'smallint'),
    (8, 'last_error', 'text'), (9, 'created_at', 'timestamp with time zone'),
    (10, 'updated_at', 'timestamp with time zone'), (11, 'key', 'text'),
    (12, 'locked_at', 'timestamp with time zone'), (13, 'locked_by', 'text'), (14, 'revision', 'integer'),
    (15, 'flags', 'jsonb')
),
spec_columns (attnum, attname, type) as (
  values
    (1, 'identifier', 'text'), (2, 'payload', 'json'), (3, 'queue_name', 'text'),
    (4, 'run_at', 'timestamp with time zone'), (5, 'max_attempts', 'smallint'), (6, 'job_key', 'text'),
    (7, 'priority', 'smallint'), (8, 'flags', 'text[]')
),
shape_problems as (
  select pg_catalog.format('table %I.%I is missing (graphile-worker 0.16 and 0.17 have it)', target.nspname, e.relname) as problem
  from target, (select distinct relname from expected) as e
  where e.relname not in (select t.relname from tables as t)
  union all
  select pg_catalog.format('table %I.%I is missing (graphile-worker 0.16 and 0.17 have it)', target.nspname, '_private_known_crontabs')
  from target
  where not exists (select from crontabs)
  union all
  select pg_catalog.format('column %I of table %I.%I is not graphile-worker''s: adoption would lose it', a.attname, target.nspname, a.relname)
  from target, actual as a
  where not exists (select from expected as e where e.relname = a.relname and e.attname = a.attname)
  union all
  select pg_catalog.format('column %I of table %I.%I is %s, not %s as graphile-worker''s', a.attname, target.nspname, a.relname, a.type, e.type)
  from target, actual as a
  join expected as e on e.relname = a.relname and e.attname = a.attname
  where e.type <> a.type
  union all
  select pg_catalog.format('column %I of table %I.%I is missing (graphile-worker 0.16 and 0.17 have it)', e.attname, target.nspname, e.relname)
  from target, expected as e
  where e.relname in (select t.relname from tables as t)
    and not exists (select from actual as a where a.relname = e.relname and a.attname = e.attname)
  union all
  select pg_catalog.format('view %I.jobs has columns (%s), not graphile-worker''s (%s)', target.nspname,
    (select pg_catalog.string_agg(pg_catalog.format('%I %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)), ', ' order by a.attnum)
     from pg_catalog.pg_attribute as a where a.attrelid = v.oid and a.attnum > 0 and not a.attisdropped),
    (select pg_catalog.string_agg(pg_catalog.format('%I %s', c.attname, c.type), ', ' order by c.attnum) from view_columns as c))
  from target, jobs_view as v
  where array(select pg_catalog.format('%s %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod))
              from pg_catalog.pg_attribute as a where a.attrelid = v.oid and a.attnum > 0 and not a.attisdropped order by a.attnum)
     <> array(select pg_catalog.format('%s %s', c.attname, c.type) from view_columns as c order by c.attnum)
  union all
  select pg_catalog.format('type %I.job_spec has attributes (%s), not graphile-worker''s', target.nspname,
    (select pg_catalog.string_agg(pg_catalog.format('%I %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)), ', ' order by a.attnum)
     from pg_catalog.pg_attribute as a where a.attrelid = s.typrelid and a.attnum > 0 and not a.attisdropped))
  from target, job_spec as s
  where array(select pg_catalog.format('%s %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod))
              from pg_catalog.pg_attribute as a where a.attrelid = s.typrelid and a.attnum > 0 and not a.attisdropped order by a.attnum)
     <> array(select pg_catalog.format('%s %s', c.attname, c.type) from spec_columns as c order by c.attnum)
),
-- Everything adoption drops: upstream's tables (moved aside, then dropped)
-- with their known indexes and constraints, row and array types, sequences;
-- and its functions.
replaced (classid, objid) as (
  select 'pg_catalog.pg_class'::pg_catalog.regclass, t.oid from tables as t
  union all
  select 'pg_catalog.pg_class'::pg_catalog.regclass, i.indexrelid
  from tables as t
  join pg_catalog.pg_index as i on i.indrelid = t.oid
  join pg_catalog.pg_class as ic on ic.oid = i.indexrelid
  where ic.relname in (select name from expected_parts)
  union all
  select 'pg_catalog.pg_constraint'::pg_catalog.regclass, con.oid
  from tables as t
  join pg_catalog.pg_constraint as con on con.conrelid = t.oid
  where con.conname in (select name from expected_parts)
  union all
  select 'pg_catalog.pg_type'::pg_catalog.regclass, ty.oid
  from tables as t join pg_catalog.pg_type as ty on ty.typrelid = t.oid
  union all
  select 'pg_catalog.pg_type'::pg_catalog.regclass, ty.typarray
  from tables as t join pg_catalog.pg_type as ty on ty.typrelid = t.oid
  union all
  select 'pg_catalog.pg_class'::pg_catalog.regclass, d.objid
  from tables as t
  join pg_catalog.pg_depend as d
    on d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.refobjid = t.oid
   and d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
  join pg_catalog.pg_class as s on s.oid = d.objid and s.relkind = 'S'
  union all
  select 'pg_catalog.pg_proc'::pg_catalog.regclass, f.oid from functions as f
),
-- Upstream's own parts hang on its tables too: column defaults, and the
-- jobs view's rule (adoption redefines that view in place).
own_parts (classid, objid) as (
  select 'pg_catalog.pg_attrdef'::pg_catalog.regclass, ad.oid
  from tables as t join pg_catalog.pg_attrdef as ad on ad.adrelid = t.oid
  union all
  select 'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid
  from jobs_view as v join pg_catalog.pg_rewrite as r on r.ev_class = v.oid
),
-- What adoption keeps in place, and what users may depend on there.
kept_targets (classid, objid) as (
  select 'pg_catalog.pg_class'::pg_catalog.regclass, oid from jobs_view
  union all
  select 'pg_catalog.pg_class'::pg_catalog.regclass, oid from crontabs
  union all
  select 'pg_catalog.pg_type'::pg_catalog.regclass, unnest(array[oid, typarray]) from job_spec
  union all
  select 'pg_catalog.pg_type'::pg_catalog.regclass, unnest(array[ty.oid, ty.typarray])
  from pg_catalog.pg_type as ty
  where ty.typrelid in (select oid from jobs_view union all select oid from crontabs)
),
targets (classid, objid, replaced) as (
  select classid, objid, true from replaced
  union all
  select classid, objid, false from kept_targets
),
-- The objects that depend on those targets and are not upstream's own
-- (a dependent rule is described as its view).
dependents as (
  select distinct
    t.replaced,
    case
      when d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass then
        (select pg_catalog.format('%s %s', o.type, pg_catalog.replace(o.identity, 'pg_catalog.', ''))
         from pg_catalog.pg_rewrite as r, pg_catalog.pg_identify_object('pg_catalog.pg_class'::pg_catalog.regclass, r.ev_class, 0) as o
         where r.oid = d.objid)
      else (select pg_catalog.format('%s %s', o.type, pg_catalog.replace(o.identity, 'pg_catalog.', '')) from pg_catalog.pg_identify_object(d.classid, d.objid, 0) as o)
    end as dependent,
    (select pg_catalog.format('%s %s', o.type, pg_catalog.replace(o.identity, 'pg_catalog.', '')) from pg_catalog.pg_identify_object(d.refclassid, d.refobjid, 0) as o) as referenced
  from targets as t
  join pg_catalog.pg_depend as d on d.refclassid = t.classid and d.refobjid = t.objid
  where d.deptype in ('n', 'a')
    and not exists (select from replaced as r where r.classid = d.classid and r.objid = d.objid)
    and not exists (select from own_parts as o where o.classid = d.classid and o.objid = d.objid)
    -- The kept table's own index, constraint and defaults stay with it.
    and (t.replaced or d.classid not in ('pg_catalog.pg_constraint'::pg_catalog.regclass, 'pg_catalog.pg_attrdef'::pg_catalog.regclass)
         and not exists (select from pg_catalog.pg_class as i where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                         and i.oid = d.objid and i.relkind in ('i', 'S')))
),
blocking as (
  select pg_catalog.format('%s depends on %s', dependent, referenced) as line from dependents where replaced
),
kept as (
  select pg_catalog.format('%s depends on %s', dependent, referenced) as line from dependents where not replaced
),
mentions as (
  select pg_catalog.format('%s %s names graphile-worker''s private tables in its body; their columns change (jobs carry queue_name and task_identifier; there is no job_queue_id, task_id or is_available): check it',
    o.type, pg_catalog.replace(o.identity, 'pg_catalog.', '')) as line
  from pg_catalog.pg_proc as p
  cross join pg_catalog.pg_identify_object('pg_catalog.pg_proc'::pg_catalog.regclass, p.oid, 0) as o
  join pg_catalog.pg_language as l on l.oid = p.prolang and l.lanname not in ('internal', 'c')
  where p.prosrc ~ '_private_(jobs|job_queues|tasks)\M'
    and p.oid not in (select oid from functions)
    and p.pronamespace not in ('pg_catalog'::pg_catalog.regnamespace, 'information_schema'::pg_catalog.regnamespace)
),
sessions as (
  select pg_catalog.format('session %s (%s, application %s) last ran a query on graphile-worker''s tables: if it is a graphile-worker worker, stop it, it cannot run on the converted tables',
    a.pid, a.usename, coalesce(nullif(a.application_name, ''), '-')) as line
  from pg_catalog.pg_stat_activity as a
  where a.datname = pg_catalog.current_database()
    and a.pid <> pg_catalog.pg_backend_pid()
    and a.query ~ '_private_jobs'
    and a.query ~ '\m(job_queue_id|task_id|is_available)\M'
),
owner as (
  select t.relowner from tables as t where t.relname = '_private_jobs'
),
-- Who could do what with upstream's objects: roles (not superusers, not
-- members of the owner, who keep everything) and PUBLIC.
grantees as (
  select r.oid, pg_catalog.quote_ident(r.rolname) as name, r.rolbypassrls as bypassrls
  from pg_catalog.pg_roles as r, owner
  where not r.rolsuper and r.rolname !~ '^pg_' and not pg_catalog.pg_has_role(r.oid, owner.relowner, 'USAGE')
  union all
  select 0, 'public', false
),
could_use as (
  select g.name, f.proname as object, 'function' as kind, 'EXECUTE' as privilege, f.oid
  from grantees as g, functions as f, tables as t, target
  where t.relname = '_private_jobs'
    and (g.oid = 0 and pg_catalog.has_function_privilege('public', f.oid, 'EXECUTE')
         or g.oid <> 0 and pg_catalog.has_function_privilege(g.oid, f.oid, 'EXECUTE'))
    and (g.oid = 0 and pg_catalog.has_schema_privilege('public', target.nsp, 'USAGE')
         or g.oid <> 0 and pg_catalog.has_schema_privilege(g.oid, target.nsp, 'USAGE'))
    and (g.oid = 0 and pg_catalog.has_table_privilege('public', t.oid, f.write)
         or g.oid <> 0 and pg_catalog.has_table_privilege(g.oid, t.oid, f.write))
    and (not t.relrowsecurity or g.bypassrls)
  union all
  select g.name, t.relname::text, 'table', p.privilege, t.oid
  from grantees as g, tables as t, target, (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE')) as p(privilege)
  where t.relname in ('_private_jobs', '_private_job_queues', '_private_tasks')
    and (g.oid = 0 and pg_catalog.has_table_privilege('public', t.oid, p.privilege)
         or g.oid <> 0 and pg_catalog.has_table_privilege(g.oid, t.oid, p.privilege))
    and (g.oid = 0 and pg_catalog.has_schema_privilege('public', target.nsp, 'USAGE')
         or g.oid <> 0 and pg_catalog.has_schema_privilege(g.oid, target.nsp, 'USAGE'))
    and (not t.relrowsecurity or g.bypassrls)
),
-- A role need not be granted what PUBLIC gets.
grants as (
  select pg_catalog.format('grant %s on %s %I.%I%s to %s', u.privilege, u.kind, target.nspname, u.object,
    case when u.kind = 'function' then '(' || pg_catalog.pg_get_function_identity_arguments(u.oid) || ')' else '' end,
    u.name) as statement
  from could_use as u, target
  where u.name = 'public'
     or not exists (select from could_use as p where p.name = 'public' and p.oid = u.oid and p.privilege = u.privilege)
)
select pg_catalog.jsonb_build_object(
  'shape_problems', pg_catalog.to_jsonb(array(select problem from shape_problems order by 1)),
  'owner', (select pg_catalog.pg_get_userbyid(relowner) from owner),
  'current_user', current_user::text,
  'can_act_as_owner', (select pg_catalog.pg_has_role(current_user, relowner, 'MEMBER') from owner),
  'has_job_spec', exists (select from job_spec),
  'blocking', pg_catalog.to_jsonb(array(select line from blocking order by 1)),
  'kept', pg_catalog.to_jsonb(array(select line from kept order by 1)),
  'warnings', pg_catalog.to_jsonb(array(select line from mentions union all select line from sessions order by 1)),
  'grants', pg_catalog.to_jsonb(array(select statement from grants order by 1))
) as catalog;
