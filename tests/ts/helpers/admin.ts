// The administrative UI's server, spawned from the built binary
// (`graphile-worker admin --listen 127.0.0.1:0`), and a client for its API.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { ROOT, spawnCli, until, type Spawned } from "./fixtures";
import type { TestDatabase } from "./db";

export interface AdminServer {
  url: string;
  process: Spawned;
  /** What the server printed at start (the address, generated secrets). */
  banner: string;
  stop(): Promise<void>;
}

/** Starts `graphile-worker admin` with args (a --listen of 127.0.0.1:0 unless given) and waits for its address. */
export async function startAdmin(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<AdminServer> {
  const listen = args.includes("--listen") ? [] : ["--listen", "127.0.0.1:0"];
  const spawned = spawnCli(["admin", ...listen, ...args], {
    DATABASE_URL: databaseUrl,
    GRAPHILE_WORKER_ADMIN_PASSWORD: "",
    GRAPHILE_WORKER_ADMIN_BEARER_TOKEN: "",
    ...env,
  });
  let exited = false;
  void spawned.exited.then(() => (exited = true));
  await until(async () => exited || /listening on http:\/\/\S+\//.test(spawned.output()), 15_000, "the admin server to listen");
  const match = /listening on (http:\/\/\S+\/)/.exec(spawned.output());
  if (!match) throw new Error(`graphile-worker admin did not start:\n${spawned.output()}`);
  return {
    url: match[1],
    process: spawned,
    banner: spawned.output(),
    async stop() {
      if (spawned.child.exitCode === null) spawned.child.kill("SIGTERM");
      await spawned.exited;
    },
  };
}

/**
 * A role with the viewer grants of docs/privileges.md (the read API, no
 * payloads): the server run as it cannot write, whatever it is asked. Roles
 * are the cluster's: the name is unique and the caller drops it.
 */
export async function createViewerRole(db: TestDatabase): Promise<{ role: string; url: string }> {
  const role = `gw_viewer_${db.name.replace(/^gwtest_/, "")}`;
  const doc = readFileSync(join(ROOT, "docs", "privileges.md"), "utf8");
  const block = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]).find((sql) => /job_counts\(\)[\s\S]*to app_viewer;/.test(sql));
  if (!block) throw new Error("docs/privileges.md has no viewer grants");
  await db.pool.query(`create role ${role} login; ${block.replace(/app_viewer/g, role)}`);
  const url = new URL(db.url);
  url.username = role;
  return { role, url: url.toString() };
}

export async function dropViewerRole(serverUrl: string, role: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop role if exists ${role}`);
  } finally {
    await client.end();
  }
}

/** fetch against the server with the given Authorization, JSON in and out. */
export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function apiClient(base: string, authorization?: string) {
  let csrf: string | undefined;
  const headers = (extra: Record<string, string> = {}) => ({
    ...(authorization ? { authorization } : {}),
    ...extra,
  });
  return {
    async get(path: string): Promise<Answer> {
      const response = await fetch(new URL(path, base), { headers: headers() });
      return { status: response.status, headers: response.headers, body: await response.json() };
    },
    async session(): Promise<string> {
      const response = await fetch(new URL("api/session", base), { headers: headers() });
      csrf = ((await response.json()) as { csrf_token: string }).csrf_token;
      return csrf;
    },
    async post(path: string, body: unknown, extra: Record<string, string> = {}): Promise<Answer> {
      const response = await fetch(new URL(path, base), {
        method: "POST",
        headers: headers({ "content-type": "application/json", ...(csrf ? { "x-csrf-token": csrf } : {}), ...extra }),
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      const type = response.headers.get("content-type") ?? "";
      const parsed = type.startsWith("application/x-ndjson")
        ? text.trim().split("\n").map((line) => JSON.parse(line))
        : JSON.parse(text);
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
}
