// Runs every row of docs/bad-input.md: the documented error, and nothing written.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as lib from "../../src/index";
import { makeWorkerUtils, type WorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { BIN, ROOT } from "./helpers/fixtures";
import { prepareDamagedLedgers } from "./helpers/ledgers";

interface Case {
  n: number;
  where: "SQL" | "TS" | "CLI";
  input: string;
  code: string;
  message: string;
}

function cases(): Case[] {
  const doc = readFileSync(join(ROOT, "docs", "bad-input.md"), "utf8");
  return doc
    .split("\n")
    .filter((line) => /^\| \d+ \|/.test(line))
    .map((line) => {
      const [, n, where, input, expected] = /^\| (\d+) \| (\w+) \| `(.*)` \| (.*) \|$/.exec(line)!;
      // A message holding backticks is quoted with double ones: `` a `b` c ``.
      const [, code, quoted, plain] = /^`([^`]+)` (?:`` (.*) ``|`(.*)`)$/.exec(expected)!;
      return { n: Number(n), where: where as Case["where"], input, code, message: quoted ?? plain };
    });
}

/** Splits a shell command line (single quotes only). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

let db: TestDatabase;
let utils: WorkerUtils;
beforeAll(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
  await utils.addJob("existing", { a: 1 }, { queueName: "q", jobKey: "k" });
  await prepareDamagedLedgers(db.pool);
  await db.pool.query(`select graphile_worker.upsert_schedule('daily', '0 9 * * *', 'existing')`);
  await db.pool.query(`select graphile_worker.sync_crontab('main', '[{"cron": "0 9 * * *", "task_identifier": "a"}]')`);
});
afterAll(async () => {
  await db.drop();
});

async function snapshot(): Promise<string> {
  const { rows } = await db.pool.query(`
    select (select json_agg(j order by id) from graphile_worker._private_jobs j)::text
      || (select coalesce(json_agg(q order by queue_name), '[]') from graphile_worker._private_job_queues q)::text
      || (select coalesce(json_agg(t order by identifier), '[]') from graphile_worker._private_tasks t)::text
      || (select coalesce(json_agg(w), '[]') from graphile_worker._private_workers w)::text
      || (select coalesce(json_agg(s order by id), '[]') from graphile_worker._private_schedules s)::text
      || (select coalesce(json_agg(k order by identifier), '[]') from graphile_worker._private_known_crontabs k)::text as state`);
  return rows[0].state;
}

async function attempt(c: Case): Promise<{ code: string; message: string }> {
  if (c.where === "CLI") {
    const result = spawnSync(process.execPath, [BIN, ...words(c.input).slice(1)], {
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: "utf8",
      timeout: 30_000, // a command that should have been refused may be running a worker
    });
    return { code: `exit ${result.status}`, message: result.stderr.split("\n")[0] };
  }
  try {
    if (c.where === "SQL") {
      await db.pool.query(c.input);
    } else {
      // Every export of the package is in scope, as for a user who imported it.
      const names = Object.keys(lib).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
      const fn = new Function("utils", "url", ...names, `return (async () => ${c.input})();`);
      const made = await fn(utils, db.url, ...names.map((name) => (lib as Record<string, unknown>)[name]));
      if (made?.stop) await made.stop();
    }
  } catch (error) {
    const e = error as { code?: string; name: string; message: string };
    return { code: e.code ?? e.name, message: e.message };
  }
  return { code: "no error", message: "" };
}

const all = cases();

it("the table has at least 30 cases, numbered in order, from every way in", () => {
  expect(all.length).toBeGreaterThanOrEqual(30);
  expect(all.map((c) => c.n)).toEqual(all.map((_, i) => i + 1));
  expect(new Set(all.map((c) => c.where))).toEqual(new Set(["SQL", "TS", "CLI"]));
});

it.each(all.map((c) => [`${c.n} ${c.where}: ${c.input}`, c] as const))("%s", async (_title, c) => {
  const before = await snapshot();
  expect(await attempt(c)).toEqual({ code: c.code, message: c.message });
  expect(await snapshot()).toBe(before);
});
