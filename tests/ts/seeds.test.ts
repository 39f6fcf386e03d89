// Every SQL example of Graphile Worker's "Administrative functions" page (the
// user's documents, seeds 000-002), run through psql against a fresh install,
// doing what the page says. The page writes `ARRAY[7, 99, 38674, ...]`: its
// `...` stands for "more ids" and is the only thing dropped from the text.
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const COMPLETE = `SELECT * FROM graphile_worker.complete_jobs(ARRAY[7, 99, 38674, ...]);`;
const PERMANENTLY_FAIL = `SELECT * FROM graphile_worker.permanently_fail_jobs(ARRAY[7, 99, 38674, ...], 'Enter reason here');`;
const RESCHEDULE = `SELECT * FROM graphile_worker.reschedule_jobs(
  ARRAY[7, 99, 38674, ...],
  run_at := NOW() + interval '5 minutes',
  priority := 5,
  attempts := 5,
  max_attempts := 25
);`;
const FORCE_UNLOCK = `SELECT graphile_worker.force_unlock_workers(ARRAY[
  'worker-0d069f0d6be41d1adb',
  'worker-cd357d05e3382cd169'
]);`;

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
  // Job 7 waits, 99 is permanently failed, 38674 is running, 38675 is not asked about.
  await db.pool.query(`
    insert into graphile_worker._private_jobs (id, task_identifier, attempts, max_attempts, last_error, locked_at, locked_by, run_at)
    overriding system value values
      (7, 'send_email', 0, 25, null, null, null, now() + interval '1 day'),
      (99, 'send_email', 25, 25, 'boom', null, null, now()),
      (38674, 'send_email', 1, 25, null, now(), 'worker-0d069f0d6be41d1adb', now()),
      (38675, 'send_email', 1, 25, null, now(), 'worker-cd357d05e3382cd169', now());
    insert into graphile_worker._private_job_queues (queue_name, locked_at, locked_by)
    values ('mail', now(), 'worker-cd357d05e3382cd169');
  `);
});
afterEach(async () => {
  await db.drop();
});

function psql(example: string): string {
  const sql = example.replace(/, \.\.\.\]/g, "]");
  return execFileSync("psql", ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-d", db.url, "-c", sql], { encoding: "utf8" });
}

const jobs = async () =>
  (await db.pool.query("select id::int, attempts, max_attempts, priority, last_error, locked_by, run_at from graphile_worker.jobs order by id")).rows;

it("complete_jobs deletes the jobs, failed ones included, and returns them; the running one is left alone", async () => {
  const output = psql(COMPLETE);
  expect(output).toMatch(/^id\|queue_name\|task_identifier\|payload\|/);
  expect(output).toContain("(2 rows)");
  expect((await jobs()).map((j) => j.id)).toEqual([38674, 38675]);
});

it("permanently_fail_jobs sets attempts to max_attempts with the reason", async () => {
  expect(psql(PERMANENTLY_FAIL)).toContain("(2 rows)");
  const [seven, ninetyNine, running] = await jobs();
  expect(seven).toMatchObject({ attempts: 25, max_attempts: 25, last_error: "Enter reason here" });
  expect(ninetyNine).toMatchObject({ attempts: 25, last_error: "Enter reason here" });
  expect(running).toMatchObject({ attempts: 1, last_error: null, locked_by: "worker-0d069f0d6be41d1adb" });
});

it("reschedule_jobs sets the given fields, with named arguments", async () => {
  const { rows: [{ now }] } = await db.pool.query("select now()");
  expect(psql(RESCHEDULE)).toContain("(2 rows)");
  const [seven, ninetyNine, running] = await jobs();
  for (const job of [seven, ninetyNine]) {
    expect(job).toMatchObject({ priority: 5, attempts: 5, max_attempts: 25 });
    expect(job.run_at.getTime() - now.getTime()).toBeGreaterThan(4.5 * 60_000);
    expect(job.run_at.getTime() - now.getTime()).toBeLessThan(5.5 * 60_000);
  }
  expect(running).toMatchObject({ priority: 0, attempts: 1, max_attempts: 25 });
});

it("force_unlock_workers unlocks the jobs and queues of the given workers", async () => {
  psql(FORCE_UNLOCK);
  expect((await jobs()).filter((j) => j.locked_by !== null)).toEqual([]);
  const { rows } = await db.pool.query("select locked_by from graphile_worker._private_job_queues");
  expect(rows).toEqual([{ locked_by: null }]);
});
