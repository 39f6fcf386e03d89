// The two libraries behind one small interface, so that every workload
// drives them the same way. "ours" is this package's build (dist/), "theirs"
// is graphile-worker 0.17.3 from node_modules (a devDependency, used here only).
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * Settings of the "batched" drain, chosen with `node bench/run.mjs --tune --runs 5`
 * (200,000 jobs): the candidates below were within noise of each other
 * (ours 29.4k–31.5k jobs/s, theirs 30.9k–32.2k); each library gets the
 * delay with its best median, 5 ms for both.
 */
export const BATCHED = {
  ours: { prefetch: 500, completionDelay: 5 },
  theirs: { localQueue: { size: 500 }, completeJobBatchDelay: 5, failJobBatchDelay: 5 },
};

/** Candidate batched settings tried by --tune. */
export const TUNE_CANDIDATES = {
  ours: [
    { prefetch: 500, completionDelay: 0 },
    { prefetch: 500, completionDelay: 1 },
    { prefetch: 500, completionDelay: 5 },
  ],
  theirs: [
    { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 },
    { localQueue: { size: 500 }, completeJobBatchDelay: 1, failJobBatchDelay: 1 },
    { localQueue: { size: 500 }, completeJobBatchDelay: 5, failJobBatchDelay: 5 },
    { localQueue: { size: 500 }, completeJobBatchDelay: 20, failJobBatchDelay: 20 },
  ],
};

export const CONCURRENCY = 24;

/**
 * Ours is loaded from the snapshot run.mjs takes of dist/ and the committed
 * migrations at start (BENCH_OURS_DIR), so that a rebuild or an edited
 * migration in the working tree cannot change the code halfway through a run.
 */
function oursModule() {
  const dir = process.env.BENCH_OURS_DIR;
  return require(dir ? join(dir, "dist", "index.js") : "../../dist/index.js");
}

function theirsModule() {
  return require("graphile-worker");
}

/** Loggers that stay quiet except for errors (which go to stderr, tagged). */
function oursLogger(tag) {
  const error = (message, meta) =>
    process.stderr.write(`[${tag}] ERROR ${message}${meta ? " " + safeJson(meta) : ""}\n`);
  return { debug() {}, info() {}, warn() {}, error };
}

function theirsLogger(tag) {
  const { Logger } = theirsModule();
  return new Logger(() => (level, message) => {
    if (level === "error") process.stderr.write(`[${tag}] ERROR ${message}\n`);
  });
}

function safeJson(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export const libs = {
  ours: {
    name: "ours",
    async migrate(url) {
      const utils = await oursModule().makeWorkerUtils({ connectionString: url });
      try {
        await utils.migrate();
      } finally {
        await utils.release();
      }
    },
    async utils(url) {
      const utils = await oursModule().makeWorkerUtils({ connectionString: url });
      return {
        addJobs: (specs) => utils.addJobs(specs),
        cleanup: (tasks) => utils.cleanup({ tasks }),
        release: () => utils.release(),
      };
    },
    /**
     * Starts a runner in this process. mode: "default" (concurrency only) or
     * "batched"; overrides (from --tune) replace the batched settings.
     */
    async start(url, { taskList, concurrency = CONCURRENCY, mode = "default", overrides = null, tag = "ours" }) {
      const extra = mode === "batched" ? (overrides ?? BATCHED.ours) : {};
      const runner = await oursModule().run({
        connectionString: url,
        taskList,
        concurrency,
        logger: oursLogger(tag),
        handleSignals: false,
        ...extra,
      });
      return { stop: () => runner.stop(), settings: { concurrency, ...extra } };
    },
  },
  theirs: {
    name: "theirs",
    async migrate(url) {
      await theirsModule().runMigrations({ connectionString: url, logger: theirsLogger("theirs") });
    },
    async utils(url) {
      const utils = await theirsModule().makeWorkerUtils({ connectionString: url, logger: theirsLogger("theirs") });
      return {
        addJobs: (specs) => utils.addJobs(specs),
        cleanup: (tasks) => utils.cleanup({ tasks }),
        release: () => utils.release(),
      };
    },
    async start(url, { taskList, concurrency = CONCURRENCY, mode = "default", overrides = null, tag = "theirs" }) {
      const chosen = mode === "batched" ? (overrides ?? BATCHED.theirs) : {};
      const { maxPoolSize, ...worker } = chosen;
      const runner = await theirsModule().run({
        connectionString: url,
        taskList,
        concurrency,
        noHandleSignals: true,
        logger: theirsLogger(tag),
        ...(maxPoolSize ? { maxPoolSize } : {}),
        ...(Object.keys(worker).length ? { preset: { worker } } : {}),
      });
      return { stop: () => runner.stop(), settings: { concurrency, ...chosen } };
    },
  },
};

export const LIBS = ["ours", "theirs"];
