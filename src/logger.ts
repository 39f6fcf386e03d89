/** A minimal logger interface; pass your own (pino, winston, console) to the runner. */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;
type Level = (typeof LEVELS)[number];

/** Logs to stderr from `level` up; GRAPHILE_WORKER_LOG_LEVEL overrides the default. */
export function consoleLogger(level: Level = (process.env.GRAPHILE_WORKER_LOG_LEVEL as Level) ?? "info"): Logger {
  const min = Math.max(0, LEVELS.indexOf(level));
  const at = (l: Level) => (message: string, meta?: Record<string, unknown>) => {
    if (LEVELS.indexOf(l) < min) return;
    const suffix = meta && Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : "";
    process.stderr.write(`${new Date().toISOString()} ${l.toUpperCase().padEnd(5)} ${message}${suffix}\n`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Discards everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
