-- The migration ledger: one row per applied migration of this package.
create table :GRAPHILE_WORKER_SCHEMA.migrations (
  id integer primary key,
  name text not null,
  hash text not null,
  applied_at timestamptz not null default now()
);
comment on table :GRAPHILE_WORKER_SCHEMA.migrations is
  'Migrations of this package applied to this schema, written by the package''s migrator.';
comment on column :GRAPHILE_WORKER_SCHEMA.migrations.hash is
  'The graphile-migrate hash of the migration file; a different hash in the package means the file was altered after it was applied.';
