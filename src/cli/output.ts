/**
 * How the command line prints: aligned tables and key/value lists for
 * people, one JSON document per command for programs. Timestamps are
 * ISO 8601 in UTC in both.
 */

export interface Column<Row> {
  header: string;
  value(row: Row): string | number | boolean | null | undefined;
  /** Numbers read best right-aligned. */
  align?: "right";
}

/** Longest text a table cell shows; `show` prints whole values. */
const MAX_CELL = 60;

/** An aligned table with a header row; the last column is not padded. */
export function table<Row>(rows: readonly Row[], columns: Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row))));
  const widths = columns.map((column, i) => Math.max(width(column.header), ...cells.map((r) => width(r[i]))));
  const line = (values: string[]) =>
    values
      .map((value, i) => {
        const pad = " ".repeat(widths[i] - width(value));
        if (columns[i].align === "right") return pad + value;
        return i === values.length - 1 ? value : value + pad;
      })
      .join("  ");
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join("\n");
}

/** "key  value" lines, keys aligned; a multi-line value continues under its first line. */
export function keyValues(pairs: [string, string | number | boolean | null | undefined][]): string {
  const keyWidth = Math.max(...pairs.map(([key]) => width(key)));
  return pairs
    .map(([key, value]) => {
      const text = value === null || value === undefined || value === "" ? "-" : String(value);
      const [first, ...rest] = text.split("\n");
      return [`${key.padEnd(keyWidth)}  ${first}`, ...rest.map((l) => `${" ".repeat(keyWidth + 2)}${l}`)].join("\n");
    })
    .join("\n");
}

/** The one JSON document a command prints with --json (one line, for jq and friends). */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** A timestamp as ISO 8601 UTC (null stays null, for JSON). */
export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** Seconds (from the database clock) rounded to milliseconds, for JSON. */
export function secondsOrNull(seconds: number | null | undefined): number | null {
  return seconds === null || seconds === undefined ? null : Math.round(seconds * 1000) / 1000;
}

/** An age for people: 250ms, 42s, 3m 20s, 2h 5m, 1d 3h. */
export function age(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "-";
  const s = Math.max(0, seconds);
  if (s < 1) return `${Math.round(s * 1000)}ms`;
  const whole = Math.floor(s);
  const [d, h, m, sec] = [Math.floor(whole / 86_400), Math.floor(whole / 3_600) % 24, Math.floor(whole / 60) % 60, whole % 60];
  const two = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small ? `${big}${bigUnit} ${small}${smallUnit}` : `${big}${bigUnit}`;
  if (d) return two(d, "d", h, "h");
  if (h) return two(h, "h", m, "m");
  if (m) return two(m, "m", sec, "s");
  return `${sec}s`;
}

/** "1 job", "3 jobs". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === "") return "-";
  // One line per row: control characters (newlines in errors) become spaces.
  const text = String(value).replace(/[\u0000-\u001f\u007f]+/g, " ");
  const chars = [...text];
  return chars.length > MAX_CELL ? `${chars.slice(0, MAX_CELL - 1).join("")}…` : text;
}

function width(text: string): number {
  return [...text].length;
}
