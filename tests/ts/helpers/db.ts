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
  // A connection the forced drop terminates reports it as an idle-client
  // error; only errors before the drop are the test's business.
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
      await admin(async (client) => {
        // Let closing connections (of any pool a test ended) finish closing,
        // then force out whatever a test left open.
        for (let waited = 0; waited < 2_000; waited += 20) {
          const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}
