// Logging users can plug in: graphile-worker's level names and Logger
// objects, JSON lines, pino through its (obj, msg) signature, and a debug
// line at each job's start and end, through real runners.
import { Logger as UpstreamLogger } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  consoleLogger,
  Logger,
  makeWorkerUtils,
  parseLogLevel,
  pinoLogger,
  runOnce,
  type LogMeta,
  type TaskList,
  type WorkerUtils,
} from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let db: TestDatabase;
let utils: WorkerUtils;
beforeAll(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
});
afterAll(() => db.drop());

const tasks: TaskList = {
  fine: async (_payload, helpers) => helpers.logger.info("working"),
  broken: async () => {
    throw new Error("the printer is on fire");
  },
};

/** Adds one fine and one broken job (the broken one with a single attempt) and runs them. */
async function runBoth(logger: unknown): Promise<{ fine: string; broken: string }> {
  const fine = await utils.addJob("fine");
  const broken = await utils.addJob("broken", {}, { maxAttempts: 1 });
  await runOnce({ pgPool: db.pool, taskList: tasks, logger: logger as never, noHandleSignals: true });
  await utils.completeJobs([broken.id]);
  return { fine: fine.id, broken: broken.id };
}

/** A stream that keeps what is written, one entry a line. */
function sink(): { write(line: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(...line.trimEnd().split("\n")) };
}

describe("levels", () => {
  it("are graphile-worker's names (warn is taken for warning); anything else is refused", () => {
    expect(["error", "warning", "warn", "info", "debug"].map((l) => parseLogLevel(l))).toEqual(["error", "warning", "warning", "info", "debug"]);
    expect(() => parseLogLevel("verbose")).toThrow('log level must be one of error, warning, info, debug (got "verbose")');
    expect(() => consoleLogger({ level: "trace" as never })).toThrow('level must be one of error, warning, info, debug (got "trace")');
    const saved = process.env.GRAPHILE_WORKER_LOG_LEVEL;
    process.env.GRAPHILE_WORKER_LOG_LEVEL = "loud";
    try {
      expect(() => consoleLogger()).toThrow('GRAPHILE_WORKER_LOG_LEVEL must be one of error, warning, info, debug (got "loud")');
    } finally {
      if (saved === undefined) delete process.env.GRAPHILE_WORKER_LOG_LEVEL;
      else process.env.GRAPHILE_WORKER_LOG_LEVEL = saved;
    }
  });

  it("filter from the level up", () => {
    const out = sink();
    const logger = consoleLogger({ level: "warning", stream: out });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(out.lines.map((l) => l.replace(/^\S+ /, ""))).toEqual(["WARNING w", "ERROR   e"]);
  });
});

describe("JSON lines", () => {
  it("write one object a line with time, level, message, scope and metadata, errors with their stack", () => {
    const out = sink();
    const logger = consoleLogger({ level: "debug", format: "json", stream: out }).scope({ workerId: "w1" });
    const error = Object.assign(new Error("boom"), { code: "E42" });
    logger.warn("it broke", { error, big: 2n ** 70n });
    const [line] = out.lines.map((l) => JSON.parse(l));
    expect(line).toMatchObject({ level: "warning", message: "it broke", workerId: "w1", big: "1180591620717411303424" });
    expect(line.error).toMatchObject({ name: "Error", message: "boom", code: "E42", stack: expect.stringContaining("Error: boom") });
    expect(Date.parse(line.time)).not.toBeNaN();
  });

  it("carry every job's start, success with its duration, and failure with the error, through a real runner", async () => {
    const out = sink();
    const ids = await runBoth(consoleLogger({ level: "debug", format: "json", stream: out }));
    const lines = out.lines.map((l) => JSON.parse(l));
    const of = (id: string) => lines.filter((l) => l.jobId === id).map((l) => [l.level, l.message]);
    expect(of(ids.fine)).toEqual([
      ["debug", `job ${ids.fine} (fine) started, attempt 1/25`],
      ["info", "working"],
      ["debug", expect.stringMatching(new RegExp(`^job ${ids.fine} \\(fine\\) succeeded in [\\d.]+ ms$`))],
    ]);
    expect(of(ids.broken)).toEqual([
      ["debug", `job ${ids.broken} (broken) started, attempt 1/1`],
      ["warning", expect.stringMatching(/failed attempt 1\/1 after [\d.]+ ms; no attempts left: the printer is on fire$/)],
    ]);
    const failure = lines.find((l) => l.jobId === ids.broken && l.level === "warning");
    expect(failure).toMatchObject({ taskIdentifier: "broken", durationMs: expect.any(Number), error: { message: "the printer is on fire" } });
  });
});

describe("loggers from elsewhere", () => {
  it("pino, through pinoLogger: metadata kept, errors under err with their stack, job scope as a child's bindings", async () => {
    const out = sink();
    const ids = await runBoth(pinoLogger(pino({ level: "debug" }, out)));
    const lines = out.lines.map((l) => JSON.parse(l));
    const failure = lines.find((l) => l.jobId === ids.broken && l.level === 40);
    expect(failure).toMatchObject({ taskIdentifier: "broken", err: { type: "Error", message: "the printer is on fire" } });
    expect(failure.err.stack).toContain("the printer is on fire");
    expect(lines.find((l) => l.msg === "working")).toMatchObject({ jobId: ids.fine, taskIdentifier: "fine", level: 30 });
  });

  it("graphile-worker's own Logger, and ours built the same way from a log function factory", async () => {
    for (const Make of [UpstreamLogger, Logger]) {
      const seen: [unknown, string, string, LogMeta | undefined][] = [];
      const factory = (scope: object) => (level: string, message: string, meta?: LogMeta) => void seen.push([scope, level, message, meta]);
      const ids = await runBoth(new Make(factory as never));
      expect(seen).toContainEqual([{ jobId: ids.fine, taskIdentifier: "fine" }, "info", "working", undefined]);
      expect(seen).toContainEqual([
        {},
        "warning",
        expect.stringContaining(`job ${ids.broken} (broken) failed attempt 1/1`),
        expect.objectContaining({ error: expect.any(Error) }),
      ]);
    }
  });
});
