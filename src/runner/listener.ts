/**
 * Holds a connection that LISTENs for jobs:insert, reconnecting with backoff
 * when it breaks, so that idle runners start new jobs within milliseconds.
 * stop() releases the connection whenever it is called, even while the
 * connection is still being opened.
 */
import type pg from "pg";
import { backoff } from "./timing";

export interface ListenerEvents {
  /** jobs:insert arrived. */
  notified(): void;
  /** Listening (again): anything added meanwhile was not notified. */
  listening(reconnected: boolean): void;
  error(error: unknown): void;
}

export class Listener {
  private stopping = false;
  private client: pg.PoolClient | null = null;
  private loop: Promise<void> | null = null;
  private wakeSleep: (() => void) | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly events: ListenerEvents,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeSleep?.();
    if (this.client) this.drop(this.client);
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let client: pg.PoolClient | null = null;
      try {
        client = await this.pool.connect();
        if (this.stopping) break;
        this.client = client;
        const connection = client;
        const lost = new Promise<unknown>((resolve) => {
          connection.on("error", resolve);
          connection.on("end", () => resolve(new Error("connection ended")));
        });
        connection.on("notification", (message) => {
          if (message.channel === "jobs:insert") this.events.notified();
        });
        await connection.query('listen "jobs:insert"');
        if (this.stopping) break;
        this.events.listening(failures > 0);
        failures = 0;
        throw await lost;
      } catch (error) {
        if (client) this.drop(client);
        client = null;
        if (this.stopping) break;
        this.events.error(error);
        await this.sleep(backoff(++failures));
      } finally {
        if (client && this.stopping) this.drop(client);
      }
    }
  }

  /** Destroys a listening connection (it is never reused for queries). */
  private drop(client: pg.PoolClient): void {
    if (this.client === client) this.client = null;
    if (dropped.has(client)) return;
    dropped.add(client);
    client.release(true);
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

const dropped = new WeakSet<pg.PoolClient>();
