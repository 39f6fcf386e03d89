// A TCP proxy in front of the test server, for faults the network makes: a
// reply lost after the server committed (the server finishes the statement
// and its transaction, then the client's connection breaks before any byte
// of the reply arrives), or a server that starts answering late (a proxy
// opened on a port chosen beforehand).
import { createServer, connect, type Server, type Socket } from "node:net";
import { serverUrl } from "./db";

export interface Proxy {
  /** A connection string to `database` through the proxy. */
  url(database: string): string;
  /**
   * The next query whose text contains `marker` runs and commits on the
   * server; then its client connection is cut before the reply reaches it.
   * Resolves once that happened.
   */
  loseReplyTo(marker: string): Promise<void>;
  close(): Promise<void>;
}

/** A port on 127.0.0.1 that nothing listens on (yet). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A connection string to `database` through a proxy on `port`. */
export function proxyUrl(port: number, database: string): string {
  const url = new URL(serverUrl());
  url.hostname = "127.0.0.1";
  url.port = String(port);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Starts a proxy on `port` (default: any free one). */
export async function startProxy(port = 0): Promise<Proxy> {
  const upstream = new URL(serverUrl());
  const sockets = new Set<Socket>();
  let armed: { marker: Buffer; done: () => void } | null = null;

  const server: Server = createServer((client) => {
    const backend = connect(Number(upstream.port || 5432), upstream.hostname);
    sockets.add(client);
    sockets.add(backend);
    let cutting: (() => void) | null = null;
    let pending = Buffer.alloc(0);
    const close = () => {
      client.destroy();
      backend.destroy();
      sockets.delete(client);
      sockets.delete(backend);
    };
    client.on("data", (chunk) => {
      if (armed && chunk.includes(armed.marker)) {
        cutting = armed.done;
        armed = null;
      }
      backend.write(chunk);
    });
    backend.on("data", (chunk) => {
      if (!cutting) {
        client.write(chunk);
        return;
      }
      // Hold the reply until ReadyForQuery: then the transaction is over on
      // the server, and the client gets none of it.
      pending = Buffer.concat([pending, chunk]);
      let offset = 0;
      while (pending.length - offset >= 5) {
        const type = String.fromCharCode(pending[offset]);
        const length = pending.readInt32BE(offset + 1);
        if (pending.length - offset < 1 + length) break;
        offset += 1 + length;
        if (type === "Z") {
          const done = cutting;
          cutting = null;
          close();
          done();
          return;
        }
      }
    });
    client.on("error", close);
    backend.on("error", close);
    client.on("close", close);
    backend.on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const listening = (server.address() as { port: number }).port;

  return {
    url: (database: string) => proxyUrl(listening, database),
    loseReplyTo(marker: string) {
      return new Promise<void>((resolve) => {
        armed = { marker: Buffer.from(marker), done: resolve };
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
