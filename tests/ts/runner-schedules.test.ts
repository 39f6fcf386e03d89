// The runner ticks the recurring schedules: what is due fires as the runner
// starts and then about once a second, the task runs, any number of runners
// add one job per fire time, and a crontab given to the runner becomes
// schedules rows as it starts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeWorkerUtils, parseCronItems, run, silentLogger, type Runner, type RunnerOptions, type WorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";

let db: TestDatabase;
let utils: WorkerUtils;
const runners: Runner[] = [];
const ran: { id: string; payload: any; at: number }[] = [];
const scratch = mkdtempSync(join(tmpdir(), "gw-runner-schedules-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("with a database", () => {
beforeEach(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
  ran.length = 0;
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  await db.drop();
});

async function start(extra: Partial<RunnerOptions> = {}): Promise<Runner> {
  const runner = await run({
    connectionString: db.url,
    taskList: { tick: async (payload, { job }) => void ran.push({ id: job.id, payload, at: Date.now() }) },
    logger: silentLogger,
    handleSignals: false,
    ...extra,
  });
  runners.push(runner);
  return runner;
}

const jobsLeft = async () => Number((await db.pool.query("select count(*) as n from graphile_worker.jobs")).rows[0].n);

/** A schedule whose next fire time is `at` (SQL, by the database clock). */
async function scheduleAt(id: string, at: string): Promise<void> {
  await utils.upsertSchedule({ id, cron: "* * * * *", taskIdentifier: "tick", payload: { id } });
  await db.pool.query(`update graphile_worker._private_schedules set next_fire_at = ${at} where id = $1`, [id]);
}

it("fires a due schedule as it starts, once, and the task runs", async () => {
  await scheduleAt("due", "date_trunc('minute', now())");
  await start();
  await until(async () => ran.length === 1 && (await jobsLeft()) === 0, 10_000, "the scheduled job to run");
  expect(ran[0].payload).toMatchObject({ id: "due", _cron: { backfilled: false } });
  const [schedule] = await utils.listSchedules();
  expect(schedule.last_job_id).toBe(ran[0].id);
  expect(schedule.next_fire_at!.getTime()).toBeGreaterThan(Date.now());
  expect(ran).toHaveLength(1);
});

it("ticks about once a second: a fire time a moment ahead runs within a second of it", async () => {
  await start();
  await scheduleAt("soon", "now() + interval '1.2 seconds'");
  const { rows } = await db.pool.query("select next_fire_at from graphile_worker.schedules");
  const fireAt = rows[0].next_fire_at.getTime();
  await until(async () => ran.length === 1, 10_000, "the scheduled job to run");
  // The database clock and this one agree within a few ms here; a tick is due within a second (more on a loaded machine).
  expect(ran[0].at - fireAt).toBeLessThan(2_000);
  expect(ran[0].at - fireAt).toBeGreaterThan(-100);
});

it("two runners ticking the same due schedules add one job per fire time", async () => {
  for (const id of ["a", "b", "c"]) await scheduleAt(id, "date_trunc('minute', now())");
  // Both have ticked once when run() resolves.
  await Promise.all([start({ concurrency: 2 }), start({ concurrency: 2 })]);
  await until(async () => ran.length === 3 && (await jobsLeft()) === 0, 10_000, "the scheduled jobs to run");
  expect(ran.map((r) => r.payload.id).sort()).toEqual(["a", "b", "c"]);
  expect(new Set(ran.map((r) => r.id)).size).toBe(3);
});

it("a crontab (text, file or parsed items) becomes schedules rows as the runner starts; tickSchedules: false fires nothing", async () => {
  const crontab = "0 4 * * * tick ?id=backup&fill=1h\n*/15 * * * * tick ?id=poll {source: 'rss'}\n";
  await scheduleAt("due", "date_trunc('minute', now())");
  await start({ crontab, tickSchedules: false });
  const [due] = await utils.listSchedules({ id: "due" });
  expect(due.last_job_id).toBeNull();
  expect(due.next_fire_at!.getTime()).toBeLessThanOrEqual(Date.now());
  await utils.removeSchedule("due");
  const rows = async () => (await utils.listSchedules()).map((s) => [s.id, s.cron, s.source, s.enabled, s.catch_up, s.payload]);
  expect(await rows()).toEqual([
    ["backup", "0 4 * * *", "crontab", true, "all", {}],
    ["poll", "*/15 * * * *", "crontab", true, "none", { source: "rss" }],
  ]);
  const before = await utils.listSchedules();

  // The same crontab from a file: nothing changes.
  const file = join(scratch, "crontab");
  writeFileSync(file, crontab);
  await start({ crontabFile: file, tickSchedules: false });
  expect(await utils.listSchedules()).toEqual(before);

  // Items given in code: poll left the crontab, so it is disabled (kept).
  await start({ parsedCronItems: parseCronItems([{ task: "tick", match: "0 4 * * *", identifier: "backup", options: { backfillPeriod: 3_600_000 } }]), tickSchedules: false });
  expect((await rows()).map(([id, , , enabled]) => [id, enabled])).toEqual([
    ["backup", true],
    ["poll", false],
  ]);
});

});
