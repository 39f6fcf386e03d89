// The graphile-worker binary, spawned for real against a test database: a
// job's whole life through every command, the --json shapes, usage errors
// (exit 2, the usage, nothing written), failing commands (exit 1, "Error:"),
// and the schema chosen by --schema or GRAPHILE_WORKER_SCHEMA.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands";
import { createTestDatabase, databaseUrl, type TestDatabase } from "./helpers/db";
import { BIN, createRunTables, TASKS } from "./helpers/fixtures";

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

let db: TestDatabase;
const scratch = mkdtempSync(join(tmpdir(), "gw-cli-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `graphile-worker <args>` against db (DATABASE_URL) unless env says otherwise. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, ...env };
  if (!("GRAPHILE_WORKER_SCHEMA" in env)) delete fullEnv.GRAPHILE_WORKER_SCHEMA;
  const child = spawn(process.execPath, [BIN, ...args], { env: fullEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The command succeeded; its stdout as JSON. */
async function json(args: string[], env: Record<string, string> = {}): Promise<any> {
  const result = await cli([...args, "--json"], env);
  expect(result.stderr, `graphile-worker ${args.join(" ")}`).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

/** The command succeeded; its stdout. */
async function ok(args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await cli(args, env);
  expect(result.code, `graphile-worker ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The documented JSON shape of a job. */
function expectJob(job: any, extra: { state?: boolean; payload?: boolean } = {}): void {
  const keys = [
    "id", ...(extra.state ? ["state"] : []), "task_identifier", "queue_name", "priority", "run_at", "attempts",
    "max_attempts", "key", "locked_at", "locked_by", "last_error", "flags", "revision", "created_at", "updated_at",
    ...(extra.payload ? ["payload"] : []),
  ];
  expect(Object.keys(job)).toEqual(keys);
  expect(job.id).toMatch(/^\d+$/);
  for (const field of ["run_at", "created_at", "updated_at"]) expect(job[field]).toMatch(ISO);
  if (job.locked_at !== null) expect(job.locked_at).toMatch(ISO);
  for (const field of ["priority", "attempts", "max_attempts", "revision"]) expect(typeof job[field]).toBe("number");
  if (job.flags !== null) expect(Array.isArray(job.flags)).toBe(true);
  if (extra.state) expect(["ready", "scheduled", "locked", "failed"]).toContain(job.state);
}

const ids = (jobs: { id: string }[]) => jobs.map((j) => j.id).sort((a, b) => Number(a) - Number(b));

describe("a job's life", () => {
  beforeEach(async () => {
    db = await createTestDatabase();
    await createRunTables(db.pool);
  });
  afterEach(() => db.drop());

  it("goes through add, list, show, reschedule, fail, complete, remove, workers, sweeps, cleanup and run", async () => {
    const payloadFile = join(scratch, "payload.json");
    writeFileSync(payloadFile, '{"n": 2, "big": 12345678901234567890}\n');

    // 1. Add jobs every way (in parallel: they are independent).
    const [a, b, c, d, e, f, h, gText] = await Promise.all([
      json(["add", "record", "--payload", '{"n":1}']),
      json(["add", "record", "--payload-file", payloadFile, "--queue", "q1", "--key", "k1", "--flag", "f2", "--flag", "f1"]),
      json(["add", "record", "--run-at", "2999-01-01T00:00:00Z", "--priority", "-1"]),
      json(["add", "record", "--run-at", "now", "--max-attempts", "3"]),
      json(["add", "t", "--queue", "q2", "--key", "running-key", "--job-key-mode", "preserve_run_at"]),
      json(["add", "g"]),
      json(["add", "record", "--run-at", "2999-01-01T00:00:00+02:00"]),
      ok(["add", "record", "--payload", '{"n":7}']),
    ]);
    for (const job of [a, b, c, d, e, f, h]) expectJob(job, { payload: true });
    expect(a).toMatchObject({ task_identifier: "record", payload: { n: 1 }, attempts: 0, max_attempts: 25, queue_name: null });
    expect(b).toMatchObject({ queue_name: "q1", key: "k1", flags: ["f1", "f2"], payload: { n: 2 } });
    expect(c).toMatchObject({ run_at: "2999-01-01T00:00:00.000Z", priority: -1 });
    expect(d.max_attempts).toBe(3);
    expect(h.run_at).toBe("2998-12-31T22:00:00.000Z");
    expect(gText).toMatch(/^task_identifier\s+record$/m);
    expect(gText).toMatch(/^payload\s+\{$/m);
    const g = { id: /^id\s+(\d+)$/m.exec(gText)![1] };
    // The payload is stored as given: no digit of a large number is lost.
    const { rows: stored } = await db.pool.query("select payload->>'big' as big from graphile_worker._private_jobs where id = $1", [b.id]);
    expect(stored[0].big).toBe("12345678901234567890");

    // 2. A stale registered worker holds e (and its queue); an unregistered one holds f.
    await db.pool.query("select graphile_worker.worker_heartbeat('w')");
    await db.pool.query("update graphile_worker._private_workers set last_heartbeat_at = now() - interval '10 minutes' where worker_id = 'w'");
    await db.pool.query("select * from graphile_worker.get_jobs('w', array['t'])");
    await db.pool.query("select * from graphile_worker.get_jobs('ghost', array['g'])");

    // 3. fail, reschedule; running and missing jobs are left alone.
    const [failed, retry, now, untouched, failUntouched] = await Promise.all([
      json(["fail", d.id, "--reason", "bad payload"]),
      json(["reschedule", h.id, "--attempts", "1", "--priority", "3"]),
      json(["reschedule", c.id, "--now"]),
      ok(["reschedule", e.id, "999999999", "--attempts", "0"]),
      json(["fail", e.id, "999999998", "999999998"]),
    ]);
    expect(failed.left_alone).toEqual([]);
    expectJob(failed.jobs[0], { payload: true });
    expect(failed.jobs[0]).toMatchObject({ id: d.id, attempts: 3, max_attempts: 3, last_error: "bad payload" });
    expect(retry.jobs[0]).toMatchObject({ id: h.id, attempts: 1, priority: 3, run_at: h.run_at });
    expect(Date.parse(now.jobs[0].run_at)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(untouched).toMatch(/^rescheduled 0 jobs of 2 requested; left alone 2 \(running, or no such job\): \d+, 999999999$/m);
    expect(failUntouched).toEqual({ jobs: [], left_alone: [e.id, "999999998"] });

    // 4. The states partition the jobs.
    const [all, ready, scheduled, locked, permafailed, byTask, byQueue, page, table] = await Promise.all([
      json(["list"]),
      json(["list", "--state", "ready"]),
      json(["list", "--state", "scheduled"]),
      json(["list", "--state", "locked"]),
      json(["list", "--state", "failed"]),
      json(["list", "--identifier", "t"]),
      json(["list", "--queue", "q1"]),
      json(["list", "--limit", "2", "--offset", "1"]),
      ok(["list", "--state", "all"]),
    ]);
    for (const job of all.jobs) expectJob(job, { state: true });
    expect(all).toMatchObject({ limit: 50, offset: 0 });
    expect(ids(ready.jobs)).toEqual(ids([a, b, c, g]));
    expect(ids(scheduled.jobs)).toEqual(ids([h]));
    expect(ids(locked.jobs)).toEqual(ids([e, f]));
    expect(ids(permafailed.jobs)).toEqual(ids([d]));
    expect(ids(all.jobs)).toEqual(ids([a, b, c, d, e, f, g, h]));
    expect(all.jobs.map((j: any) => j.id).slice(1, 3)).toEqual(page.jobs.map((j: any) => j.id));
    expect(byTask.jobs.map((j: any) => j.id)).toEqual([e.id]);
    expect(byQueue.jobs.map((j: any) => j.id)).toEqual([b.id]);
    // Run order: priority, run_at, id.
    const order = all.jobs.map((j: any) => [j.priority, j.run_at, Number(j.id)]);
    expect(order).toEqual([...order].sort((x: any, y: any) => x[0] - y[0] || x[1].localeCompare(y[1]) || x[2] - y[2]));
    // The table: a header, one aligned row per job.
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\s*ID  STATE\s+TASK\s+QUEUE\s+PRIORITY\s+RUN_AT\s+ATTEMPTS\s+KEY\s+LOCKED_BY\s+LAST_ERROR$/);
    expect(lines).toHaveLength(9);
    for (const [i, job] of all.jobs.entries()) {
      expect(lines[i + 1].indexOf(` ${job.state} `) + 1).toBe(lines[0].indexOf("STATE"));
      expect(lines[i + 1].indexOf(job.run_at)).toBe(lines[0].indexOf("RUN_AT"));
    }

    // 5. show: state and payload; a missing id is an error.
    const [shown, shownText, missing] = await Promise.all([
      json(["show", b.id]),
      ok(["show", e.id]),
      cli(["show", "999999999"]),
    ]);
    expectJob(shown, { state: true, payload: true });
    expect(shown).toMatchObject({ id: b.id, state: "ready", payload: { n: 2 }, flags: ["f1", "f2"] });
    expect(shownText).toMatch(/^state\s+locked$/m);
    expect(shownText).toMatch(/^locked_by\s+w$/m);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: "Error: no job with id 999999999\n" });

    // 6. stats, queues, workers.
    const [stats, statsText, queues, workers, workersLoose, workersText] = await Promise.all([
      json(["stats"]),
      ok(["stats"]),
      json(["queues"]),
      json(["workers"]),
      json(["workers", "--threshold", "1h"]),
      ok(["workers"]),
    ]);
    expect(stats).toEqual({
      jobs: { ready: 4, scheduled: 1, locked: 2, failed: 1, total: 8, waiting_for_retry: 1, estimated: false },
      queues: { named: 2, running: 1 },
      workers: { registered: 1 },
      last_swept_at: null,
    });
    expect(statsText).toMatch(/^jobs ready\s+4$/m);
    expect(statsText).toMatch(/^ {2}waiting for a retry\s+1$/m);
    expect(queues.queues).toEqual([
      { queue_name: "q1", waiting: 1, waiting_capped: false, running: 0, paused: false, head_job_id: b.id, locked_by: null, locked_at: null, lock_age_seconds: null },
      {
        queue_name: "q2", waiting: 0, waiting_capped: false, running: 1, paused: false, head_job_id: null,
        locked_by: "w", locked_at: expect.stringMatching(ISO), lock_age_seconds: expect.any(Number),
      },
    ]);
    expect(workers.threshold_seconds).toBe(300);
    expect(workers.workers).toEqual([
      {
        worker_id: "w",
        started_at: expect.stringMatching(ISO),
        last_heartbeat_at: expect.stringMatching(ISO),
        heartbeat_age_seconds: expect.any(Number),
        is_stale: true,
        jobs_locked: 1,
        queues_locked: 1,
        metadata: null,
      },
    ]);
    expect(workers.workers[0].heartbeat_age_seconds).toBeGreaterThanOrEqual(600);
    expect(workers.unregistered_lock_holders).toEqual([
      {
        worker_id: "ghost",
        jobs_locked: 1,
        queues_locked: 0,
        oldest_locked_at: expect.stringMatching(ISO),
        oldest_lock_age_seconds: expect.any(Number),
        is_stale: false,
      },
    ]);
    expect(workersLoose.workers[0].is_stale).toBe(false);
    expect(workersText).toMatch(/^WORKER\s+HEARTBEAT_AGE\s+STALE\s+JOBS\s+QUEUES\s+STARTED_AT$/m);
    expect(workersText).toMatch(/^w\s+10m( \d+s)?\s+stale\s+1\s+1\s+\S+Z$/m);
    expect(workersText).toMatch(/^unregistered workers holding locks:\n.*\nghost\s+1\s+0\s/m);

    // 7. complete; remove (waiting: deleted; running: detached; unknown: a message).
    const [completed, removed] = await Promise.all([json(["complete", a.id]), json(["remove", "k1"])]);
    expect(completed).toMatchObject({ jobs: [{ id: a.id, payload: { n: 1 } }], left_alone: [] });
    expect(removed).toMatchObject({ job: { id: b.id, key: "k1" }, detached: false });
    expectJob(removed.job, { payload: true });
    const [gone, again, detached] = await Promise.all([cli(["show", a.id]), cli(["remove", "k1"]), json(["remove", "running-key"])]);
    expect(gone.code).toBe(1);
    expect(again).toEqual({ code: 0, stdout: 'no job has key "k1"\n', stderr: "" });
    expect(detached).toMatchObject({ job: { id: e.id, key: null, locked_by: "w" }, detached: true });

    // 8. Sweep: a dry run changes nothing; the real one recovers w's job and queue.
    const holders = async () =>
      (await db.pool.query("select id::text, locked_by from graphile_worker.jobs where locked_at is not null order by locked_by")).rows;
    const dry = await json(["sweep-stale-workers", "--dry-run"]);
    expect(dry).toEqual({ dry_run: true, dead_worker_ids: ["w"], jobs_recovered: 1, queues_unlocked: 1, another_sweep_running: false });
    expect(await holders()).toEqual([{ id: f.id, locked_by: "ghost" }, { id: e.id, locked_by: "w" }]);
    const swept = await ok(["sweep-stale-workers", "--sweep-threshold", "5m", "--recovery-delay", "0s"]);
    expect(swept).toBe("1 dead worker (silent for over 5m): w; recovered 1 job (runnable again now) and unlocked 1 queue\n");
    expect(await holders()).toEqual([{ id: f.id, locked_by: "ghost" }]);
    expect((await db.pool.query("select worker_id from graphile_worker._private_workers")).rows).toEqual([]);

    // 9. force-unlock the unregistered holder.
    expect(await ok(["force-unlock", "ghost"])).toBe("cleared the job and queue locks held by 1 worker: ghost\n");
    expect(await holders()).toEqual([]);

    // 10. cleanup: by default only queues no job uses (as graphile-worker);
    // named, permanently failed d and e (detached), then their queues and identifiers.
    const byDefault = await json(["cleanup"]);
    expect(byDefault.tasks).toEqual([{ task: "GC_JOB_QUEUES", deleted: 1 }]);
    const cleaned = await json(["cleanup", "DELETE_PERMAFAILED_JOBS", "GC_JOB_QUEUES", "GC_TASK_IDENTIFIERS"]);
    expect(cleaned.tasks).toEqual(
      expect.arrayContaining([
        { task: "DELETE_PERMAFAILED_JOBS", deleted: 2 },
        { task: "GC_JOB_QUEUES", deleted: 1 },
        { task: "GC_TASK_IDENTIFIERS", deleted: 1 },
      ]),
    );
    expect(cleaned.tasks).toHaveLength(3);

    // 11. run --once drains what is ready and has a task: c and g (record).
    const [run, cleanedAgain] = await Promise.all([cli(["run", "--once", "--tasks", TASKS]), ok(["cleanup", "gc_job_queues"])]);
    expect(run.code, run.stderr).toBe(0);
    expect(cleanedAgain).toMatch(/^TASK\s+DELETED\nGC_JOB_QUEUES\s+0\n$/);
    const { rows: runs } = await db.pool.query("select job_id::text from test_runs order by job_id");
    expect(runs.map((r) => r.job_id)).toEqual(ids([c, g]));
    const left = await json(["list"]);
    expect(left.jobs.map((j: any) => [j.id, j.state])).toEqual([
      [f.id, "ready"],
      [h.id, "scheduled"],
    ]);
    expect(await ok(["complete", f.id, h.id])).toMatch(/completed 2 jobs of 2 requested\n$/);
    const [finalStats, finalList] = await Promise.all([json(["stats"]), ok(["list"])]);
    expect(finalStats.jobs.total).toBe(0);
    expect(finalList).toBe("no jobs\n");
  }, 180_000); // dozens of processes, one after another
});

describe("pause and resume", () => {
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  it("pauses and resumes a queue and a task; paused work waits", async () => {
    const { rows } = await db.pool.query(
      "select (graphile_worker.add_job('mail', queue_name := 'emails')).id::text as queued, (graphile_worker.add_job('resize')).id::text as plain",
    );
    const [pausedQueue, pausedTask] = await Promise.all([ok(["queues", "pause", "emails"]), json(["tasks", "pause", "resize"])]);
    expect(pausedQueue).toBe("queue emails paused\n");
    expect(pausedTask).toEqual({ task_identifier: "resize", paused: true, changed: true });
    expect(await ok(["queues", "pause", "emails"])).toBe("queue emails was already paused\n");
    const listed = await json(["queues"]);
    expect(listed.queues).toMatchObject([{ queue_name: "emails", waiting: 1, paused: true, head_job_id: rows[0].queued }]);
    expect(await ok(["queues"])).toMatch(/^emails\s+1\s+0\s+paused\s+\d+\s+-/m);
    // A worker in any language: the fetch leaves both waiting.
    const fetch = "select id::text from graphile_worker.get_jobs('w', array['mail', 'resize'], 10)";
    expect((await db.pool.query(fetch)).rows).toEqual([]);
    expect(await json(["queues", "resume", "emails"])).toEqual({ queue_name: "emails", paused: false, changed: true });
    expect(await ok(["tasks", "resume", "resize"])).toBe("task resize resumed\n");
    expect(await ok(["tasks", "resume", "resize"])).toBe("task resize was already running\n");
    expect((await db.pool.query(fetch)).rows.map((r) => r.id).sort()).toEqual([rows[0].queued, rows[0].plain].sort());
  });
});

describe("usage and failures", () => {
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  const snapshot = async () =>
    (
      await db.pool.query(`select
        (select json_agg(j order by j.id) from graphile_worker.jobs as j) as jobs,
        (select count(*)::int from graphile_worker._private_job_queues) as queues,
        (select count(*)::int from graphile_worker._private_tasks) as tasks,
        (select count(*)::int from graphile_worker._private_workers) as workers`)
    ).rows[0];

  it("refuses usage errors with exit 2, one line and where the help is, before connecting, so nothing is written", async () => {
    const { rows } = await db.pool.query("select id::text from graphile_worker.add_job('t', job_key := 'kept', queue_name := 'q')");
    const job = rows[0];
    const badJson = join(scratch, "bad.json");
    writeFileSync(badJson, "{ not json");
    const before = await snapshot();
    const cases: [string[], RegExp][] = [
      [["nope"], /^Error: unknown command "nope"\n/],
      [["list", "--bogus"], /^Error: unknown option --bogus\n/],
      [["show"], /^Error: missing job id\n/],
      [["add"], /^Error: missing task identifier\n/],
      [["remove"], /^Error: missing job key\n/],
      [["show", job.id, "7"], /^Error: unexpected argument "7"/],
      [["stats", "extra"], /^Error: unexpected argument "extra"\n/],
      [["queues", "stop", "q"], /^Error: unknown action "stop"; the actions are pause and resume\n/],
      [["queues", "pause"], /^Error: missing queue name\n/],
      [["tasks"], /^Error: missing action \(pause or resume\)\n/],
      [["tasks", "resume", "t", "u"], /^Error: unexpected argument "u" \(give one task identifier\)\n/],
      [["tasks", "pause", "t".repeat(129)], /^Error: task identifier must be at most 128 characters \(got 129\)\n/],
      [["sweep-stale-workers", "--sweep-threshold", "5 minutes"], /^Error: --sweep-threshold must be a duration such as 30s, 5m or 2h \(got "5 minutes"\)\n/],
      [["workers", "--threshold", "0s"], /^Error: --threshold must be longer than 0/],
      [["add", "t", "--run-at", "tomorrow"], /^Error: --run-at must be an ISO 8601 timestamp/],
      [["reschedule", job.id, "--run-at", "2026-02-30T00:00:00Z"], /^Error: --run-at must be an ISO 8601 timestamp/],
      [["add", "t", "--run-at", "2026-01-02T03:04:05"], /^Error: --run-at must be an ISO 8601 timestamp with a zone/],
      [["list", "--limit", "ten"], /^Error: --limit must be a whole number \(got "ten"\)\n/],
      [["add", "t", "--priority", "40000"], /^Error: --priority must be between -32768 and 32767 \(got 40000\)\n/],
      [["complete", job.id, "abc"], /^Error: a job id must be a positive whole number \(got "abc"\)\n/],
      [["add", "t", "--payload", "{nope"], /^Error: --payload is not valid JSON: /],
      [["add", "t", "--payload-file", badJson], /^Error: --payload-file .*bad\.json is not valid JSON: /],
      [["add", "t", "--job-key-mode", "replace"], /^Error: --job-key-mode needs --key\n/],
      [["add", "t", "--queue", "q".repeat(129)], /^Error: --queue must be at most 128 characters/],
      [["cleanup", "GC_JOB_QUEUES", "GC_EVERYTHING"], /^Error: unknown cleanup task "GC_EVERYTHING"; the tasks are DELETE_PERMAFAILED_JOBS, GC_JOB_QUEUES, GC_TASK_IDENTIFIERS\n/],
      [["reschedule", job.id, "--now", "--run-at", "now"], /^Error: give --now or --run-at, not both\n/],
      [["reschedule", job.id], /^Error: nothing to change: give --now, --run-at, --priority, --attempts or --max-attempts\n/],
      [["list", "--state", "done"], /^Error: --state must be one of all, ready, scheduled, locked, failed/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, [args, message]] of cases.entries()) {
      const result = results[i];
      const what = `graphile-worker ${args.join(" ")}: ${result.stderr}`;
      expect(result.code, what).toBe(2);
      expect(result.stdout, what).toBe("");
      expect(result.stderr, what).toMatch(message);
      const help = args[0] === "nope" ? "graphile-worker --help" : `graphile-worker ${args[0]} --help`;
      expect(result.stderr.split("\n").slice(1), what).toEqual([`Run \`${help}\` for usage.`, ""]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("fails with exit 1 and one line saying what went wrong and what to do", async () => {
    const noSuchDb = databaseUrl("gwtest_no_such_database");
    const [missing, unreachable, noUrl, unmigrated, noFile] = await Promise.all([
      cli(["show", "424242"]),
      cli(["stats", "--database-url", noSuchDb]),
      cli(["stats"], { DATABASE_URL: "" }),
      cli(["list"], { GRAPHILE_WORKER_SCHEMA: "not_migrated" }),
      cli(["add", "t", "--payload-file", join(scratch, "no-such-file.json")]),
    ]);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: "Error: no job with id 424242\n" });
    expect(unreachable).toMatchObject({ code: 1, stdout: "" });
    expect(unreachable.stderr).toMatch(/^Error: database "gwtest_no_such_database" does not exist\n$/);
    expect(noUrl).toEqual({ code: 1, stdout: "", stderr: "Error: no database given: pass --database-url (or -c), or set DATABASE_URL, or PGDATABASE and the other PG* variables\n" });
    expect(unmigrated).toMatchObject({ code: 1, stdout: "" });
    expect(unmigrated.stderr).toMatch(
      /^Error: schema "not_migrated" has no job queue in this database \(.*\): run `graphile-worker migrate`, or pass the schema you migrated with --schema or GRAPHILE_WORKER_SCHEMA\n$/,
    );
    expect(noFile).toMatchObject({ code: 1, stdout: "" });
    expect(noFile.stderr).toMatch(/^Error: --payload-file .*no-such-file\.json: no such file\n$/);
    expect(await snapshot()).toMatchObject({ jobs: null, queues: 0 });
  });

  it("gives every command a --help with a summary, its options and an example", async () => {
    const names = COMMANDS.map((c) => c.name);
    expect(names).toEqual([
      "migrate", "add", "list", "show", "complete", "fail", "reschedule", "remove", "cleanup",
      "force-unlock", "sweep-stale-workers", "stats", "queues", "tasks", "workers", "schedules", "run", "admin",
      "install-sql",
    ]);
    for (const command of COMMANDS) {
      expect(command.summary, command.name).toMatch(/^[A-Z].*\.$/);
      expect(command.examples.length, command.name).toBeGreaterThan(0);
      for (const example of command.examples) expect(example).toMatch(new RegExp(`^graphile-worker ${command.name}\\b`));
      for (const option of command.options) expect(option.description, `${command.name} --${option.name}`).not.toBe("");
    }
    // The binary prints them (without needing a database).
    const [main, reschedule, cleanup] = await Promise.all(
      [["--help"], ["reschedule", "--help"], ["cleanup", "--help"]].map((args) => cli(args, { DATABASE_URL: "" })),
    );
    expect(main.code).toBe(0);
    expect([...main.stdout.matchAll(/^ {2}([a-z][a-z-]*) {2,}\S/gm)].map((m) => m[1])).toEqual(names);
    expect(reschedule).toMatchObject({ code: 0, stderr: "" });
    expect(reschedule.stdout).toMatch(/^Usage: graphile-worker reschedule <id>\.\.\. \[options\]\n\nChange when/);
    expect(reschedule.stdout).toMatch(/^ {2}--run-at ISO\|now\s+run no earlier than this$/m);
    expect(reschedule.stdout).toMatch(/\n\nExample:\n {2}graphile-worker reschedule 126 /);
    expect(cleanup.stdout).toMatch(/^Usage: graphile-worker cleanup \[DELETE_PERMAFAILED_JOBS\|GC_JOB_QUEUES\|GC_TASK_IDENTIFIERS\]\.\.\./);
  });
});

describe("start-up", () => {
  // The database client and the query runtime are loaded by the commands
  // that connect, when they connect: help, the version and usage errors start
  // without them (about half of a 300 ms start).
  // Preloaded into the binary: on exit, writes the paths of every module it loaded.
  const hook = join(scratch, "loaded-modules.cjs");
  beforeAll(() =>
    writeFileSync(
      hook,
      `process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(require.cache))));`,
    ),
  );

  it("loads neither the database client nor the query runtime for help, the version or a usage error", () => {
    const heavy = (args: string[]) => {
      const file = join(scratch, `loaded-${args.join("-")}.json`);
      const result = spawnSync(process.execPath, ["--require", hook, BIN, ...args], {
        env: { ...process.env, DATABASE_URL: "", LOADED_MODULES_FILE: file },
        encoding: "utf8",
      });
      const loaded: string[] = JSON.parse(readFileSync(file, "utf8"));
      expect(loaded.some((path) => path.includes("/dist/cli/commands/")), "the hook saw the CLI load").toBe(true);
      return { code: result.status, heavy: loaded.filter((path) => /\/node_modules\/(pg|pg-[a-z-]+|@pgtyped\/[a-z-]+|antlr4ts)\//.test(path)) };
    };
    expect(heavy(["--help"])).toEqual({ code: 0, heavy: [] });
    expect(heavy(["--version"])).toEqual({ code: 0, heavy: [] });
    expect(heavy(["add", "--help"])).toEqual({ code: 0, heavy: [] });
    expect(heavy(["add"])).toEqual({ code: 2, heavy: [] });
    expect(heavy(["reschedule", "1", "--run-at", "soon"])).toEqual({ code: 2, heavy: [] });
  });

  it("loads them for a command that connects", () => {
    const file = join(scratch, "loaded-connecting.json");
    // No server answers on this port: the command fails, after loading the client.
    const result = spawnSync(process.execPath, ["--require", hook, BIN, "stats", "--connection", "postgres://127.0.0.1:1/none"], {
      env: { ...process.env, DATABASE_URL: "", LOADED_MODULES_FILE: file },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    const loaded: string[] = JSON.parse(readFileSync(file, "utf8"));
    expect(loaded.some((path) => path.includes("/node_modules/pg/"))).toBe(true);
  });
});

describe("hostile and awkward values", () => {
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it("prints a payload as the database's own JSON text: every digit, any depth", async () => {
    const deep = `${"[".repeat(3000)}0${"]".repeat(3000)}`;
    const text = `{"id": 12345678901234567891, "huge": 1e400, "deep": ${deep}}`;
    const { rows } = await db.pool.query("select (graphile_worker.add_job('t', $1::json)).id", [text]);
    const shown = await ok(["show", rows[0].id]);
    expect(shown).toMatch(/^payload {10}\{\n {19}"id": 12345678901234567891,\n {19}"huge": 1e400,\n {19}"deep": \[$/m);
    expect(shown).toContain(`${"[".repeat(100)}0${"]".repeat(100)}`);
    const asJson = await cli(["show", rows[0].id, "--json"]);
    expect(asJson.code).toBe(0);
    expect(asJson.stdout).toContain(`"payload":${text}`);
    const added = await cli(["add", "t", "--payload", '{"n": 12345678901234567891}', "--json"]);
    expect(added.stdout).toContain('"payload":{"n": 12345678901234567891}');
  });

  it("shows control characters from the database escaped, never raw, so they cannot rewrite the terminal", async () => {
    const hostile = "boom\u001b[2J\u001b]0;owned\u0007\u009b31m";
    await db.pool.query(
      "select graphile_worker.add_job($1, '{}', queue_name := $1, job_key := $1)",
      [hostile],
    );
    await db.pool.query("update graphile_worker._private_jobs set last_error = $1 || E'\\nsecond line'", [hostile]);
    for (const args of [["list"], ["show", "1"], ["queues"]]) {
      const out = await ok(args);
      expect(out, args.join(" ")).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(out, args.join(" ")).toContain("boom\\x1b[2J\\x1b]0;owned\\x07\\x9b31m");
    }
  });

  it("refuses an argument that is not valid UTF-8, rather than let two keys become one", async () => {
    const result = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" add t --key "$(printf 'k\\377')"`], {
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe('Error: argument "k\uFFFD" is not valid UTF-8');
    const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker._private_jobs");
    expect(rows[0].n).toBe(0);
  });
});

describe("schemas", () => {
  beforeEach(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterEach(() => db.drop());

  it("migrates once, then is up to date; --schema and GRAPHILE_WORKER_SCHEMA choose the queue", async () => {
    expect(await ok(["migrate"])).toMatch(/^schema graphile_worker migrated to migration \d+ \(\d+ applied\)\n$/);
    // Global options may also come before the command, as in `graphile-worker --database-url URL migrate`.
    const [again, custom] = await Promise.all([
      ok(["--database-url", db.url, "migrate"], { DATABASE_URL: "" }),
      json(["migrate", "--schema", "app_jobs"]),
    ]);
    expect(again).toMatch(/^schema graphile_worker is up to date \(migration \d+\)\n$/);
    expect(custom).toMatchObject({ schema: "app_jobs", version: expect.any(Number) });
    expect(custom.applied.length).toBeGreaterThan(0);

    const env = { GRAPHILE_WORKER_SCHEMA: "app_jobs" };
    const added = await json(["add", "in_app_jobs"], env);
    const [viaEnv, viaOption, optionWins, defaultSchema, stats] = await Promise.all([
      json(["list"], env),
      json(["list", "--schema", "app_jobs"]),
      json(["list", "--schema", "graphile_worker"], env),
      json(["list"]),
      json(["stats", "--schema", "app_jobs"]),
    ]);
    expect(viaEnv.jobs.map((j: any) => j.id)).toEqual([added.id]);
    expect(viaOption.jobs.map((j: any) => j.id)).toEqual([added.id]);
    expect(optionWins.jobs).toEqual([]);
    expect(defaultSchema.jobs).toEqual([]);
    expect(stats.jobs.ready).toBe(1);
    const { rows } = await db.pool.query("select task_identifier from app_jobs.jobs");
    expect(rows).toEqual([{ task_identifier: "in_app_jobs" }]);
  });
});
