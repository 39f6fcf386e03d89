export { migrate, installSql, loadMigrations, MigrationError } from "./migrate";
export type { Migration, MigrateResult, MigrateOptions } from "./migrate";
export { DEFAULT_SCHEMA, quoteSchema } from "./schema-name";
