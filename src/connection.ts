/**
 * Connections: pools made from options, and how broken connections are told
 * apart and kept out of a pool.
 */
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
