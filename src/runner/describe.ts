/**
 * What a thrown value says about itself, as text, whatever was thrown: an
 * Error, a string, a BigInt, a cyclic object, an object whose getters throw.
 * Never throws itself, so that every failure can be recorded.
 */
export function describe(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return String(thrown.message || thrown.name || "Error");
    if (typeof thrown === "string") return thrown;
    if (thrown === null || thrown === undefined || typeof thrown !== "object") {
      return `${typeof thrown === "function" ? "a function" : String(thrown)} was thrown`;
    }
    const json = safeJson(thrown);
    if (json !== undefined) return json.length > 2_000 ? `${json.slice(0, 2_000)}…` : json;
    return Object.prototype.toString.call(thrown);
  } catch {
    return "a value that cannot be described was thrown";
  }
}

/** JSON of a value, with BigInts as text and cycles cut; undefined when even that fails. */
function safeJson(value: unknown): string | undefined {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "bigint") return `${v}n`;
      if (v !== null && typeof v === "object") {
        if (seen.has(v)) return "[circular]";
        seen.add(v);
      }
      return v;
    });
  } catch {
    return undefined;
  }
}
