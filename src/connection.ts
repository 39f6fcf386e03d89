/**
 * Connections: pools made from options, and how broken connections are told
 * apart and kept out of a pool.
 */
import { ok } from "node:assert";
import pg from "pg";

/**
 * A connection that breaks while checked out of a pool emits 'error' on its
 * client, possibly more than once; with no listener that crashes the process.
 * Every client of our pools gets a listener for life.
 */
export function absorbClientErrors(pool: pg.Pool): void {
  if (absorbing.has(pool)) return;
  absorbing.add(pool);
  pool.on("connect", (client) => client.on("error", () => {}));
}
const absorbing = new WeakSet<pg.Pool>();

/** Connection-level failures: the client must not go back to the pool. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string") {
    // SQLSTATE connection exceptions and shutdowns; Node's ECONNREFUSED, ECONNRESET, ...
    return code.startsWith("08") || code.startsWith("57P") || code.startsWith("E");
  }
  return error instanceof Error && /connection|terminat/i.test(error.message);
}

/** Runs fn with a client checked out of the pool; a broken connection is destroyed, not reused. */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on("error", onError);
  try {
    return await fn(client);
  } catch (error) {
    if (isConnectionError(error)) broken ??= error as Error;
    throw error;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

/** graphile-worker's refusals, word for word: code written against it may match them. */
export const BOTH_POOL_AND_CONNECTION_STRING =
  "Both `pgPool` and `connectionString` are set, at most one of these options should be provided";
export const NO_DATABASE =
  "You must either specify `pgPool` or `connectionString`, or you must make the `DATABASE_URL` or `PG*` environmental variables available.";

/**
 * Where a pool made from options connects, as graphile-worker decides: the
 * connection string, else $DATABASE_URL, else the standard PG* variables
 * (pg reads them itself) when PGDATABASE is set. A pool and a connection
 * string together are refused (an AssertionError, as graphile-worker throws).
 */
export function connectionFrom(options: { connectionString?: unknown; pgPool?: unknown }): { connectionString?: string } {
  ok(options.pgPool == null || options.connectionString == null, BOTH_POOL_AND_CONNECTION_STRING);
  if (options.pgPool != null) return {};
  const connectionString = (options.connectionString as string | undefined) ?? process.env.DATABASE_URL;
  if (connectionString) return { connectionString };
  if (process.env.PGDATABASE) return {};
  throw new Error(NO_DATABASE);
}
