-- Nothing in the schema is callable or readable by default: grant each
-- capability to the roles that need it (see the README's "Privileges").
revoke all on all functions in schema :GRAPHILE_WORKER_SCHEMA from public;
