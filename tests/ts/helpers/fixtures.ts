// Tables the fixture tasks (tests/fixtures/tasks) write to, and helpers to
// spawn the real graphile-worker binary against a test database.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type pg from "pg";

export const ROOT = join(__dirname, "..", "..", "..");
export const BIN = join(ROOT, "dist", "cli", "main.js");
export const TASKS = join(ROOT, "tests", "fixtures", "tasks");

export async function createRunTables(pool: pg.Pool): Promise<void> {
  await pool.query(`
    create table test_runs (job_id bigint unique, worker_id text, attempts int, queue_name text, at timestamptz default clock_timestamp());
    create table test_starts (job_id bigint, worker_id text, attempts int, at timestamptz default clock_timestamp());
    create table test_ends (job_id bigint, worker_id text, attempts int, at timestamptz default clock_timestamp());
    create table test_violations (job_id bigint, queue_name text);
  `);
}

export interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `graphile-worker <args>` with DATABASE_URL set. */
export function spawnCli(args: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, GRAPHILE_WORKER_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Kills (SIGKILL) every process still running and waits for them; empties the list. */
export async function killAll(processes: Spawned[]): Promise<void> {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await p.exited;
  }
}

/** Polls until fn returns true (or throws after timeout ms). */
export async function until(fn: () => Promise<boolean>, timeout = 20_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
