// Small statistics and number formatting helpers.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** The p-th percentile (0..100), nearest-rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** A number with about 3 significant digits, thousands separated. */
export function fmt(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  const abs = Math.abs(value);
  let digits;
  if (abs >= 100) digits = 0;
  else if (abs >= 10) digits = 1;
  else if (abs >= 1) digits = 2;
  else digits = 3;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtSummary(s) {
  if (!s) return "–";
  return `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]`;
}

export function fmtRatio(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value >= 10 ? `${value.toFixed(1)}×` : `${value.toFixed(2)}×`;
}

export function fmtPercent(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`;
}
