/** The schema every object of the queue lives in unless told otherwise. */
export const DEFAULT_SCHEMA = "graphile_worker";

/** C0 controls, DEL and C1 controls: nothing a schema name needs, and each can end a line or steer a terminal. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a schema name and returns it quoted as an SQL identifier.
 *
 * Any name PostgreSQL accepts works, quotes and unicode included, except a
 * name with a control character (a newline would end the line the name is
 * written on in an install script, and psql would run what follows) or with
 * `$` (it could end a function body's dollar quote).
 */
export function quoteSchema(schema: string): string {
  if (typeof schema !== "string" || schema.length === 0) {
    throw new TypeError("schema must be a non-empty string");
  }
  const control = CONTROL.exec(schema);
  if (control) {
    throw new TypeError(
      `schema ${printable(schema)} must not contain control characters ` +
        `(got U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} at position ${control.index})`,
    );
  }
  if (schema.includes("$")) {
    throw new TypeError(`schema ${JSON.stringify(schema)} must not contain '$' or a NUL byte`);
  }
  if (Buffer.byteLength(schema, "utf8") > 63) {
    throw new TypeError(
      `schema ${JSON.stringify(schema)} is longer than PostgreSQL's 63-byte limit for names`,
    );
  }
  return `"${schema.replace(/"/g, '""')}"`;
}

/** The name in double quotes with every control character escaped, safe to print. */
function printable(schema: string): string {
  return JSON.stringify(schema).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Replaces the schema placeholder in SQL text with the quoted schema. */
export function withSchema(sql: string, schema: string): string {
  const quoted = quoteSchema(schema);
  return sql.replace(/:GRAPHILE_WORKER_SCHEMA\b/g, () => quoted);
}
