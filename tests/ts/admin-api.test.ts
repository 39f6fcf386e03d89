// `graphile-worker admin`, the built binary, against a real database: the
// auth modes (--auth none off loopback is a docs/bad-input.md row), the security headers,
// CSRF refusals, read-only by flag and by a viewer-only database role (403
// from the database itself), bad input answered with JSON errors, and a
// bulk action on everything matching a filter, in batches with progress.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminHandler } from "../../src";
import { createTestDatabase, serverUrl, type TestDatabase } from "./helpers/db";
import { apiClient, createViewerRole, dropViewerRole, startAdmin, type AdminServer } from "./helpers/admin";

let db: TestDatabase;
let viewer: { role: string; url: string };
const servers: AdminServer[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  viewer = await createViewerRole(db);
  await db.pool.query(`
    select graphile_worker.add_job('bulk', json_build_object('n', n)) from generate_series(1, 1203) as n;
    select graphile_worker.add_job('other', '{"keep": true}', queue_name := 'q1', job_key := 'other-1');
  `);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await db.drop();
  await dropViewerRole(serverUrl(), viewer.role);
});

async function start(args: string[], env: Record<string, string> = {}, url = db.url): Promise<AdminServer> {
  const server = await startAdmin(url, args, env);
  servers.push(server);
  return server;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("auth and headers", () => {
  it("basic: a generated password is printed, and only it opens the API; every answer carries the security headers", async () => {
    const server = await start(["--auth", "basic"]);
    const password = /password \(generated\): (\S+)/.exec(server.banner)?.[1];
    expect(password).toBeTruthy();
    for (const authorization of [undefined, basic("admin", "wrong"), basic("root", password!), "Bearer " + password]) {
      const answer = await apiClient(server.url, authorization).get("api/session");
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: "authentication required", auth: "basic" });
    }
    const challenged = await fetch(new URL("api/overview", server.url));
    expect(challenged.headers.get("www-authenticate")).toMatch(/^Basic/);
    const fromUi = await fetch(new URL("api/overview", server.url), { headers: { "x-requested-with": "graphile-worker-admin" } });
    expect(fromUi.headers.get("www-authenticate")).toBeNull();

    const ok = await apiClient(server.url, basic("admin", password!)).get("api/session");
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ read_only: false, auth: "basic", schema: "graphile_worker" });
    for (const response of [ok, await apiClient(server.url).get("api/nothing")]) {
      expect(response.headers.get("content-security-policy")).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(response.headers.get("content-security-policy")).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    }
    // The pages are served without credentials (they hold no data), with the same headers.
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(await page.text()).not.toMatch(/<script>|<style>|\sstyle=|\son\w+=/);
  });

  it("bearer: the token from the environment; a wrong one is refused", async () => {
    const server = await start(["--auth", "bearer"], { GRAPHILE_WORKER_ADMIN_BEARER_TOKEN: "tok-123" });
    expect(server.banner).not.toMatch(/generated/);
    expect((await apiClient(server.url, "Bearer tok-1234").get("api/overview")).status).toBe(401);
    expect((await apiClient(server.url, "Bearer tok-123").get("api/overview")).status).toBe(200);
  });

  it("none: allowed on loopback", async () => {
    const server = await start(["--auth", "none"]);
    const overview = await apiClient(server.url).get("api/overview");
    expect(overview.status).toBe(200);
    expect(overview.body.totals.ready).toBeGreaterThanOrEqual(1);
  });
});

describe("writes", () => {
  let server: AdminServer;
  const authorization = basic("admin", "pw");
  beforeAll(async () => {
    server = await start(["--auth", "basic", "--password", "pw"]);
  });

  it("refuse a write without the CSRF token, with another session's token, or from another origin", async () => {
    const client = apiClient(server.url, authorization);
    const body = { action: "run-now", ids: ["1"] };
    const none = await client.post("api/jobs/action", body);
    expect(none.status).toBe(403);
    expect(none.body.error).toMatch(/CSRF token/);
    const other = apiClient(server.url, basic("admin", "other"));
    const foreign = await other.post("api/jobs/action", body, { "x-csrf-token": await apiClient(server.url, authorization).session() + "x" });
    expect(foreign.status).toBe(401);
    await client.session();
    const cross = await client.post("api/jobs/action", body, { origin: "http://evil.example" });
    expect(cross.status).toBe(403);
    expect(cross.body.error).toMatch(/cross-site/);
    const site = await client.post("api/jobs/action", body, { "sec-fetch-site": "cross-site" });
    expect(site.status).toBe(403);
    const same = await client.post("api/jobs/action", body, { origin: server.url.replace(/\/$/, "") });
    expect(same.status).toBe(200);
    expect(same.body).toEqual({ action: "run-now", matching: 1, affected: 1 });
  });

  it("answer bad input with a 400 JSON error naming it", async () => {
    const client = apiClient(server.url, authorization);
    await client.session();
    const reads: [string, RegExp][] = [
      ["api/jobs?state=lost", /state must be one of ready, scheduled, running, failed, permanently_failed/],
      ["api/jobs?page_size=7", /page_size must be one of/],
      ["api/jobs?after_id=abc", /after_id must be a positive whole number/],
      ["api/jobs?colour=red", /unknown parameter "colour"/],
      ["api/jobs/12x", /job id must be a positive whole number/],
      [`api/jobs?search=${"x".repeat(201)}`, /search must be at most 200 characters/],
    ];
    for (const [path, message] of reads) {
      const answer = await client.get(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error).toMatch(message);
    }
    const writes: [string, unknown, RegExp][] = [
      ["api/jobs/action", "{not json", /not valid JSON/],
      ["api/jobs/action", [1], /must be a JSON object/],
      ["api/jobs/action", { action: "explode", ids: [1] }, /action must be one of complete, fail, run-now, reschedule/],
      ["api/jobs/action", { action: "complete" }, /either ids .* or filter/],
      ["api/jobs/action", { action: "complete", ids: [] }, /non-empty array/],
      ["api/jobs/action", { action: "complete", ids: ["-3"] }, /job id must be a positive whole number/],
      ["api/jobs/action", { action: "complete", filter: { state: "gone" } }, /state must be one of/],
      ["api/jobs/action", { action: "complete", filter: {}, colour: 1 }, /unknown field "colour"/],
      ["api/jobs/action", { action: "reschedule", ids: [1] }, /needs at least one of run_at/],
      ["api/jobs/action", { action: "reschedule", ids: [1], run_at: "soon" }, /run_at must be an ISO timestamp/],
      ["api/jobs/action", { action: "reschedule", ids: [1], priority: 1.5 }, /priority must be a whole number/],
      ["api/jobs/remove-by-key", { key: "" }, /key must be a non-empty string/],
      ["api/maintenance", { action: "cleanup", tasks: ["EVERYTHING"] }, /task must be one of DELETE_PERMAFAILED_JOBS/],
      ["api/maintenance", { action: "vacuum" }, /action must be one of cleanup, force-unlock, sweep-stale-workers/],
      ["api/schedules", { action: "pause", id: "no-such-schedule" }, /no schedule has id/],
    ];
    for (const [path, body, message] of writes) {
      const answer = await client.post(path, body);
      expect([400, 404], `${path} ${JSON.stringify(body)}`).toContain(answer.status);
      expect(answer.body.error).toMatch(message);
    }
    const notFound = await client.get("api/jobs/987654321");
    expect(notFound).toMatchObject({ status: 404, body: { error: "no job has id 987654321" } });
    expect((await client.get("api/nowhere")).status).toBe(404);
    expect((await client.get("api/jobs/action")).status).toBe(405);
    const wrongType = await fetch(new URL("api/jobs/action", server.url), {
      method: "POST",
      headers: { authorization, "x-csrf-token": await client.session(), "content-type": "text/plain" },
      body: "{}",
    });
    expect(wrongType.status).toBe(415);
  });

  it("run a bulk action on every job matching a filter in batches, counting first, reporting progress", async () => {
    const client = apiClient(server.url, authorization);
    await client.session();
    const filter = { task_identifier: "bulk" };
    const counted = await client.post("api/jobs/action", { action: "complete", filter, dry_run: true });
    expect(counted.body).toEqual({ action: "complete", matching: 1203 });
    const run = await client.post("api/jobs/action", { action: "complete", filter });
    expect(run.status).toBe(200);
    expect(run.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    expect(run.body.map((line: any) => line.done)).toEqual([500, 1000, 1203, 1203]);
    expect(run.body.at(-1)).toEqual({ action: "complete", total: 1203, done: 1203, affected: 1203, finished: true });
    const { rows } = await db.pool.query("select task_identifier, count(*)::int as n from graphile_worker.jobs group by 1");
    expect(rows).toEqual([{ task_identifier: "other", n: 1 }]);
    // Search reaches the payload and the key.
    expect((await client.get("api/jobs?search=keep")).body.jobs.map((j: any) => j.key)).toEqual(["other-1"]);
    expect((await client.get("api/jobs?search=other-1")).body.jobs).toHaveLength(1);
  });
});

describe("embedded", () => {
  it("createAdminHandler serves the UI under a basePath of a Node server, passing other requests on", async () => {
    const handler = createAdminHandler({ pgPool: db.pool, basePath: "/admin", auth: { mode: "bearer", bearerToken: "emb" } });
    const server = createServer((req, res) => handler(req, res, () => res.writeHead(418).end("mine")));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/elsewhere`)).status).toBe(418);
      const bare = await fetch(`${base}/admin`, { redirect: "manual" });
      expect([bare.status, bare.headers.get("location")]).toEqual([308, "/admin/"]);
      expect(await (await fetch(`${base}/admin/`)).text()).toMatch(/<script type="module" src="app.js">/);
      expect((await apiClient(`${base}/admin/`, "Bearer emb").get("api/overview")).status).toBe(200);
      expect((await apiClient(`${base}/admin/`, "Bearer nope").get("api/overview")).status).toBe(401);
    } finally {
      server.close();
      await handler.close();
    }
    expect(() => createAdminHandler({ pgPool: db.pool, auth: { mode: "basic" } })).toThrow(/basic auth needs a password/);
  });
});

describe("pause and resume", () => {
  it("pause and resume a queue and a task through the SQL functions", async () => {
    const server = await start(["--auth", "none"]);
    const client = apiClient(server.url);
    await client.session();
    expect((await client.post("api/queues", { action: "pause", queue_name: "q1" })).body).toEqual({ action: "pause", queue_name: "q1", changed: true });
    expect((await client.post("api/queues", { action: "pause", queue_name: "q1" })).body.changed).toBe(false);
    expect((await client.get("api/queues")).body.queues).toMatchObject([{ queue_name: "q1", paused: true, waiting: 1 }]);
    expect((await client.post("api/queues", { action: "resume", queue_name: "q1" })).body.changed).toBe(true);
    expect((await client.post("api/queues", { action: "pause", task_identifier: "other" })).body).toEqual({ action: "pause", task_identifier: "other", changed: true });
    expect((await client.post("api/queues", { action: "resume", task_identifier: "other" })).body.changed).toBe(true);
    const both = await client.post("api/queues", { action: "pause", queue_name: "q1", task_identifier: "other" });
    expect(both).toMatchObject({ status: 400, body: { error: "give either queue_name or task_identifier" } });
  });
});

describe("read-only", () => {
  it("--read-only refuses writes before they reach the database", async () => {
    const server = await start(["--auth", "none", "--read-only"]);
    const client = apiClient(server.url);
    expect((await client.get("api/session")).body.read_only).toBe(true);
    await client.session();
    const answer = await client.post("api/jobs/action", { action: "complete", filter: {} });
    expect(answer).toMatchObject({ status: 403, body: { error: "this server is read-only" } });
    expect((await db.pool.query("select count(*)::int as n from graphile_worker.jobs")).rows[0].n).toBe(1);
  });

  it("a server running as a viewer role (docs/privileges.md) reads through the read API and the database refuses its writes with 403", async () => {
    const server = await start(["--auth", "none"], {}, viewer.url);
    const client = apiClient(server.url);
    for (const path of ["api/overview", "api/jobs", "api/queues", "api/workers", "api/maintenance"]) {
      expect((await client.get(path)).status, path).toBe(200);
    }
    // What the viewer grants leave out is absent, not an error; schedules are not theirs to read.
    expect((await client.get("api/overview")).body).toMatchObject({ throughput: null, oldest_waiting: null, totals: { ready: 1 } });
    expect((await client.get("api/schedules")).status).toBe(403);
    const [job] = (await client.get("api/jobs")).body.jobs;
    expect((await client.get(`api/jobs/${job.id}`)).body).toMatchObject({ key: "other-1", payload: null, payload_hidden: true });
    expect((await client.get("api/jobs?search=keep")).body.jobs).toEqual([]);
    await client.session();
    for (const [path, body] of [
      ["api/jobs/action", { action: "complete", ids: [job.id] }],
      ["api/jobs/remove-by-key", { key: "other-1" }],
      ["api/maintenance", { action: "cleanup", tasks: ["GC_JOB_QUEUES"] }],
      ["api/queues", { action: "pause", queue_name: "q1" }],
    ] as const) {
      const answer = await client.post(path, body);
      expect(answer.status, path).toBe(403);
      expect(answer.body.error).toMatch(/the database refused/);
      expect(JSON.stringify(answer.body)).not.toMatch(/permission denied for function/);
    }
    expect((await db.pool.query("select count(*)::int as n from graphile_worker.jobs")).rows[0].n).toBe(1);
  });
});
