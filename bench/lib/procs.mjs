// Child processes of the benchmark: library workers and floor workers.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("../worker.mjs", import.meta.url));
const FLOOR_WORKER = fileURLToPath(new URL("./floor-worker.mjs", import.meta.url));

const children = new Set();
process.on("exit", () => {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {}
  }
});

/**
 * Spawns `node script ...args`; resolves once it printed "ready". The
 * result has `lines` (stdout lines, with their arrival time), `waitFor(prefix)`,
 * `send(text)` and `stop()` (SIGTERM, then SIGKILL after a timeout).
 */
function spawnReady(script, args, label) {
  // BENCH_WORKER_NODE_ARGS: extra node flags for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  const lines = [];
  const waiters = [];
  let buffer = "";
  let stderr = "";
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  exited.then(() => children.delete(child));
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = { text: buffer.slice(0, newline), at: performance.now() };
      buffer = buffer.slice(newline + 1);
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (line.text.startsWith(waiter.prefix)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk.replace(/^(?=.)/gm, `  [${label}] `));
  });
  const waitFor = (prefix, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const found = lines.find((l) => l.text.startsWith(prefix));
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`${label}: no "${prefix}" within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
      waiters.push({
        prefix,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`${label} exited (${code ?? signal}) before "${prefix}"; stderr: ${stderr.slice(-2000)}`));
      });
    });
  const proc = {
    child,
    lines,
    exited,
    waitFor,
    send: (text) => child.stdin.write(text),
    async stop(timeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  return proc;
}

/** Starts n library worker processes; resolves when all printed "ready". */
export async function startWorkers(n, which, url, mode, settings = null) {
  const procs = [];
  for (let i = 0; i < n; i++) {
    const args = [which, url, mode];
    if (settings) args.push(JSON.stringify(settings));
    procs.push(spawnReady(WORKER, args, `${which}#${i + 1}`));
  }
  try {
    await Promise.all(procs.map((p) => p.waitFor("ready")));
  } catch (error) {
    await Promise.all(procs.map((p) => p.stop(5_000)));
    throw error;
  }
  return procs;
}

export async function stopAll(procs) {
  const results = await Promise.all(procs.map((p) => p.stop()));
  return results;
}

/** Starts n floor worker processes; resolves when all are connected. */
export async function startFloorWorkers(n, url, variant) {
  const procs = [];
  for (let i = 0; i < n; i++) procs.push(spawnReady(FLOOR_WORKER, [url, variant], `floor#${i + 1}`));
  await Promise.all(procs.map((p) => p.waitFor("ready")));
  return procs;
}
