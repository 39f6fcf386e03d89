// WorkerUtils' schedule methods against a real database: each SQL function
// through its typed method, the shapes they return, and bad input refused
// (by the facade before a round trip, or by SQL with its SQLSTATE).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeWorkerUtils, parseCrontab, type WorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let db: TestDatabase;
let utils: WorkerUtils;

beforeAll(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
});
afterAll(async () => {
  await utils.release();
  await db.drop();
});
afterEach(async () => {
  await db.pool.query(`
    delete from graphile_worker._private_jobs; delete from graphile_worker._private_job_queues;
    delete from graphile_worker._private_schedules; delete from graphile_worker._private_known_crontabs`);
});

/** Makes a schedule due: its next fire time a few seconds ago. */
const makeDue = (id: string) =>
  db.pool.query(
    `update graphile_worker._private_schedules set next_fire_at = date_trunc('minute', now()) where id = $1`,
    [id],
  );

describe("upsertSchedule", () => {
  it("creates a schedule with every option, and replaces it", async () => {
    const schedule = await utils.upsertSchedule({
      id: "digest",
      cron: "0 3 * * mon-fri",
      taskIdentifier: "send_digest",
      payload: { kind: "daily" },
      timeZone: "Europe/Paris",
      queueName: "digests",
      priority: 0,
      maxAttempts: 5,
      flags: ["slow"],
      jobKey: "digest",
      jobKeyMode: "preserve_run_at",
      catchUp: "all",
      catchUpWindow: 6 * 3_600_000,
    });
    expect(schedule).toMatchObject({
      id: "digest",
      cron: "0 3 * * mon-fri",
      time_zone: "Europe/Paris",
      task_identifier: "send_digest",
      payload: { kind: "daily" },
      queue_name: "digests",
      priority: 0,
      max_attempts: 5,
      flags: ["slow"],
      job_key: "digest",
      job_key_mode: "preserve_run_at",
      catch_up: "all",
      catch_up_window: "06:00:00",
      enabled: true,
      source: null,
      last_fire_at: null,
      last_job_id: null,
    });
    expect(schedule.next_fire_at!.getTime()).toBeGreaterThan(Date.now());
    expect(schedule.created_at).toBeInstanceOf(Date);

    const replaced = await utils.upsertSchedule({ id: "digest", cron: "@hourly", taskIdentifier: "other", enabled: false });
    expect(replaced).toMatchObject({
      cron: "@hourly", task_identifier: "other", payload: {}, time_zone: "UTC", queue_name: null, priority: null,
      catch_up: "latest", catch_up_window: "1 day", enabled: false, next_fire_at: null,
    });
  });

  it("refuses bad input, naming it", async () => {
    const base = { id: "x", cron: "* * * * *", taskIdentifier: "t" };
    await expect(utils.upsertSchedule({ ...base, cron: "61 * * * *" })).rejects.toMatchObject({
      code: "22023",
      message: "upsert_schedule: cron's minute field must hold values from 0 to 59 (got '61')",
    });
    await expect(utils.upsertSchedule({ ...base, id: 7 as never })).rejects.toThrow("upsertSchedule: id must be a string (got number)");
    await expect(utils.upsertSchedule({ ...base, payload: [1] as never })).rejects.toThrow(
      "upsertSchedule: payload must be a JSON object (its jobs get _cron added to it)",
    );
    await expect(utils.upsertSchedule({ ...base, priority: 1.5 })).rejects.toThrow("upsertSchedule: priority must be an integer (got 1.5)");
    await expect(utils.upsertSchedule({ ...base, catchUpWindow: NaN })).rejects.toThrow(
      "upsertSchedule: catchUpWindow must be a number of milliseconds",
    );
    await expect(utils.upsertSchedule({ ...base, catchUpWindow: -1000 })).rejects.toMatchObject({ code: "22023" });
    await expect(utils.upsertSchedule({ ...base, timeZone: "Mars/Olympus" })).rejects.toMatchObject({ code: "22023" });
    await expect(utils.upsertSchedule({ ...base, enabled: "yes" as never })).rejects.toThrow(
      'upsertSchedule: enabled must be true or false (got "yes")',
    );
    expect(await utils.listSchedules()).toEqual([]);
  });
});

describe("pause, resume, trigger, remove, list", () => {
  it("each changes what it says and returns the schedule or job", async () => {
    await utils.upsertSchedule({ id: "s", cron: "*/5 * * * *", taskIdentifier: "t", payload: { a: 1 } });
    expect(await utils.pauseSchedule("s")).toMatchObject({ enabled: false, next_fire_at: null });
    const resumed = await utils.resumeSchedule("s");
    expect(resumed.enabled).toBe(true);
    expect(resumed.next_fire_at!.getUTCMinutes() % 5).toBe(0);

    const job = await utils.triggerSchedule("s");
    expect(job).toMatchObject({ task_identifier: "t", payload: { a: 1, _cron: { backfilled: false } } });
    const [listed] = await utils.listSchedules();
    expect(listed).toMatchObject({ id: "s", last_job_id: job.id, last_job_state: "ready" });
    await utils.completeJobs([job.id]);
    expect((await utils.listSchedules({ id: "s" }))[0].last_job_state).toBeNull();
    expect(await utils.listSchedules({ id: "nope" })).toEqual([]);

    expect(await utils.removeSchedule("s")).toMatchObject({ id: "s" });
    expect(await utils.removeSchedule("s")).toBeNull();
  });

  it("refuses a missing schedule (P0002) and ids that are not strings", async () => {
    await expect(utils.pauseSchedule("nope")).rejects.toMatchObject({ code: "P0002", message: "pause_schedule: no schedule has id 'nope'" });
    await expect(utils.resumeSchedule("nope")).rejects.toMatchObject({ code: "P0002" });
    await expect(utils.triggerSchedule("nope")).rejects.toMatchObject({ code: "P0002" });
    await expect(utils.removeSchedule(null as never)).rejects.toThrow("removeSchedule: id must be a string (got null)");
    await expect(utils.triggerSchedule(undefined as never)).rejects.toThrow("triggerSchedule: id must be a string (got undefined)");
  });
});

describe("previewSchedule", () => {
  it("gives fire times and local times across a daylight saving change", async () => {
    const times = await utils.previewSchedule("30 2 * * *", {
      timeZone: "America/New_York",
      from: new Date("2024-03-09T00:00:00Z"),
      n: 3,
    });
    expect(times).toEqual([
      { fire_at: new Date("2024-03-09T07:30:00Z"), local_time: "2024-03-09T02:30:00" },
      { fire_at: new Date("2024-03-10T07:30:00Z"), local_time: "2024-03-10T03:30:00" },
      { fire_at: new Date("2024-03-11T06:30:00Z"), local_time: "2024-03-11T02:30:00" },
    ]);
    expect(await utils.previewSchedule("@daily")).toHaveLength(10);
  });

  it("refuses bad input", async () => {
    await expect(utils.previewSchedule("* * * *")).rejects.toMatchObject({ code: "22023" });
    await expect(utils.previewSchedule("* * * * *", { n: 0 })).rejects.toMatchObject({
      code: "22023",
      message: "preview_schedule: n must be between 1 and 1000 (got 0)",
    });
    await expect(utils.previewSchedule("* * * * *", { from: new Date("nope") })).rejects.toThrow(
      "previewSchedule: from must be a valid Date (got Invalid Date)",
    );
  });
});

describe("tickSchedules", () => {
  it("fires a due schedule once, with its schedule and fire time", async () => {
    await utils.upsertSchedule({ id: "due", cron: "* * * * *", taskIdentifier: "t" });
    await makeDue("due");
    const jobs = await utils.tickSchedules();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ schedule_id: "due", task_identifier: "t", backfilled: false });
    expect(jobs[0].fire_at).toBeInstanceOf(Date);
    expect(jobs[0].payload).toEqual({ _cron: { ts: expect.any(String), backfilled: false } });
    expect(await utils.tickSchedules()).toEqual([]);
  });

  it("refuses an invalid now, and a now far ahead of the database clock", async () => {
    await expect(utils.tickSchedules({ now: new Date(NaN) })).rejects.toThrow("tickSchedules: now must be a valid Date");
    await expect(utils.tickSchedules({ now: new Date(Date.now() + 3_600_000) })).rejects.toMatchObject({ code: "22023" });
  });
});

describe("syncCrontab", () => {
  it("takes parseCrontab's items or JSON items, and says what changed", async () => {
    const items = parseCrontab("0 4 * * * backup ?fill=1h\n*/15 * * * * poll ?id=feeds {source: 'rss'}");
    expect(await utils.syncCrontab("crontab", items)).toEqual([
      { id: "backup", change: "added" },
      { id: "feeds", change: "added" },
    ]);
    expect(await utils.syncCrontab("crontab", items)).toEqual([]);
    const listed = await utils.listSchedules();
    expect(listed.map((s) => [s.id, s.source, s.catch_up, s.catch_up_window])).toEqual([
      ["backup", "crontab", "all", "01:00:00"],
      ["feeds", "crontab", "none", "00:00:00"],
    ]);
    expect(await utils.syncCrontab("crontab", [{ id: "backup", cron: "0 5 * * *", task_identifier: "backup", catch_up: "none", catch_up_window: "0" }])).toEqual([
      { id: "backup", change: "updated" },
      { id: "feeds", change: "disabled" },
    ]);
  });

  it("refuses bad input", async () => {
    await expect(utils.syncCrontab("crontab", {} as never)).rejects.toThrow("syncCrontab: items must be an array of cron items");
    await expect(utils.syncCrontab("crontab", [null as never])).rejects.toThrow("syncCrontab: items[0] must be an object");
    await expect(
      utils.syncCrontab("crontab", [...parseCrontab("0 4 * * * backup"), { id: "x", cron: "* * * * *", task_identifier: "x", catch_up: "none", catch_up_window: "0" }]),
    ).rejects.toThrow("syncCrontab: items must all come from parseCrontab/parseCronItems, or all be sync_crontab's JSON items");
    await expect(utils.syncCrontab("", [])).rejects.toMatchObject({ code: "22023", message: "sync_crontab: source must not be empty" });
    await utils.upsertSchedule({ id: "mine", cron: "* * * * *", taskIdentifier: "t" });
    await expect(utils.syncCrontab("crontab", parseCrontab("* * * * * t ?id=mine"))).rejects.toMatchObject({ code: "55000" });
  });
});
