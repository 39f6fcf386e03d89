// Test databases: each test gets its own, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The server the harness found (scripts/test.mjs), or the local one. */
export function serverUrl(): string {
  return (
    process.env.GW_TEST_SERVER_URL ??
    process.env.DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/postgres"
  );
}

export function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** A migrated database (default schema) that tests clone; named by the global setup. */
export function templateDb(): string {
  const runId = process.env.GW_TEST_RUN_ID;
  if (!runId) throw new Error("GW_TEST_RUN_ID is not set: run the tests through vitest's global setup");
  return `gwtest_template_${runId}`;
}

export interface TestDatabase {
  name: string;
  url: string;
  /** A pool on the database, ended by drop(). */
  pool: pg.Pool;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database. `migrated` (the default) clones the migrated template
 * (schema graphile_worker); otherwise it is empty.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `gwtest_${randomBytes(6).toString("hex")}`;
  const migrated = options.migrated ?? true;
  await admin((client) =>
    client.query(`create database ${name}${migrated ? ` template ${templateDb()}` : ""}`),
  );
  const url = databaseUrl(name);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let dropped = false;
  // pool.end() resolves before every connection has closed; the forced drop
  // then terminates the stragglers, which report it as an idle-client error.
  // Only errors before the drop are the test's business.
  pool.on("error", (error) => {
    if (!dropped) throw error;
  });
  return {
    name,
    url,
    pool,
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.end();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
