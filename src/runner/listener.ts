/**
 * Holds a connection that LISTENs for jobs:insert, reconnecting with backoff
 * when it breaks, so that idle runners start new jobs within milliseconds.
 * stop() releases the connection whenever it is called, even while the
 * connection is still being opened.
 *
 * The connection is one of the runner's pool, or, given a connection string
 * (listenConnectionString: the pool goes through a pooler in transaction
 * mode, which cannot hold a LISTEN), a client of its own to that server.
 */
import pg from "pg";
import { backendPid } from "../generated/listener.queries";
import { backoff } from "./timing";

export interface ListenerEvents {
  /** jobs:insert arrived. */
  notified(): void;
  /** Listening (again): anything added meanwhile was not notified. */
  listening(reconnected: boolean): void;
  error(error: unknown): void;
  /**
   * The connection goes through a pooler (told once). From the runner's
   * pool, listening stops (stopped: true) and the runner polls; a
   * listenConnectionString is trusted (a pooler in session mode keeps a
   * LISTEN), and listened on anyway.
   */
  pooled(stopped: boolean): void;
}

/** A listening connection, and how to get rid of it (it is never reused for queries). */
interface Connection {
  client: pg.ClientBase;
  close(): void;
}

export class Listener {
  private stopping = false;
  private connection: Connection | null = null;
  private loop: Promise<void> | null = null;
  private wakeSleep: (() => void) | null = null;
  private toldPooled = false;

  constructor(
    /** The runner's pool, or a connection string to listen on directly. */
    private readonly source: pg.Pool | string,
    private readonly applicationName: string,
    private readonly events: ListenerEvents,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeSleep?.();
    if (this.connection) this.drop(this.connection);
    await this.loop;
  }

  private async connect(): Promise<Connection> {
    if (typeof this.source !== "string") {
      const client = await this.source.connect();
      return { client, close: () => client.release(true) };
    }
    const client = new pg.Client({ connectionString: this.source, application_name: this.applicationName });
    // An 'error' nobody listens for crashes the process; once connected, the loop below listens for it too.
    client.on("error", () => {});
    const close = () => void client.end().catch(() => {});
    try {
      await client.connect();
    } catch (error) {
      close();
      throw error;
    }
    return { client, close };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let held: Connection | null = null;
      try {
        held = await this.connect();
        if (this.stopping) break;
        this.connection = held;
        const connection = held.client;
        const lost = new Promise<unknown>((resolve) => {
          connection.on("error", resolve);
          connection.on("end", () => resolve(new Error("connection ended")));
        });
        if (await throughPooler(connection)) {
          const ownPool = typeof this.source !== "string";
          if (!this.toldPooled) {
            this.toldPooled = true;
            this.events.pooled(ownPool);
          }
          if (ownPool) {
            this.drop(held);
            held = null;
            break;
          }
        }
        connection.on("notification", (message) => {
          if (message.channel === "jobs:insert") this.events.notified();
        });
        await connection.query('listen "jobs:insert"');
        if (this.stopping) break;
        this.events.listening(failures > 0);
        failures = 0;
        throw await lost;
      } catch (error) {
        if (held) this.drop(held);
        held = null;
        if (this.stopping) break;
        this.events.error(error);
        await this.sleep(backoff(++failures));
      } finally {
        if (held && this.stopping) this.drop(held);
      }
    }
  }

  /** Destroys a listening connection (it is never reused for queries). */
  private drop(connection: Connection): void {
    if (this.connection === connection) this.connection = null;
    if (dropped.has(connection)) return;
    dropped.add(connection);
    connection.close();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleep = done;
    });
  }
}

const dropped = new WeakSet<Connection>();

/**
 * Whether a connection goes through a pooler: the process id the server
 * announced when it connected (BackendKeyData) is not the server process
 * that answers, because a pooler announces one of its own.
 */
async function throughPooler(client: pg.ClientBase): Promise<boolean> {
  const announced = (client as { processID?: unknown }).processID;
  if (typeof announced !== "number") return false;
  const [row] = await backendPid.run(undefined, {
    query: async (text, values) => {
      const { rows, rowCount } = await client.query(text, values);
      return { rows, rowCount: rowCount ?? 0 };
    },
  });
  return row.pid !== announced;
}
