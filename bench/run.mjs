// The benchmark: this project ("ours") against graphile-worker 0.17.3
// ("theirs") and plain-SQL floors, on one PostgreSQL server, in one run.
//
//   npm run bench                   full run (3 runs of every workload)
//   npm run bench -- --quick        smaller sizes, under 2 minutes
//   npm run bench -- --runs 5       more runs per figure
//   node bench/run.mjs --only drain,latency   a subset (written to bench/results/partial.*)
//   node bench/run.mjs --tune       try batched-drain settings for both libraries
//
// Progress goes to stderr, the table to stdout; bench/results/latest.json
// keeps every sample and the machine, bench/results/latest.md the table.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { createDatabase, dropDatabase, ensureServer } from "../scripts/lib/postgres.mjs";
import { serverInfo, withClient } from "./lib/db.mjs";
import { BATCHED, CONCURRENCY, LIBS, TUNE_CANDIDATES, libs } from "./lib/libs.mjs";
import { buildTables, renderMarkdown, renderText } from "./lib/report.mjs";
import { fmt, summary } from "./lib/stats.mjs";
import * as workloads from "./lib/workloads.mjs";

const SIZES = {
  full: {
    batch: 200_000,
    single: 10_000,
    drainDefault: 200_000,
    drainBatched: 200_000,
    latency: 1_000,
    adminTable: 1_000_000,
    adminSmall: 20_000,
    adminIds: 10_000,
    fetchJobs: 40_000,
    fetchFill: 1_000_000,
    floorRows: 200_000,
  },
  quick: {
    batch: 20_000,
    single: 400,
    drainDefault: 2_000,
    drainBatched: 10_000,
    latency: 100,
    adminTable: 50_000,
    adminSmall: 10_000,
    adminIds: 1_000,
    fetchJobs: 1_000,
    fetchFill: 50_000,
    floorRows: 30_000,
  },
};

const WORKLOADS = {
  batch: workloads.batchEnqueue,
  single: workloads.singleEnqueue,
  latency: workloads.latency,
  drain: workloads.drain,
  schedules: workloads.drainWithSchedules,
  floor: workloads.floorDrain,
  admin: workloads.admin,
  fetch: workloads.fetchSlowdown,
  queued: workloads.queuedFetchSlowdown,
  backlog: workloads.backlogFetchSlowdown,
};

function parseArgs(argv) {
  const options = { quick: false, runs: 3, only: null, tune: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") options.quick = true;
    else if (arg === "--tune") options.tune = true;
    else if (arg === "--runs") options.runs = Number(argv[++i]);
    else if (arg.startsWith("--runs=")) options.runs = Number(arg.slice(7));
    else if (arg === "--only") options.only = argv[++i].split(",");
    else if (arg.startsWith("--only=")) options.only = arg.slice(7).split(",");
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        "usage: node bench/run.mjs [--quick] [--runs N] [--only batch,single,latency,drain,schedules,floor,admin,fetch,queued,backlog] [--tune]\n",
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error("--runs must be a positive integer");
  for (const name of options.only ?? []) {
    if (!WORKLOADS[name]) throw new Error(`unknown workload ${name}; known: ${Object.keys(WORKLOADS).join(", ")}`);
  }
  return options;
}

function progress(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function machineInfo(pg) {
  const cpus = os.cpus();
  let commit = null;
  let modified = null;
  const git = (...args) =>
    execFileSync("git", args, {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  try {
    commit = git("rev-parse", "--short", "HEAD").trim();
    // Uncommitted changes outside bench/ (the working tree is what was measured).
    modified = git("--no-optional-locks", "status", "--porcelain", "--untracked-files=no")
      .split("\n")
      .map((line) => line.slice(3))
      .filter((path) => path && !path.startsWith("bench/"));
  } catch {}
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: pg.server_version,
    postgresVersion: pg.version,
    postgresSettings: pg.settings,
    graphileWorker: "0.17.3",
    commit,
    modifiedFiles: modified,
    date: new Date().toISOString(),
  };
}

function machineLine(m) {
  const s = m.postgresSettings ?? {};
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; PostgreSQL ${m.postgres} ` +
    `(synchronous_commit ${s.synchronous_commit}, fsync ${s.fsync}, shared_buffers ${s.shared_buffers}); ` +
    `Node ${m.node}; ${m.date.slice(0, 16).replace("T", " ")} UTC; commit ${m.commit ?? "?"}` +
    (m.modifiedFiles?.length ? ` + ${m.modifiedFiles.length} uncommitted file(s)` : "")
  );
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const sizes = { ...SIZES[options.quick ? "quick" : "full"] };
  sizes.adminTableLabel = fmt(sizes.adminTable);
  const started = performance.now();
  const command = ["npm run bench", options.quick ? "-- --quick" : "", options.runs !== 3 ? `--runs ${options.runs}` : ""]
    .filter(Boolean)
    .join(" ");

  // Snapshot ours (dist/ and the committed migrations it reads at start-up)
  // inside bench/ so that node_modules still resolves; workers inherit the
  // location through the environment.
  const root = fileURLToPath(new URL("..", import.meta.url));
  const snapshot = fileURLToPath(new URL(`./.snapshot-${process.pid}/`, import.meta.url));
  cpSync(`${root}dist`, `${snapshot}dist`, { recursive: true });
  cpSync(`${root}migrations/committed`, `${snapshot}migrations/committed`, { recursive: true });
  cpSync(`${root}sql`, `${snapshot}sql`, { recursive: true });
  process.env.BENCH_OURS_DIR = snapshot;
  process.on("exit", () => rmSync(snapshot, { recursive: true, force: true }));

  const server = await ensureServer();
  const pgInfo = await withClient(server.url, serverInfo);
  const machine = machineInfo(pgInfo);
  progress(`machine: ${machineLine(machine)}`);
  progress(`${options.quick ? "quick" : "full"} run, ${options.runs} runs per figure; sizes ${JSON.stringify(sizes)}`);

  const prefix = `bench_${process.pid}`;
  const names = {
    ours: `${prefix}_ours`,
    theirs: `${prefix}_theirs`,
    oursBig: `${prefix}_ours_big`,
    theirsBig: `${prefix}_theirs_big`,
    floor: `${prefix}_floor`,
  };
  const selected = options.tune ? [] : (options.only ?? Object.keys(WORKLOADS));
  const needBig = selected.includes("admin") || selected.includes("fetch") || selected.includes("queued") || selected.includes("backlog");
  const db = {};
  const created = [];
  const cleanup = async () => {
    for (const name of created.splice(0)) await dropDatabase(server.url, name).catch(() => {});
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    progress("interrupted: dropping the benchmark databases");
    cleanup().finally(() => {
      server.stop?.();
      process.exit(130);
    });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const samples = {};
  const details = {};
  const raw = {};
  const warnings = [];
  const ctx = {
    sizes,
    runs: options.runs,
    db,
    progress,
    record(key, who, value, extra) {
      ((samples[key] ??= {})[who] ??= []).push(value);
      ((details[key] ??= {})[who] ??= []).push({ value, ...(extra ?? {}) });
    },
    raw(key, value) {
      raw[key] = value;
    },
    warn(message) {
      warnings.push(message);
      progress(`WARNING: ${message}`);
    },
  };

  try {
    for (const [key, name] of Object.entries(names)) {
      if ((key === "oursBig" || key === "theirsBig") && !needBig) continue;
      db[key] = await createDatabase(server.url, name);
      created.push(name);
      const lib = key.startsWith("ours") ? "ours" : key.startsWith("theirs") ? "theirs" : null;
      if (lib) await libs[lib].migrate(db[key]);
    }
    progress(`databases ${created.join(", ")} created and migrated`);

    if (options.tune) {
      const results = await workloads.tune(ctx, TUNE_CANDIDATES);
      const lines = [];
      for (const who of LIBS) {
        for (const [index, settings] of TUNE_CANDIDATES[who].entries()) {
          const rates = results.filter((r) => r.who === who && r.index === index).map((r) => r.rate);
          const s = summary(rates);
          lines.push(`${who.padEnd(6)}  ${fmt(s.median).padStart(8)} [${fmt(s.min)}–${fmt(s.max)}] jobs/s  ${JSON.stringify(settings)}`);
        }
      }
      process.stdout.write(`batched drain of ${fmt(sizes.drainBatched)} jobs, median of ${options.runs}:\n${lines.join("\n")}\n`);
      mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
      writeFileSync(
        new URL("./results/tune.json", import.meta.url),
        JSON.stringify({ machine, sizes, runs: options.runs, candidates: TUNE_CANDIDATES, results }, null, 2) + "\n",
      );
      return;
    }

    for (const name of selected) {
      const t0 = performance.now();
      progress(`--- ${name}`);
      await WORKLOADS[name](ctx);
      progress(`--- ${name} done in ${fmt((performance.now() - t0) / 1000)} s`);
    }
  } finally {
    await cleanup();
    progress("benchmark databases dropped");
    server.stop?.();
  }

  const tables = buildTables(samples, sizes);
  const elapsed = (performance.now() - started) / 1000;
  const settingsLine =
    `Settings: concurrency ${CONCURRENCY} per worker process, 2 processes; "default" sets nothing else; ` +
    `"batched" is ours ${JSON.stringify(BATCHED.ours)}, theirs ${JSON.stringify(BATCHED.theirs)}. ` +
    `Latency: one in-process runner per library, concurrency ${CONCURRENCY} and nothing else (pollInterval 2000).`;
  const text = renderText(tables);
  process.stdout.write(
    `\n${machineLine(machine)}\n${options.runs} runs per figure; median [min–max]; ratio of medians. ${settingsLine}\n\n${text}\n` +
      (warnings.length ? `\nWarnings:\n${warnings.map((w) => `- ${w}`).join("\n")}\n` : "") +
      `\n(${fmt(elapsed)} s)\n`,
  );

  const partial = Boolean(options.only);
  const base = partial ? "partial" : options.quick ? "latest-quick" : "latest";
  const dir = new URL("./results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const markdown = [
    `# Benchmark results${options.quick ? " (quick)" : ""}`,
    "",
    `Machine: ${machineLine(machine)}`,
    "",
    `Reproduce: \`${command}\`${partial ? ` (this was a partial run: --only ${options.only.join(",")})` : ""}. ` +
      `Ours is this repository's build; theirs is graphile-worker 0.17.3; each in its own database on the same server. ` +
      `Every figure is the median of ${options.runs} runs, with [min–max]; ours/theirs is the ratio of the medians.`,
    "",
    settingsLine,
    "",
    renderMarkdown(tables),
    "",
    ...(warnings.length ? ["Warnings:", "", ...warnings.map((w) => `- ${w}`), ""] : []),
    `Total time ${fmt(elapsed)} s. Every sample, and the latency distributions, are in ${base}.json.`,
    "",
  ].join("\n");
  writeFileSync(new URL(`${base}.md`, dir), markdown);
  writeFileSync(
    new URL(`${base}.json`, dir),
    JSON.stringify(
      {
        command,
        quick: options.quick,
        runs: options.runs,
        only: options.only,
        sizes,
        settings: { concurrency: CONCURRENCY, workerProcesses: 2, batched: BATCHED },
        machine,
        elapsedSeconds: elapsed,
        summary: Object.fromEntries(
          Object.entries(samples).map(([key, byWho]) => [
            key,
            Object.fromEntries(Object.entries(byWho).map(([who, values]) => [who, summary(values)])),
          ]),
        ),
        samples: details,
        latency: raw,
        warnings,
      },
      null,
      2,
    ) + "\n",
  );
  progress(`results written to bench/results/${base}.json and ${base}.md`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`[bench] failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
