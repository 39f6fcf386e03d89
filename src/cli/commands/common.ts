/**
 * What the commands share: their context, strict checks of arguments (done
 * before connecting, so that a refused command changes nothing), and the
 * connection.
 */
import type pg from "pg";
import { UsageError, type OptionSpec } from "../args";
import { parseDuration, parseInteger, parseTimestamp } from "../durations";
import { quoteSchema } from "../../schema-name";
import type { Db } from "../../db";
import type { WorkerUtils } from "../../worker-utils";
import { lazyModule } from "../../lazy";
import { consoleLogger, parseLogLevel, type ScopedLogger } from "../../logger";

// Loaded when a command first connects (see lazyModule).
const pgModule = lazyModule(() => require("pg") as typeof import("pg"));
const dbModule = lazyModule(() => require("../../db") as typeof import("../../db"));
const utilsModule = lazyModule(() => require("../../worker-utils") as typeof import("../../worker-utils"));

export interface Context {
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  json: boolean;
  schema: string;
  databaseUrl: string | undefined;
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  /** Positional arguments as the help shows them, e.g. "<id>...". */
  usage?: string;
  summary: string;
  options: OptionSpec[];
  examples: string[];
  run(context: Context): Promise<void>;
}

export function checkSchema(context: Context): void {
  try {
    quoteSchema(context.schema);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function noPositionals(context: Context): void {
  if (context.positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(context.positionals[0])}`);
  }
}

/** Exactly one positional argument, not empty. */
export function onePositional(context: Context, what: string): string {
  const [value, extra] = context.positionals;
  if (value === undefined) throw new UsageError(`missing ${what}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)} (give one ${what})`);
  if (value === "") throw new UsageError(`${what} must not be empty`);
  return value;
}

/** One or more positional arguments, without repeats, none empty. */
export function somePositionals(context: Context, what: string): string[] {
  if (context.positionals.length === 0) throw new UsageError(`missing ${what}`);
  if (context.positionals.includes("")) throw new UsageError(`${what} must not be empty`);
  return [...new Set(context.positionals)];
}

const MAX_BIGINT = 9223372036854775807n;

/** A job id (a positive bigint), in canonical form: "007" is "7". */
export function parseJobId(text: string): string {
  if (!/^\d+$/.test(text) || BigInt(text) < 1n || BigInt(text) > MAX_BIGINT) {
    throw new UsageError(`a job id must be a positive whole number (got ${JSON.stringify(text)})`);
  }
  return BigInt(text).toString();
}

/** The job ids given as positional arguments: at least one, without repeats. */
export function jobIds(context: Context): string[] {
  if (context.positionals.length === 0) throw new UsageError("missing job id");
  return [...new Set(context.positionals.map(parseJobId))];
}

export function stringOption(context: Context, name: string, options: { maxLength?: number } = {}): string | undefined {
  const value = context.options[name];
  if (typeof value !== "string") return undefined;
  if (value === "") throw new UsageError(`--${name} must not be empty`);
  if (options.maxLength !== undefined && [...value].length > options.maxLength) {
    throw new UsageError(`--${name} must be at most ${options.maxLength} characters (got ${[...value].length})`);
  }
  return value;
}

export function integerOption(context: Context, name: string, min: number, max: number): number | undefined {
  const value = context.options[name];
  return typeof value === "string" ? parseInteger(value, name, min, max) : undefined;
}

/** A duration in milliseconds; `positive` refuses 0. */
export function durationOption(context: Context, name: string, options: { positive?: boolean } = {}): number | undefined {
  const value = context.options[name];
  if (typeof value !== "string") return undefined;
  const ms = parseDuration(value, name);
  if (options.positive && ms <= 0) throw new UsageError(`--${name} must be longer than 0 (got ${JSON.stringify(value)})`);
  return ms;
}

/** A timestamp, or "now" (kept as the word: the database's clock decides). */
export function timestampOption(context: Context, name: string): Date | "now" | undefined {
  const value = context.options[name];
  if (typeof value !== "string") return undefined;
  return value === "now" ? "now" : parseTimestamp(value, name);
}

/**
 * Where the command connects: --database-url (or -c, --connection), else
 * $DATABASE_URL, else the PG* variables when PGDATABASE is set (pg reads
 * them), as graphile-worker does.
 */
export function connection(context: Context): { connectionString?: string } {
  if (context.databaseUrl) return { connectionString: context.databaseUrl };
  if (process.env.PGDATABASE) return {};
  throw new Error(NO_DATABASE);
}

export const NO_DATABASE =
  "no database given: pass --database-url (or -c), or set DATABASE_URL, or PGDATABASE and the other PG* variables";

/** The runner's logger from --log-level and --log-format (defaults: GRAPHILE_WORKER_LOG_LEVEL, GRAPHILE_WORKER_LOG_FORMAT). */
export function loggerOptions(context: Context): ScopedLogger {
  const level = context.options["log-level"];
  const format = context.options["log-format"];
  if (format !== undefined && format !== "text" && format !== "json") {
    throw new UsageError(`--log-format must be text or json (got ${JSON.stringify(format)})`);
  }
  try {
    return consoleLogger({
      level: level === undefined ? undefined : parseLogLevel(level, "--log-level"),
      format: format as "text" | "json" | undefined,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const LOG_OPTIONS: OptionSpec[] = [
  { name: "log-level", type: "string", value: "LEVEL", description: "error, warning, info or debug (default $GRAPHILE_WORKER_LOG_LEVEL or info; debug logs every job's start and end)" },
  { name: "log-format", type: "string", value: "FORMAT", description: "text, or json: one JSON object a line, for log shippers (default $GRAPHILE_WORKER_LOG_FORMAT or text)" },
];

/** A pool for the command; every command validates its input before calling this. */
export async function withPool<T>(context: Context, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pgModule.Pool({ ...connection(context), max: 2 });
  pool.on("error", () => {});
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

/** WorkerUtils on the command's pool; a schema that is not there is explained. */
export async function withUtils<T>(context: Context, fn: (utils: WorkerUtils) => Promise<T>): Promise<T> {
  return withDb(context, (db) => fn(new utilsModule.WorkerUtils({ pgPool: db.pool, schema: context.schema })));
}

/** The command's generated queries, aimed at its schema; a schema that is not there is explained. */
export async function withDb<T>(context: Context, fn: (db: Db) => Promise<T>): Promise<T> {
  return withPool(context, async (pool) => {
    try {
      return await fn(new dbModule.Db(pool, context.schema));
    } catch (error) {
      throw explain(error, context.schema);
    }
  });
}

/** Missing tables, functions or schema: the queue was not migrated into this schema. */
const NOT_MIGRATED = new Set(["42P01", "42883", "3F000"]);

function explain(error: unknown, schema: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && NOT_MIGRATED.has(code)) {
    return new Error(
      `schema ${JSON.stringify(schema)} has no job queue in this database (${(error as Error).message}): ` +
        "run `graphile-worker migrate`, or pass the schema you migrated with --schema or GRAPHILE_WORKER_SCHEMA",
    );
  }
  return error;
}
