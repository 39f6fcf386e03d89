/** `graphile-worker admin`: the administrative UI in a server of its own, until stopped. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { UsageError } from "../args";
import { generateSecret, isLoopback, type AuthOptions } from "../../admin/security";
import { checkSchema, noPositionals, stringOption, type Command } from "./common";
import { lazyModule } from "../../lazy";

// Loaded when first used (see lazyModule).
const adminHandler = lazyModule(() => require("../../admin/handler") as typeof import("../../admin/handler"));

/** HOST:PORT, [IPv6]:PORT; port 0 picks a free one. */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65_535) {
    throw new UsageError(`--listen must be HOST:PORT, such as 127.0.0.1:5678 (got ${JSON.stringify(text)})`);
  }
  return { host: match[1] ?? match[2], port };
}

export const admin: Command = {
  name: "admin",
  summary: "Serve the administrative UI and its JSON API (jobs, queues, workers, schedules, maintenance) until stopped.",
  options: [
    { name: "listen", type: "string", value: "HOST:PORT", description: "address to listen on (default 127.0.0.1:5678)" },
    { name: "auth", type: "string", value: "MODE", description: "basic (default), bearer, or none (loopback addresses only)" },
    { name: "username", type: "string", value: "NAME", description: "basic auth user name (default admin)" },
    { name: "password", type: "string", value: "P", description: "basic auth password (default $GRAPHILE_WORKER_ADMIN_PASSWORD, else generated and printed)" },
    { name: "bearer-token", type: "string", value: "T", description: "bearer token (default $GRAPHILE_WORKER_ADMIN_BEARER_TOKEN, else generated and printed)" },
    { name: "read-only", type: "boolean", description: "refuse every write (run it as a viewer role and the database refuses them too)" },
  ],
  examples: [
    "graphile-worker admin --listen 127.0.0.1:5678",
    "graphile-worker admin --listen 0.0.0.0:5678 --auth bearer --read-only   # token from $GRAPHILE_WORKER_ADMIN_BEARER_TOKEN",
  ],
  async run(context) {
    noPositionals(context);
    checkSchema(context);
    const { host, port } = parseListen(stringOption(context, "listen") ?? "127.0.0.1:5678");
    const mode = stringOption(context, "auth") ?? "basic";
    if (mode !== "basic" && mode !== "bearer" && mode !== "none") {
      throw new UsageError(`--auth must be basic, bearer or none (got ${JSON.stringify(mode)})`);
    }
    if (mode === "none" && !isLoopback(host)) {
      throw new UsageError(
        `--auth none is refused on ${host}, which other machines may reach: listen on 127.0.0.1 or use --auth basic or bearer`,
      );
    }
    const given = {
      username: stringOption(context, "username"),
      password: stringOption(context, "password"),
      bearerToken: stringOption(context, "bearer-token"),
    };
    if (mode !== "basic" && (given.username || given.password)) throw new UsageError(`--username and --password are for --auth basic`);
    if (mode !== "bearer" && given.bearerToken) throw new UsageError(`--bearer-token is for --auth bearer`);
    if (!context.databaseUrl) throw new Error("no database given: pass --database-url or set DATABASE_URL");

    const auth: AuthOptions = { mode };
    const generated: string[] = [];
    if (mode === "basic") {
      auth.username = given.username ?? "admin";
      auth.password = given.password ?? (process.env.GRAPHILE_WORKER_ADMIN_PASSWORD || undefined);
      if (!auth.password) {
        auth.password = generateSecret();
        generated.push(`user name: ${auth.username}`, `password (generated): ${auth.password}`);
      }
    } else if (mode === "bearer") {
      auth.bearerToken = given.bearerToken ?? (process.env.GRAPHILE_WORKER_ADMIN_BEARER_TOKEN || undefined);
      if (!auth.bearerToken) {
        auth.bearerToken = generateSecret();
        generated.push(`bearer token (generated): ${auth.bearerToken}`);
      }
    }
    const readOnly = context.options["read-only"] === true;
    const handler = adminHandler.createAdminHandler({ connectionString: context.databaseUrl, schema: context.schema, auth, readOnly });
    const server = createServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
    context.out(
      [
        `graphile-worker admin listening on http://${shown}:${address.port}/ (auth ${mode}${readOnly ? ", read-only" : ""}, schema ${context.schema})`,
        ...generated,
      ].join("\n"),
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await handler.close();
  },
};
