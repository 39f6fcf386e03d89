/** Durations and timestamps as the command line accepts them. */
import { UsageError } from "./args";

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest duration accepted: 100 years (what the SQL functions accept). */
export const MAX_DURATION = 100 * 365 * UNITS.d;
/** The longest a timer can wait (Node fires a longer one at once). */
export const MAX_TIMER = 2_147_483_647;

/**
 * "30s", "5m", "2h", "250ms", "1d" -> milliseconds, at most `max`. With
 * `bareMs` (options graphile-worker took in milliseconds, such as
 * --poll-interval) a bare whole number is milliseconds too.
 */
export function parseDuration(text: string, option: string, max = MAX_DURATION, { bareMs = false } = {}): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim()) ?? (bareMs ? /^(\d+)()$/.exec(text.trim()) : null);
  if (!match) {
    throw new UsageError(
      `--${option} must be a duration such as ${bareMs ? "2000 (milliseconds), " : ""}30s, 5m or 2h (got ${JSON.stringify(text)})`,
    );
  }
  const ms = Math.round(Number(match[1]) * (UNITS[match[2]] ?? 1));
  if (!(ms <= max)) {
    throw new UsageError(`--${option} must be at most ${describeMs(max)} (got ${JSON.stringify(text)})`);
  }
  return ms;
}

function describeMs(ms: number): string {
  if (ms === MAX_DURATION) return "100 years";
  if (ms === MAX_TIMER) return "24 days (2147483647ms)";
  return `${ms}ms`;
}

/**
 * An ISO 8601 timestamp, or "now". A time needs its zone (Z or an offset):
 * a bare time would silently mean this machine's zone. A date alone is
 * midnight UTC. Dates that do not exist (February 30) are refused.
 */
export function parseTimestamp(text: string, option: string): Date {
  if (text === "now") return new Date();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.exec(text);
  const date = new Date(text);
  if (!match || Number.isNaN(date.getTime()) || !realDateTime(match.slice(1).map((part) => Number(part ?? 0)))) {
    throw new UsageError(
      `--${option} must be an ISO 8601 timestamp with a zone such as 2026-01-02T03:04:05Z or 2026-01-02T04:04:05+01:00, or now (got ${JSON.stringify(text)})`,
    );
  }
  return date;
}

function realDateTime([year, month, day, hour, minute, second]: number[]): boolean {
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

/** A whole number within bounds. */
export function parseInteger(text: string, option: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--${option} must be a whole number (got ${JSON.stringify(text)})`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`--${option} must be between ${min} and ${max} (got ${value})`);
  return value;
}
