-- The schema every object of the queue lives in. The name is a placeholder,
-- replaced (quoted) by the migrator, so any schema name works.
create schema if not exists :GRAPHILE_WORKER_SCHEMA;
