// `graphile-worker schedules ...` and `run --crontab`, spawned for real
// against a test database: a schedule's life through every subcommand, the
// --json shapes, a crontab synced from a file. Usage errors are rows of
// docs/bad-input.md.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { BIN, TASKS } from "./helpers/fixtures";

let db: TestDatabase;
const scratch = mkdtempSync(join(tmpdir(), "gw-cli-schedules-"));
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await db.drop();
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, GRAPHILE_WORKER_LOG_LEVEL: "warn" };
  delete env.GRAPHILE_WORKER_SCHEMA;
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function json(args: string[]): Promise<any> {
  const result = await cli([...args, "--json"]);
  expect(result.stderr, `graphile-worker ${args.join(" ")}`).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SCHEDULE_KEYS = [
  "id", "cron", "time_zone", "task_identifier", "payload", "queue_name", "priority", "max_attempts", "flags", "job_key",
  "job_key_mode", "catch_up", "catch_up_window", "enabled", "source", "last_fire_at", "next_fire_at", "last_job_id",
];

describe("schedules", () => {
  it("a schedule's life: add, trigger, list, preview, pause, remove", async () => {
    const added = await json([
      "schedules", "add", "digest", "0 3 * * mon-fri", "send_digest", "--payload", '{"kind":"daily"}',
      "--time-zone", "Europe/Paris", "--queue", "digests", "--priority", "0", "--catch-up", "all", "--catch-up-window", "6h",
    ]);
    expect(Object.keys(added)).toEqual([...SCHEDULE_KEYS, "created_at", "updated_at"]);
    expect(added).toMatchObject({
      id: "digest", time_zone: "Europe/Paris", payload: { kind: "daily" }, queue_name: "digests", priority: 0,
      catch_up: "all", catch_up_window: "06:00:00", enabled: true, last_job_id: null,
    });
    expect(added.next_fire_at).toMatch(ISO);

    const job = await json(["schedules", "trigger", "digest"]);
    expect(job).toMatchObject({ task_identifier: "send_digest", queue_name: "digests" });
    const [{ schedules }, table, preview] = await Promise.all([
      json(["schedules", "list"]),
      cli(["schedules", "list"]),
      json(["schedules", "preview", "30 2 * * *", "--time-zone", "America/New_York", "--from", "2024-03-09T00:00:00Z", "--count", "2"]),
    ]);
    expect(Object.keys(schedules[0])).toEqual([...SCHEDULE_KEYS, "last_job_state", "created_at", "updated_at"]);
    expect(schedules[0]).toMatchObject({ id: "digest", last_job_id: job.id, last_job_state: "ready" });
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+CRON\s+TIME_ZONE\s+TASK\s+STATE\s+NEXT_FIRE\s+LAST_FIRE\s+LAST_JOB\s+SOURCE$/);
    expect(table.stdout).toContain(`${job.id} (ready)`);
    expect(preview).toEqual({
      fire_times: [
        { fire_at: "2024-03-09T07:30:00.000Z", local_time: "2024-03-09T02:30:00" },
        { fire_at: "2024-03-10T07:30:00.000Z", local_time: "2024-03-10T03:30:00" },
      ],
    });
    expect(await json(["schedules", "pause", "digest"])).toMatchObject({ enabled: false, next_fire_at: null });
    expect((await json(["schedules", "remove", "digest"])).id).toBe("digest");
    const again = await cli(["schedules", "remove", "digest"]);
    expect([again.code, again.stderr]).toEqual([1, 'Error: no schedule has id "digest"\n']);
  });

  it("tick fires what is due, once", async () => {
    await db.pool.query(`select graphile_worker.upsert_schedule('every', '* * * * *', 'tick_task')`);
    await db.pool.query(`update graphile_worker._private_schedules set next_fire_at = date_trunc('minute', now()) where id = 'every'`);
    const { jobs } = await json(["schedules", "tick"]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ schedule_id: "every", backfilled: false, task_identifier: "tick_task" });
    expect(jobs[0].fire_at).toMatch(ISO);
    const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker.jobs where task_identifier = 'tick_task'");
    expect(rows[0].n).toBe(1);
    await db.pool.query(`select graphile_worker.remove_schedule('every')`);
  });

  it("sync --crontab FILE, and run --crontab FILE, make a crontab's schedules rows", async () => {
    const file = join(scratch, "crontab");
    writeFileSync(file, "# nightly\n0 4 * * * backup ?fill=1h\n*/15 * * * * poll ?id=feeds {source: 'rss'}\n");
    expect(await json(["schedules", "sync", "--crontab", file])).toEqual({
      source: "crontab", items: 2, changes: [{ id: "backup", change: "added" }, { id: "feeds", change: "added" }],
    });
    writeFileSync(file, "0 4 * * * backup ?fill=1h\n");
    // A worker given the crontab syncs it as it starts: feeds left it, so it is disabled.
    const run = await cli(["run", "--tasks", TASKS, "--once", "--crontab", file]);
    expect(run.code, run.stderr).toBe(0);
    const { rows } = await db.pool.query("select id, source, enabled from graphile_worker.schedules order by id");
    expect(rows).toEqual([
      { id: "backup", source: "crontab", enabled: true },
      { id: "feeds", source: "crontab", enabled: false },
    ]);

    writeFileSync(file, "0 4 * * * backup\n0 25 * * * report\n");
    const [bad, badRun] = await Promise.all([
      cli(["schedules", "sync", "--crontab", file]),
      cli(["run", "--tasks", TASKS, "--once", "--crontab", file]),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n")[0]).toBe(`Error: --crontab ${file}: crontab line 2: cron's hour field must hold values from 0 to 23 (got '25')`);
    expect(badRun.code).toBe(1);
    expect(badRun.stderr.split("\n")[0]).toBe(`Error: crontabFile ${file}: crontab line 2: cron's hour field must hold values from 0 to 23 (got '25')`);
    await db.pool.query("delete from graphile_worker._private_schedules");
  });
});
