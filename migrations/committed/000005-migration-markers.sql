--! Previous: sha1:c01e2011c360fb803f4c3f1891bbe52d21391fad
--! Hash: sha1:6ef70c67630cbb0f0adad819751771e9c48a1860
--! Message: migration markers

-- Breaking-change markers: for each migration in the ledger, whether it is
-- a breaking change (its file carries `--! BreakingChange`). A package that
-- meets migrations it does not know reads here whether it may keep running
-- (none breaking: it warns and runs; one breaking: it refuses). A table of
-- its own because 0.1 packages refuse a ledger whose columns changed. The
-- migrator writes a row for every migration it records; the reference
-- keeps ledger rows from being deleted under their markers.
create table :GRAPHILE_WORKER_SCHEMA.migration_markers (
  id integer primary key references :GRAPHILE_WORKER_SCHEMA.migrations (id),
  breaking boolean not null
);
comment on table :GRAPHILE_WORKER_SCHEMA.migration_markers is
  'Whether each applied migration is a breaking change, for packages older than the schema; written by the package''s migrator.';

-- Roles that may read the ledger (a worker role's runner checks it at start)
-- may read the markers too, so that they can tell whether a newer schema
-- breaks them.
do $$
declare
  v_grant record;
begin
  for v_grant in
    select pg_catalog.format('%I.%I', n.nspname, markers.relname) as markers,
      case when acl.grantee = 0 then 'public' else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(acl.grantee)) end as grantee
    from pg_catalog.pg_class as ledger
    cross join lateral pg_catalog.aclexplode(ledger.relacl) as acl
    join pg_catalog.pg_class as markers on markers.reltype = pg_catalog.pg_typeof(null:::GRAPHILE_WORKER_SCHEMA.migration_markers)
    join pg_catalog.pg_namespace as n on n.oid = markers.relnamespace
    where ledger.reltype = pg_catalog.pg_typeof(null:::GRAPHILE_WORKER_SCHEMA.migrations)
      and acl.privilege_type = 'SELECT'
      and acl.grantee <> ledger.relowner
  loop
    execute pg_catalog.format('grant select on table %s to %s', v_grant.markers, v_grant.grantee);
  end loop;
end;
$$;
