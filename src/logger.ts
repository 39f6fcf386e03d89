/**
 * Logging. The runner logs through a minimal `Logger` (debug, info, warn,
 * error: a message and optional metadata); pass your own. What plugs in:
 *
 * - graphile-worker's `Logger` objects (and `new Logger(logFunctionFactory)`
 *   from this package, which behaves the same way);
 * - pino, through `pinoLogger(pino)` (pino takes `(obj, msg)`; errors go
 *   under `err`, where pino's serializer keeps their stack);
 * - `consoleLogger({ level, format: "json" })`: one JSON object a line on
 *   stderr, for log shippers.
 *
 * Level names are graphile-worker's (`error`, `warning`, `info`, `debug`);
 * `warn` is accepted for `warning`; anything else is refused.
 */

export interface LogMeta {
  [key: string]: unknown;
}

/** A minimal logger interface; pass your own (pino through pinoLogger, winston, console). */
export interface Logger {
  debug(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  error(message: string, meta?: LogMeta): void;
}

/** A logger that can make a narrower one (graphile-worker's Logger has this shape). */
export interface ScopedLogger extends Logger {
  scope(scope: Partial<LogScope>): ScopedLogger;
}

export type LogLevel = "error" | "warning" | "info" | "debug";

export interface LogScope {
  label?: string;
  workerId?: string;
  taskIdentifier?: string;
  jobId?: string;
}

/** graphile-worker's log function: called for each line with the scope it was made for. */
export type LogFunction = (level: LogLevel, message: string, meta?: LogMeta) => void;
export type LogFunctionFactory = (scope: Partial<LogScope>) => LogFunction;

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warning", "error"];

/** A level name as given (option, environment, flag): graphile-worker's names, or `warn`. */
export function parseLogLevel(text: unknown, where = "log level"): LogLevel {
  if (text === "warn") return "warning";
  if (typeof text === "string" && (LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw new RangeError(`${where} must be one of error, warning, info, debug (got ${JSON.stringify(text)})`);
}

class FactoryLogger implements ScopedLogger {
  private readonly log: LogFunction;

  constructor(
    private readonly factory: LogFunctionFactory,
    private readonly scopeValue: Partial<LogScope> = {},
  ) {
    this.log = factory(scopeValue);
  }

  scope(scope: Partial<LogScope>): ScopedLogger {
    return new FactoryLogger(this.factory, { ...this.scopeValue, ...scope });
  }

  // Arrow properties: a method passed on its own (`logger.warn`) still logs.
  error = (message: string, meta?: LogMeta): void => this.log("error", message, meta);
  warn = (message: string, meta?: LogMeta): void => this.log("warning", message, meta);
  info = (message: string, meta?: LogMeta): void => this.log("info", message, meta);
  debug = (message: string, meta?: LogMeta): void => this.log("debug", message, meta);
}

/**
 * graphile-worker's `new Logger(logFunctionFactory, scope?)`: each line goes
 * to the function the factory made for the logger's scope.
 */
export const Logger: new (factory: LogFunctionFactory, scope?: Partial<LogScope>) => ScopedLogger = FactoryLogger;

export interface ConsoleLoggerOptions {
  /** The lowest level written (default $GRAPHILE_WORKER_LOG_LEVEL, else info). */
  level?: LogLevel | "warn";
  /** text (default $GRAPHILE_WORKER_LOG_FORMAT, else text) or json: one object a line. */
  format?: "text" | "json";
  /** Where lines go (default stderr). */
  stream?: { write(line: string): unknown };
}

/**
 * Logs to stderr from `level` up. Text lines read
 * `2026-01-02T03:04:05.678Z WARNING message {meta}`; JSON lines are
 * `{"time", "level", "message", ...scope, ...meta}`, errors as
 * `{name, message, code, stack}`.
 */
export function consoleLogger(options: ConsoleLoggerOptions | LogLevel | "warn" = {}): ScopedLogger {
  const { level, format, stream } = typeof options === "string" ? { level: options } : options;
  const min = LOG_LEVELS.indexOf(
    parseLogLevel(level ?? process.env.GRAPHILE_WORKER_LOG_LEVEL ?? "info", level ? "level" : "GRAPHILE_WORKER_LOG_LEVEL"),
  );
  const shape = format ?? process.env.GRAPHILE_WORKER_LOG_FORMAT ?? "text";
  if (shape !== "text" && shape !== "json") {
    throw new RangeError(
      `${format ? "format" : "GRAPHILE_WORKER_LOG_FORMAT"} must be text or json (got ${JSON.stringify(shape)})`,
    );
  }
  const out = stream ?? process.stderr;
  return new FactoryLogger((scope) => (lineLevel, message, meta) => {
    if (LOG_LEVELS.indexOf(lineLevel) < min) return;
    const time = new Date().toISOString();
    if (shape === "json") {
      out.write(`${JSON.stringify({ time, level: lineLevel, message, ...scope, ...meta }, withErrors)}\n`);
      return;
    }
    const extra = { ...scope, ...meta };
    const suffix = Object.keys(extra).length ? ` ${JSON.stringify(extra, withErrors)}` : "";
    out.write(`${time} ${lineLevel.toUpperCase().padEnd(7)} ${message}${suffix}\n`);
  });
}

/** graphile-worker's consoleLogFactory: text lines on stderr, every level but debug unless GRAPHILE_LOGGER_DEBUG is set. */
export const consoleLogFactory: LogFunctionFactory = (scope) => {
  const text = consoleLogger({ level: process.env.GRAPHILE_LOGGER_DEBUG ? "debug" : "info", format: "text" }).scope(scope);
  return (level, message, meta) => text[level === "warning" ? "warn" : level](message, meta);
};

/** JSON.stringify drops an Error's fields (they are not enumerable): keep them. */
function withErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const { code } = value as { code?: unknown };
    return { name: value.name, message: value.message, ...(code !== undefined && { code }), stack: value.stack };
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** The parts of a pino logger the adapter uses. */
export interface PinoLike {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: object): PinoLike;
}

/**
 * A logger for pino, whose methods take `(obj, msg)`: called with
 * `(message, meta)` as this package and graphile-worker call loggers, pino
 * would take the message for the object and drop the metadata, errors
 * included. Errors go under `err` (pino's serializer keeps name, message and
 * stack); scopes become pino children.
 */
export function pinoLogger(pino: PinoLike): ScopedLogger {
  for (const method of ["error", "warn", "info", "debug", "child"] as const) {
    if (typeof pino?.[method] !== "function") throw new TypeError(`pinoLogger: ${method} must be a function (pass a pino logger)`);
  }
  const at = (level: "error" | "warn" | "info" | "debug") => (message: string, meta?: LogMeta) => {
    if (meta && meta.error instanceof Error && meta.err === undefined) {
      const { error, ...rest } = meta;
      pino[level]({ ...rest, err: error }, message);
    } else {
      pino[level]({ ...meta }, message);
    }
  };
  return {
    error: at("error"),
    warn: at("warn"),
    info: at("info"),
    debug: at("debug"),
    scope: (scope) => pinoLogger(pino.child(scope)),
  };
}

/** A narrower logger: its own scope() when it has one (graphile-worker's Logger), else the scope added to each line's metadata. */
export function scopeLogger(logger: Logger, scope: Partial<LogScope>): Logger {
  const scoped = (logger as Partial<ScopedLogger>).scope;
  if (typeof scoped === "function") return scoped.call(logger, scope);
  return {
    debug: (m, meta) => logger.debug(m, { ...scope, ...meta }),
    info: (m, meta) => logger.info(m, { ...scope, ...meta }),
    warn: (m, meta) => logger.warn(m, { ...scope, ...meta }),
    error: (m, meta) => logger.error(m, { ...scope, ...meta }),
  };
}

/** Discards everything. */
export const silentLogger: ScopedLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  scope: () => silentLogger,
};
