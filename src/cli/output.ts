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
      const text = value === null || value === undefined || value === "" ? "-" : printable(String(value), true);
      const [first, ...rest] = text.split("\n");
      return [`${key.padEnd(keyWidth)}  ${first}`, ...rest.map((l) => `${" ".repeat(keyWidth + 2)}${l}`)].join("\n");
    })
    .join("\n");
}

/** Nesting deeper than this is printed compactly, so that depth cannot blow up the output. */
const PRETTY_DEPTH = 16;

/**
 * JSON text indented for people without parsing it: every number keeps its
 * digits, every string its text, and any depth prints (nesting past
 * PRETTY_DEPTH stays on one line).
 */
export function prettyJson(text: string): string {
  let out = "";
  let depth = 0;
  let inString = false;
  const newline = () => (depth <= PRETTY_DEPTH ? `\n${"  ".repeat(depth)}` : "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " || c === "\n" || c === "\r" || c === "\t") continue;
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] === close) {
        out += c + close;
        i = j;
        continue;
      }
      depth++;
      out += c + newline();
    } else if (c === "}" || c === "]") {
      depth--;
      out += newline() + c;
    } else if (c === ",") {
      out += c + (depth <= PRETTY_DEPTH ? newline() : "");
    } else if (c === ":") {
      out += ": ";
    } else {
      out += c;
    }
  }
  return out;
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

/**
 * Text from the database made safe for a terminal: C0 and C1 control
 * characters (escape sequences could rewrite the screen) are shown as
 * \x1b-style escapes; newlines and tabs are kept only where asked.
 */
export function printable(text: string, keepLines = false): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
    keepLines && (c === "\n" || c === "\t") ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === "") return "-";
  // One line per row: line breaks (in errors) become spaces; other controls are shown escaped.
  const text = printable(String(value).replace(/[\r\n\t]+/g, " "));
  const chars = [...text];
  return chars.length > MAX_CELL ? `${chars.slice(0, MAX_CELL - 1).join("")}…` : text;
}

function width(text: string): number {
  return [...text].length;
}
