/**
 * Runs pgtyped queries against the configured schema. The query files name
 * the default schema (`graphile_worker.`); each query text is retargeted
 * once, here, to the quoted schema the user chose.
 *
 * Queries run as named prepared statements (parsed and planned once per
 * connection: a fetch costs the server about a third less), unless
 * `preparedStatements` is false, for poolers that cannot keep them (PgBouncer
 * before 1.21 in transaction mode).
 */
import { createHash } from "node:crypto";
import type { PreparedQuery } from "@pgtyped/runtime";
import type { Pool } from "pg";
import { DEFAULT_SCHEMA, quoteSchema } from "./schema-name";

export class Db {
  readonly quotedSchema: string;
  private readonly texts = new Map<string, string>();
  private readonly names = new Map<string, string>();

  constructor(
    readonly pool: Pool,
    readonly schema: string = DEFAULT_SCHEMA,
    readonly preparedStatements = true,
  ) {
    this.quotedSchema = quoteSchema(schema);
  }

  /** The SQL of a generated query, aimed at this schema. */
  sql(text: string): string {
    if (this.schema === DEFAULT_SCHEMA) return text;
    let retargeted = this.texts.get(text);
    if (retargeted === undefined) {
      retargeted = text.replace(/\bgraphile_worker\./g, () => `${this.quotedSchema}.`);
      this.texts.set(text, retargeted);
    }
    return retargeted;
  }

  run<P, R>(query: PreparedQuery<P, R>, params: P): Promise<R[]> {
    return query.run(params, {
      query: async (text: string, values: unknown[]) => {
        const sql = this.sql(text);
        const name = this.statementName(sql);
        try {
          const result = await this.pool.query({ name, text: sql, values, rowMode: "array" });
          return { rows: toObjects(result.fields, result.rows as unknown[][]), rowCount: result.rowCount ?? 0 };
        } catch (error) {
          throw name ? withPoolerHint(error) : error;
        }
      },
    });
  }

  /** A prepared statement's name: the same text gets the same name on every connection. */
  private statementName(sql: string): string | undefined {
    if (!this.preparedStatements) return undefined;
    let name = this.names.get(sql);
    if (name === undefined) {
      name = `gw_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
      this.names.set(sql, name);
    }
    return name;
  }
}

/**
 * A prepared statement missing on the connection that prepared it, or
 * already there on one that did not: the queries go through a pooler in
 * transaction mode that hands each transaction another server connection.
 */
function withPoolerHint(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if ((code === "26000" || code === "42P05") && error instanceof Error) {
    error.message +=
      " (the connection changed under a prepared statement: behind a pooler in transaction mode, such as PgBouncer before 1.21, set noPreparedStatements: true)";
  }
  return error;
}

/**
 * Rows as objects, with pgtyped's nullability marks ("id!") taken off the
 * column names. pgtyped's runtime would rename them by deleting properties
 * from every row, which turns each row into a slow dictionary object.
 */
function toObjects(fields: { name: string }[], rows: unknown[][]): never[] {
  const names = fields.map((f) => (/[!?]$/.test(f.name) ? f.name.slice(0, -1) : f.name));
  const objects = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const object: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) object[names[c]] = row[c];
    objects[r] = object;
  }
  return objects as never[];
}
