/** The schema every object of the queue lives in unless told otherwise. */
export const DEFAULT_SCHEMA = "graphile_worker";

/** The placeholder that migrations and query files use for the schema. */
export const SCHEMA_PLACEHOLDER = ":GRAPHILE_WORKER_SCHEMA";

/**
 * Checks a schema name and returns it quoted as an SQL identifier.
 *
 * Any name PostgreSQL accepts works, quotes and unicode included, except a
 * name with `$` (it could end a function body's dollar quote) or a NUL byte.
 */
export function quoteSchema(schema: string): string {
  if (typeof schema !== "string" || schema.length === 0) {
    throw new TypeError("schema must be a non-empty string");
  }
  if (Buffer.byteLength(schema, "utf8") > 63) {
    throw new TypeError(
      `schema ${JSON.stringify(schema)} is longer than PostgreSQL's 63-byte limit for names`,
    );
  }
  if (schema.includes("$") || schema.includes("\0")) {
    throw new TypeError(
      `schema ${JSON.stringify(schema)} must not contain '$' or a NUL byte`,
    );
  }
  return `"${schema.replace(/"/g, '""')}"`;
}

/** Replaces the schema placeholder in SQL text with the quoted schema. */
export function withSchema(sql: string, schema: string): string {
  const quoted = quoteSchema(schema);
  return sql.replace(/:GRAPHILE_WORKER_SCHEMA\b/g, () => quoted);
}
