/**
 * createAdminHandler: the administrative UI as a request handler for Node's
 * http server (no framework). It serves the pages (a fixed list of static
 * files shipped in the package) and the JSON API under `basePath`, and
 * applies, in order: the security headers, authentication, the read-only
 * refusal and the CSRF check of writes, then the route. `graphile-worker
 * admin` runs it in a server of its own; embed it in yours with
 *
 *   http.createServer(createAdminHandler({ connectionString, auth: { mode: "bearer", bearerToken } }))
 *
 * or as `(req, res, next)` middleware: requests outside basePath go to next.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import pg from "pg";
import { absorbClientErrors } from "../connection";
import { Db } from "../db";
import { DEFAULT_SCHEMA } from "../schema-name";
import { WorkerUtils } from "../worker-utils";
import * as api from "./api";
import { Guard, SECURITY_HEADERS, type AuthOptions } from "./security";

export type { AuthOptions, AuthMode } from "./security";

export interface AdminHandlerOptions {
  /** Defaults to $DATABASE_URL. For read-only, a role with the viewer grants (docs/privileges.md). */
  connectionString?: string;
  /** An existing pool; the handler's close() leaves it open. */
  pgPool?: pg.Pool;
  schema?: string;
  auth: AuthOptions;
  /** Refuse every write before it reaches the database (the database refuses them too, for a viewer role). */
  readOnly?: boolean;
  /** Where the UI is mounted, e.g. "/admin" (default "/"). */
  basePath?: string;
}

export interface AdminHandler {
  (req: IncomingMessage, res: ServerResponse, next?: () => void): void;
  /** Ends the pool, if the handler created it. */
  close(): Promise<void>;
}

const STATIC_DIR = join(__dirname, "static");
const STATIC_FILES: Record<string, string> = {
  "": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
  "icon.svg": "image/svg+xml",
};
const MAX_BODY = 1_000_000;

type Route = (ctx: api.ApiContext, input: { query: URLSearchParams; body: Record<string, unknown>; res: ServerResponse; id?: string }) => Promise<unknown>;

const READS: Record<string, Route> = {
  "/api/session": (ctx) => api.session(ctx),
  "/api/overview": (ctx, { query }) => api.overview(ctx, query),
  "/api/jobs": (ctx, { query }) => api.listJobs(ctx, query),
  "/api/queues": (ctx, { query }) => api.listQueues(ctx, query),
  "/api/workers": (ctx, { query }) => api.listWorkers(ctx, query),
  "/api/schedules": (ctx, { query }) => api.listSchedules(ctx, query),
  "/api/maintenance": (ctx, { query }) => api.migrationStatus(ctx, query),
};

const WRITES: Record<string, Route> = {
  "/api/jobs/action": (ctx, { body, res }) => api.jobsAction(ctx, body, res),
  "/api/jobs/remove-by-key": (ctx, { body }) => api.removeByKey(ctx, body),
  "/api/maintenance": (ctx, { body }) => api.maintenance(ctx, body),
  "/api/queues": (ctx, { body }) => api.queuesAction(ctx, body),
  "/api/schedules": (ctx, { body }) => api.schedulesAction(ctx, body),
};

export function createAdminHandler(options: AdminHandlerOptions): AdminHandler {
  const guard = new Guard(options.auth);
  const connectionString = options.connectionString ?? process.env.DATABASE_URL;
  if (!options.pgPool && !connectionString) {
    throw new TypeError("createAdminHandler needs a connectionString, a pgPool, or $DATABASE_URL");
  }
  const ownsPool = !options.pgPool;
  const pool = options.pgPool ?? new pg.Pool({ connectionString, max: 5 });
  if (ownsPool) pool.on("error", () => {});
  absorbClientErrors(pool);
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const db = new Db(pool, schema);
  const utils = new WorkerUtils({ pgPool: pool, schema });
  const readOnly = options.readOnly ?? false;
  const basePath = (options.basePath ?? "/").replace(/\/+$/, "");
  const files = new Map(
    Object.entries(STATIC_FILES).map(([file, type]) => [file, { type, body: readFileSync(join(STATIC_DIR, file || "index.html")) }]),
  );

  const handler = ((req, res, next) => {
    serve(req, res, next).catch((error) => {
      // Only a failure to write the answer gets here.
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
      else res.destroy(error as Error);
    });
  }) as AdminHandler;
  handler.close = async () => {
    if (ownsPool) await pool.end();
  };
  return handler;

  async function serve(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void> {
    const url = new URL(req.url ?? "/", "http://admin.invalid");
    if (basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
      if (next) return next();
      return sendJson(res, 404, { error: "not found" });
    }
    for (const [header, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(header, value);
    if (url.pathname === basePath) {
      res.writeHead(308, { location: `${basePath}/` }).end();
      return;
    }
    const path = url.pathname.slice(basePath.length) || "/";

    if (!path.startsWith("/api/")) {
      const file = files.get(path.slice(1));
      if (!file || (req.method !== "GET" && req.method !== "HEAD")) return sendJson(res, 404, { error: "not found" });
      res.writeHead(200, { "content-type": file.type, "content-length": file.body.length });
      res.end(req.method === "HEAD" ? undefined : file.body);
      return;
    }

    if (!guard.authenticated(req)) {
      guard.challenge(req, res);
      return sendJson(res, 401, { error: "authentication required", auth: guard.auth.mode });
    }
    const ctx: api.ApiContext = { db, utils, readOnly, authMode: guard.auth.mode, csrfToken: guard.csrfToken(req) };
    try {
      const jobMatch = /^\/api\/jobs\/([^/]+)$/.exec(path);
      if (req.method === "GET" || req.method === "HEAD") {
        const read = READS[path];
        if (read) return sendJson(res, 200, await read(ctx, { query: url.searchParams, body: {}, res }));
        if (jobMatch && !WRITES[path]) return sendJson(res, 200, await api.getJob(ctx, jobMatch[1]));
        if (WRITES[path]) throw new api.HttpError(405, `${path} takes POST`);
        throw new api.HttpError(404, "no such route");
      }
      if (req.method !== "POST") throw new api.HttpError(405, "only GET and POST");
      const write = WRITES[path];
      if (!write) throw new api.HttpError(READS[path] || jobMatch ? 405 : 404, READS[path] || jobMatch ? `${path} takes GET` : "no such route");
      const csrf = guard.csrfProblem(req);
      if (csrf) throw new api.HttpError(403, csrf);
      if (readOnly) throw new api.HttpError(403, "this server is read-only");
      const body = await readJson(req);
      const answer = await write(ctx, { query: url.searchParams, body, res });
      if (answer !== api.STREAMED) sendJson(res, 200, answer);
    } catch (error) {
      const answer = api.publicMessage(error);
      if (answer.status === 500) process.stderr.write(`graphile-worker admin: ${req.method} ${path}: ${(error as Error)?.stack ?? error}\n`);
      if (res.headersSent) return void res.end();
      sendJson(res, answer.status, { error: answer.message });
    }
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) throw new api.HttpError(415, "send the body as application/json");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new api.HttpError(413, `the body must be at most ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new api.HttpError(400, "the body is not valid JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new api.HttpError(400, "the body must be a JSON object");
  return value as Record<string, unknown>;
}
