// One home for every rule: the TypeScript mirror (src/rules.ts) says what
// graphile_worker.rules() says, and the signatures' defaults agree with both.
import { afterAll, beforeAll, expect, it } from "vitest";
import { RULES } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

it("RULES is rules(), key for key", async () => {
  const { rows } = await db.pool.query("select graphile_worker.rules() as rules");
  const sql = Object.fromEntries(Object.entries(rows[0].rules as Record<string, unknown>).map(([k, v]) => [camel(k), v]));
  expect(JSON.parse(JSON.stringify(RULES))).toEqual(sql);
});

it("the sweep's signature defaults are the rules' defaults", async () => {
  const { rows } = await db.pool.query(`
    select pg_get_function_arguments(p.oid) as args
    from pg_proc p where p.oid = 'graphile_worker.sweep_stale_workers'::regproc`);
  const seconds = (interval: string) => {
    const [h, m, s] = interval.split(":").map(Number);
    return h * 3600 + m * 60 + s;
  };
  const [threshold, delay] = [...(rows[0].args as string).matchAll(/DEFAULT '([\d:]+)'::interval/g)].map((m) => seconds(m[1]));
  expect(threshold).toBe(RULES.sweepThresholdDefaultSeconds);
  expect(delay).toBe(RULES.recoveryDelayDefaultSeconds);
});

it("the tables' check constraints say what the length limits say", async () => {
  const { rows } = await db.pool.query(`
    select conname, pg_get_constraintdef(oid) as def from pg_constraint
    where connamespace = 'graphile_worker'::regnamespace and contype = 'c' and pg_get_constraintdef(oid) ~ 'length'`);
  for (const { conname, def } of rows) {
    const limit = conname.includes("_key_check") ? RULES.keyMaxLength : RULES.nameMaxLength;
    expect(def, conname).toMatch(new RegExp(`<= ${limit}\\)\\)\\)$`));
  }
  expect(rows.length).toBeGreaterThanOrEqual(5);
});
